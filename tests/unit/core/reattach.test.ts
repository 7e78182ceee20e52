import { describe, expect, it } from 'vitest';
import { suggestReattach, wordOverlap } from '../../../src/lib/core/reattach.ts';
import type { CriterionProgress } from '../../../src/lib/core/progress.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';

const framework = (() => {
  const result = parseFramework(
    [
      '---',
      'title: "Reworded"',
      'topics:',
      '  - name: "communication"',
      '    content:',
      '      - level: 1',
      '        criteria:',
      '          - "Gives regular status updates to their mentor"',
      '          - "Asks for help when blocked"',
      '      - level: 2',
      '        criteria:',
      '          - "Gives regular status updates to the team"',
      '  - name: "impact"',
      '    content:',
      '      - level: 1',
      '        criteria:',
      '          - "Provides regular status updates to their mentor/buddy"',
      '---',
    ].join('\n'),
    'reworded.md',
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.framework;
})();

const record = (text: string, topic = 'communication', level = 1): CriterionProgress => ({
  frameworkId: framework.id,
  criterionId: 'communication.1.000000000000',
  state: 'demonstrated',
  updatedAt: '2026-01-01T00:00:00.000Z',
  topic,
  level,
  text,
});

describe('wordOverlap', () => {
  it('is 1 for the same words in any case or order and 0 for no shared word', () => {
    expect(wordOverlap('Gives feedback', 'feedback GIVES')).toBe(1);
    expect(wordOverlap('Gives feedback', 'Writes code')).toBe(0);
  });

  it('is the share of distinct words the two texts have in common', () => {
    expect(wordOverlap('provides regular updates', 'provides regular feedback')).toBeCloseTo(2 / 4);
  });
});

describe('suggestReattach', () => {
  it('suggests the most similar criterion of the same topic for reworded text', () => {
    const suggestion = suggestReattach(
      record('Provides regular status updates to their mentor/buddy'),
      framework,
    );
    expect(suggestion?.criterion.text).toBe('Gives regular status updates to their mentor');
    expect(suggestion?.criterion.topic).toBe('communication');
  });

  it('prefers the old level when two criteria are equally similar', () => {
    const suggestion = suggestReattach(
      record('Gives regular status updates', 'communication', 2),
      framework,
    );
    expect(suggestion?.criterion.level).toBe(2);
  });

  it('skips criteria that already have progress', () => {
    const first = suggestReattach(
      record('Gives regular status updates to their mentor'),
      framework,
    )!;
    const next = suggestReattach(
      record('Gives regular status updates to their mentor'),
      framework,
      new Set([first.criterion.id]),
    );
    expect(next?.criterion.id).not.toBe(first.criterion.id);
    expect(next?.criterion.text).toBe('Gives regular status updates to the team');
  });

  it('suggests nothing when no criterion is similar enough or the topic is gone', () => {
    expect(suggestReattach(record('Designs distributed databases'), framework)).toBeNull();
    expect(
      suggestReattach(record('Gives regular status updates', 'leadership'), framework),
    ).toBeNull();
  });
});
