import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadShippedFrameworks } from '../../../scripts/frameworks-plugin.ts';
import type { Framework } from '../../../src/lib/core/model.ts';

/** Criteria per level, in level order: what each level tab of the page counts. */
function perLevel(framework: Framework): number[] {
  return framework.levels.map((level) =>
    framework.topics.reduce(
      (sum, topic) =>
        sum + (topic.levels.find((entry) => entry.level === level)?.criteria.length ?? 0),
      0,
    ),
  );
}

/**
 * Every framework of Monzo's repository: its criteria per level as its file has them, and as
 * Monzo's site shows them with the generic framework merged in (null: it shares no topic with
 * the generic framework, or is the generic framework, and is shown as written).
 */
const expected: Record<string, { own: number[]; merged: number[] | null }> = {
  'engineering/backend': { own: [8, 21, 26, 37, 32, 11], merged: [12, 25, 30, 39, 34, 13] },
  'engineering/data': { own: [19, 18, 18, 41, 30, 15], merged: [23, 22, 22, 43, 32, 17] },
  'engineering/mobile': { own: [12, 27, 19, 34, 27, 8], merged: [16, 31, 23, 36, 29, 10] },
  'engineering/quality': { own: [13, 23, 19], merged: [17, 27, 23] },
  'engineering/web': { own: [13, 29, 30, 42, 33, 18], merged: [17, 33, 34, 44, 35, 20] },
  'design/product-design': { own: [3, 3, 3, 3, 3, 3], merged: null },
  'design/user-research': { own: [3, 3, 3, 3, 3, 3], merged: null },
  'design/visual-design': { own: [3, 3, 3, 3, 3, 3], merged: null },
  'operations/ops-individual-contributor': {
    own: [9, 17, 16, 19, 9],
    merged: [17, 25, 22, 25, 15],
  },
  'operations/ops-leadership': { own: [19, 23, 32, 35, 43], merged: [33, 35, 43, 45, 54] },
  'customer-operations': { own: [15, 8], merged: [21, 14] },
  'executive-support': { own: [1, 5, 12, 8, 4], merged: [12, 16, 21, 16, 11] },
  'frameworks/people': { own: [22, 22, 22, 21, 20, 19, 20], merged: null },
  generic: { own: [14, 14, 12, 11, 10, 11], merged: null },
  marketing: { own: [8, 7, 11, 10, 12, 8, 5], merged: null },
  product: { own: [15, 24, 18, 13], merged: null },
  techops: { own: [21, 26, 34, 32, 26], merged: [31, 36, 42, 39, 33] },
};

const shipped = await loadShippedFrameworks('frameworks');

describe('Monzo’s frameworks, shipped', () => {
  it('are all seventeen of its repository, byte for byte, with its licence beside them', () => {
    expect(shipped.frameworks.map((framework) => framework.id).sort()).toEqual(
      Object.keys(expected).sort(),
    );
    expect(readFileSync('frameworks/monzo/LICENSE', 'utf8')).toMatch(
      /^MIT License\n\nCopyright \(c\) 2019 Monzo Bank Limited/,
    );
    expect(shipped.sources.get('engineering/backend')).toBe(
      readFileSync('frameworks/monzo/engineering/backend.md', 'utf8'),
    );
  });

  it.each(Object.entries(expected))(
    '%s: its criteria per level, with and without the generic merge',
    (id, { own, merged }) => {
      const shown = shipped.frameworks.find((framework) => framework.id === id)!;
      const asWritten = shipped.unmerged.get(id) ?? shown;
      expect(perLevel(asWritten)).toEqual(own);
      expect(perLevel(shown)).toEqual(merged ?? own);
      if (merged === null) {
        expect(shown.base).toBeUndefined();
        expect(shipped.unmerged.has(id)).toBe(false);
      } else {
        const lent = merged.reduce((a, b) => a + b, 0) - own.reduce((a, b) => a + b, 0);
        expect(shown.base).toEqual({ id: 'generic', title: '📄 Generic Framework', lent });
      }
    },
  );

  it('gives the backend framework 153 criteria with the generic merged in, 135 of its own', () => {
    const backend = shipped.frameworks.find((framework) => framework.id === 'engineering/backend')!;
    expect(backend.criterionCount).toBe(153);
    expect(shipped.unmerged.get('engineering/backend')!.criterionCount).toBe(135);
    // The generic framework's titles for the topics it shares.
    expect(backend.topics.map((topic) => topic.title)).toEqual([
      '💬 Communication',
      '💥 Impact',
      '👩‍💼 Leadership',
      '✨ Influence',
      '🛠️ Mastery',
    ]);
  });

  it('warn about ops leadership’s five declared levels, and nothing else', () => {
    expect(shipped.warnings).toEqual([
      expect.stringMatching(
        /^frameworks\/monzo\/operations\/ops-leadership\.md:7:\d+: warning: The file declares 5 levels/,
      ),
    ]);
  });
});
