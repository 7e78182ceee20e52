import { describe, expect, it } from 'vitest';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { criteriaOf, describeProblems, fixture, usable } from './framework-fixture.ts';

describe('a levelled framework (yaml: true)', () => {
  const { framework, problems } = usable('levelled.md');

  it('reads its fields, topics, levels and criteria from the front matter', () => {
    expect(problems).toEqual([]);
    expect(framework).toMatchObject({
      id: 'engineering/example',
      origin: 'levelled.md',
      title: '🛠️ Example Engineering',
      sidebarTitle: '🛠️ Example',
      group: 'engineering',
      homepage: true,
      shape: 'levelled',
      declaredLevels: 2,
      levels: [1, 2],
      criterionCount: 6,
      extra: {},
    });
    expect(framework.topics.map((topic) => [topic.name, topic.title, topic.subtitle])).toEqual([
      ['communication', '💬 Communication', null],
      ['impact', '💥 Impact', null],
    ]);
    expect(criteriaOf(framework)).toEqual([
      ['communication', 1, 'Gives regular status updates'],
      ['communication', 1, 'Asks for help when stuck'],
      ['communication', 2, 'Writes clear design documents'],
      ['communication', 2, 'Gives actionable feedback in code reviews'],
      ['impact', 1, 'Delivers well-defined tasks'],
      ['impact', 2, 'Breaks large problems into small steps'],
    ]);
  });

  it('keeps the examples with their criterion and the line each criterion is on', () => {
    const level2 = framework.topics[0]!.levels[1]!;
    expect(level2.criteria.map((criterion) => [criterion.line, criterion.examples])).toEqual([
      [19, []],
      [21, ['Suggests a simpler approach and explains why']],
    ]);
  });

  it('takes the markdown body as the about text and renders it safely', () => {
    expect(framework.about).toBe(
      '### About this framework\n\nIt is a **compass**, not a GPS. Read [the guide](https://example.com/guide).',
    );
    expect(framework.aboutHtml).toBe(
      '<h2>About this framework</h2>\n<p>It is a <strong>compass</strong>, not a GPS. Read <a rel="noopener noreferrer" target="_blank" href="https://example.com/guide">the guide</a>.</p>',
    );
  });
});

describe('a prose framework (yaml: false)', () => {
  const { framework, problems } = usable('prose.md');

  it('makes each paragraph under a "### Topic" of a "## Level N" section one criterion', () => {
    expect(problems).toEqual([]);
    expect(framework).toMatchObject({ shape: 'prose', levels: [1, 2], criterionCount: 5 });
    expect(criteriaOf(framework)).toEqual([
      ['Communication', 1, 'Keeps their team informed about what they are working on.'],
      [
        'Communication',
        1,
        'Asks for feedback on their work, as in [our feedback guide](https://example.com/feedback).',
      ],
      [
        'Communication',
        2,
        'Explains technical trade-offs to [product managers](https://example.com/pm) and designers.',
      ],
      ['Impact & Delivery', 1, 'Delivers small, well-defined tasks.'],
      ['Impact & Delivery', 2, 'Owns a feature from design to release.'],
    ]);
    expect(framework.topics.map((topic) => topic.title)).toEqual([
      'Communication',
      'Impact & Delivery',
    ]);
  });

  it('renders the links in a criterion as safe HTML and leaves plain criteria without HTML', () => {
    const [plain, linked] = framework.topics[0]!.levels[0]!.criteria;
    expect(plain!.html).toBeUndefined();
    expect(linked!.html).toBe(
      'Asks for feedback on their work, as in <a rel="noopener noreferrer" target="_blank" href="https://example.com/feedback">our feedback guide</a>.',
    );
  });

  it('gives each criterion the line of its paragraph', () => {
    expect(
      framework.topics[0]!.levels.flatMap((level) => level.criteria.map((c) => c.line)),
    ).toEqual([14, 16, 28]);
  });

  it('keeps the text before the first level as the about text, without the "---" rules', () => {
    expect(framework.about).toBe(
      'This framework is written as prose. Read [how to use it](https://example.com/how).',
    );
  });

  it('reads the level sections when "yaml" is missing and there are no topics', () => {
    const text = fixture('prose.md').replace('yaml: false\n', '');
    expect(criteriaOf(usable('prose.md', text).framework)).toEqual(criteriaOf(framework));
  });

  it('warns that topics in the front matter are ignored when the file says "yaml: false"', () => {
    const text = fixture('prose.md').replace(
      'yaml: false\n',
      'yaml: false\ntopics:\n  - name: "ignored"\n',
    );
    const result = usable('prose.md', text);
    expect(criteriaOf(result.framework)).toEqual(criteriaOf(framework));
    expect(describeProblems(result.problems)).toEqual([
      'warning 6:1 topics: The file says "yaml: false", so its topics are ignored and its "## Level N" sections are read instead.',
    ]);
  });

  it('warns about text under a level before any topic, and ends a level at another heading', () => {
    const text = [
      '---',
      'title: "Prose"',
      'yaml: false',
      '---',
      '## Level 1',
      'Stray text.',
      '### Craft',
      'Writes tests.',
      '# Appendix',
      'Not a criterion.',
    ].join('\n');
    const result = parseFramework(text, 'prose.md');
    expect(result.ok && criteriaOf(result.framework)).toEqual([['Craft', 1, 'Writes tests.']]);
    expect(result.ok && result.framework.about).toBe('# Appendix\nNot a criterion.');
    expect(describeProblems(result.problems)).toEqual([
      'warning 6:1 -: Text under "Level 1" before any "### Topic" heading is not a criterion and is not shown.',
    ]);
  });
});
