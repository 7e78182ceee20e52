import { describe, expect, it } from 'vitest';
import { describeProblems, usable } from './framework-fixture.ts';

describe('levels declared and levels in the content', () => {
  const { framework, problems } = usable('levels-disagree.md');

  it('are the levels the content has, when the file declares others', () => {
    expect(framework.declaredLevels).toBe(5);
    expect(framework.levels).toEqual([2, 3, 4, 5, 6]);
  });

  it('disagreeing give one warning at the "levels" field', () => {
    expect(describeProblems(problems)).toEqual([
      'warning 3:9 levels: The file declares 5 levels, but its criteria are at levels 2 to 6; the levels that have criteria are used.',
    ]);
  });

  it('let a topic start late or stop early, keeping only the levels it has', () => {
    expect(
      framework.topics.map((topic) => [topic.name, topic.levels.map((level) => level.level)]),
    ).toEqual([
      ['impact', [2, 3, 4, 5, 6]],
      ['leadership', [3, 4]],
      ['craft', [2, 3]],
    ]);
  });

  it('agreeing give no warning, even when some topics stop early', () => {
    const { problems: agreeing } = usable('levelled.md');
    expect(agreeing).toEqual([]);
  });

  it('are sorted ascending even when the file lists them out of order', () => {
    const text = [
      '---',
      'title: "Out of order"',
      'topics:',
      '  - name: "impact"',
      '    content:',
      '      - { level: 3, criteria: ["Third"] }',
      '      - { level: 1, criteria: ["First"] }',
      '---',
    ].join('\n');
    const { framework: sorted } = usable('out-of-order.md', text);
    expect(sorted.levels).toEqual([1, 3]);
    expect(sorted.topics[0]!.levels.map((level) => level.criteria[0]!.text)).toEqual([
      'First',
      'Third',
    ]);
  });

  it('may be written as quoted numbers', () => {
    const text =
      '---\ntitle: "Quoted"\nlevels: "1"\ntopics:\n  - name: "a"\n    content:\n      - level: "1"\n        criteria: ["One"]\n---\n';
    const result = usable('quoted.md', text);
    expect(result.framework.levels).toEqual([1]);
    expect(result.framework.declaredLevels).toBe(1);
    expect(result.problems).toEqual([]);
  });
});

describe('a level with only exampleCriteria', () => {
  const { framework, problems } = usable('example-criteria-only.md');
  const [level1, level2] = framework.topics[0]!.levels;

  it('is read without a problem', () => {
    expect(problems).toEqual([]);
    expect(framework.levels).toEqual([1, 2]);
  });

  it('makes each exampleCriteria entry an assessable criterion with its examples', () => {
    expect(level2!.criteria.map(({ text, examples }) => ({ text, examples }))).toEqual([
      {
        text: 'Explains the reasons for decisions',
        examples: [
          'Documents a design decision and the options considered',
          'Writes the why in the pull request description',
        ],
      },
      { text: 'Makes information easy to reuse', examples: ['Writes a how-to on the wiki'] },
    ]);
  });

  it('marks the criteria that come from exampleCriteria', () => {
    expect(level1!.criteria.map((criterion) => criterion.fromExamples)).toEqual([undefined, true]);
    expect(level2!.criteria.map((criterion) => criterion.fromExamples)).toEqual([true, true]);
  });

  it('puts plain criteria before example criteria within a level', () => {
    expect(level1!.criteria.map(({ text, examples }) => ({ text, examples }))).toEqual([
      { text: 'Communicates what they are working on', examples: [] },
      {
        text: 'Is open about their intentions',
        examples: ['Explains the plan for the day in stand-up'],
      },
    ]);
  });
});
