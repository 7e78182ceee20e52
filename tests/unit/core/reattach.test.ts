import { describe, expect, it } from 'vitest';
import { orphanPage, suggestReattach, wordOverlap } from '../../../src/lib/core/reattach.ts';
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

describe('orphanPage', () => {
  const record = (index: number, text = `Old text ${index}`): CriterionProgress => ({
    frameworkId: 'f',
    criterionId: `t.1.${index}`,
    state: 'demonstrated',
    evidence: '',
    updatedAt: '2026-01-01T00:00:00.000Z',
    topic: 'impact',
    level: 1,
    text,
  });
  const many = Array.from({ length: 45 }, (_, index) => record(index));

  it('gives at most a page of rows, with the counts and pages', () => {
    const page = orphanPage(many, '', 0, 20);
    expect(page.rows.map((row) => row.criterionId)).toEqual(
      many.slice(0, 20).map((row) => row.criterionId),
    );
    expect(page).toMatchObject({ matching: 45, total: 45, page: 0, pages: 3 });
    expect(orphanPage(many, '', 2, 20).rows).toHaveLength(5);
  });

  it('moves a page past the end back to the last page, and a negative one to the first', () => {
    expect(orphanPage(many, '', 99, 20).page).toBe(2);
    expect(orphanPage(many, '', -3, 20).page).toBe(0);
    expect(orphanPage([], '', 5, 20)).toMatchObject({ rows: [], page: 0, pages: 1 });
  });

  it('keeps the records whose text or topic holds every word searched, in any case', () => {
    const found = orphanPage([...many, record(99, 'Writes design DOCS')], 'docs WRITES', 0, 20);
    expect(found.rows.map((row) => row.text)).toEqual(['Writes design DOCS']);
    expect(found).toMatchObject({ matching: 1, total: 46 });
    expect(orphanPage(many, 'impact', 0, 20).matching).toBe(45);
  });
});
