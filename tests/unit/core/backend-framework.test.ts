import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria } from '../../../src/lib/core/model.ts';

const shipped = readFileSync('frameworks/monzo/engineering/backend.md', 'utf8');
const seed = readFileSync(
  new URL('../../fixtures/frameworks/backend-mojibake.md', import.meta.url),
  'utf8',
);

function countsPerLevel(text: string) {
  const result = parseFramework(text, 'backend.md');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const counts = new Map<number, number>();
  for (const criterion of allCriteria(result.framework))
    counts.set(criterion.level, (counts.get(criterion.level) ?? 0) + 1);
  return { result, counts: Object.fromEntries(counts) };
}

describe('the shipped backend framework', () => {
  it('is repaired UTF-8 with no Mac Roman mojibake left', () => {
    expect(shipped).not.toMatch(/[\uf8ff]|‚Äô|üõ†/u);
    expect(shipped).toContain('title: "🛠️ Backend Engineering Framework"');
    expect(shipped).toContain('we’re looking for');
  });

  it('has 135 criteria: 8, 21, 26, 37, 32 and 11 at levels 1 to 6, in five topics', () => {
    const { result, counts } = countsPerLevel(shipped);
    expect(counts).toEqual({ 1: 8, 2: 21, 3: 26, 4: 37, 5: 32, 6: 11 });
    expect(result.framework.criterionCount).toBe(135);
    expect(result.framework.topics.map((topic) => topic.title)).toEqual([
      'Communication',
      'Impact',
      '👩‍💼 Leadership',
      '✨ Influence',
      '🛠️ Mastery',
    ]);
    expect(result.framework.id).toBe('engineering/backend');
    expect(result.problems).toEqual([]);
  });

  it('reads the same from the mis-decoded seed, with one warning saying it was repaired', () => {
    const fromSeed = countsPerLevel(seed).result;
    const repaired = countsPerLevel(shipped).result;
    expect(allCriteria(fromSeed.framework)).toEqual(allCriteria(repaired.framework));
    expect(fromSeed.framework.sourceHash).toBe(repaired.framework.sourceHash);
    expect(fromSeed.problems).toHaveLength(1);
    expect(fromSeed.problems[0]).toMatchObject({ severity: 'warning', line: 3 });
    expect(fromSeed.problems[0]!.message).toMatch(/Mac Roman/);
  });
});
