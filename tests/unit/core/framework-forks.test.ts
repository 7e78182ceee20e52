/**
 * Shapes found in public forks of Monzo's framework repository, read as Monzo's site (and
 * PyYAML) read them, each with the warning that tells the author what was made of it.
 */
import { describe, expect, it } from 'vitest';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import {
  criteriaOf,
  describeProblems,
  fixture,
  oneLevelFramework,
  refused,
  usable,
} from './framework-fixture.ts';

describe('a fork’s generic.md placeholder, whose only topic has an empty name', () => {
  it('is read, without the topic, and says the topic is left out', () => {
    const { framework, problems } = usable('fork-generic-placeholder.md');
    expect(framework).toMatchObject({ id: 'generic', topics: [], criterionCount: 0 });
    expect(describeProblems(problems)).toEqual([
      'warning 1:1 -: The framework has no criteria, so there is nothing to assess.',
      'warning 10:5 topics[0]: Topic 1 has no name and no criteria; it is left out.',
    ]);
  });

  it('is still refused when the nameless topic has criteria, which would be lost', () => {
    const text = fixture('fork-generic-placeholder.md').replace(
      '          - ""',
      '          - "Delivers on time"',
    );
    expect(describeProblems(refused('fork-generic-placeholder.md', text))).toEqual([
      'error 10:5 topics[0]: Topic 1 has no name.',
    ]);
  });
});

describe('a quoted criterion continued on a line not indented past its list dash', () => {
  const { framework, problems } = usable('fork-folded-quote.md');

  it('folds the line into the criterion with a space, as PyYAML does', () => {
    expect(criteriaOf(framework)).toEqual([
      [
        'communication',
        1,
        'Writes clear pull request descriptions that give the reviewer the context they need',
      ],
      ['communication', 1, 'Asks for help early'],
      [
        'communication',
        2,
        'Explains the trade-offs of a design to people outside the team, and writes them down',
      ],
    ]);
  });

  it('warns at each such line, and keeps every criterion on its own line', () => {
    const warning = (line: number) =>
      `warning ${line}:1 -: Line ${line} continues the quoted text above it without being indented past its list dash or field; it is read as part of that text, as Monzo's site reads it. Indent the line to fix it for good.`;
    expect(describeProblems(problems)).toEqual([warning(13), warning(18), warning(19)]);
    const lines = framework.topics[0]!.levels.flatMap((level) => level.criteria.map((c) => c.line));
    expect(lines).toEqual([12, 14, 17]);
  });

  it('reports fields after the repaired lines at their columns as written', () => {
    const text = fixture('fork-folded-quote.md').replace('      - level: 2', '      - level: two');
    expect(describeProblems(refused('fork-folded-quote.md', text))).toContainEqual(
      'error 15:16 topics[0].content[1].level: "level" should be a whole number from 0 to 99, but is the text "two".',
    );
  });

  it('is not guessed at when the next line reads as a field: a closing quote is missing', () => {
    const text = fixture('fork-folded-quote.md').replace(
      '"Asks for help early"',
      '"Asks for help early',
    );
    const result = parseFramework(text, 'fork-folded-quote.md');
    expect(result.ok).toBe(false);
    expect(describeProblems(result.problems)).toEqual([
      'error 15:7 -: YAML syntax: deficient indentation',
    ]);
  });
});

describe('continuation lines past the limit of repairs', () => {
  it('are refused at the first line not repaired, so a hostile file stays quick', () => {
    const criteria = Array.from(
      { length: 201 },
      (_, index) => `          - "Criterion ${index}\n          continued"`,
    );
    const text = oneLevelFramework('Many continuations', 'impact', criteria);
    const result = parseFramework(text, 'many.md');
    expect(result.ok).toBe(false);
    // Criterion 200 (the 201st) starts on line 8 + 2 × 200; its continuation is the next line.
    expect(describeProblems(result.problems)).toEqual([
      'error 409:11 -: YAML syntax: deficient indentation',
    ]);
  });
});

describe('other shapes of forks, read as written', () => {
  it('reads criteria at levels past the declared "levels", with a warning', () => {
    const { framework, problems } = usable('fork-levels-beyond-declared.md');
    expect(framework).toMatchObject({ declaredLevels: 5, levels: [5, 6, 7], criterionCount: 3 });
    expect(describeProblems(problems)).toEqual([
      'warning 5:9 levels: The file declares 5 levels, but its criteria are at levels 5 to 7; the levels that have criteria are used.',
    ]);
  });

  it('accepts a topic’s "subtitle" and shows it under the title', () => {
    const { framework, problems } = usable('fork-topic-subtitle.md');
    expect(problems).toEqual([]);
    expect(framework.topics.map((topic) => [topic.title, topic.subtitle])).toEqual([
      ['Craft', 'How well you write'],
      ['Collaboration', null],
    ]);
  });

  it('reads criteria written in the first person as any others', () => {
    const { framework, problems } = usable('fork-first-person.md');
    expect(problems).toEqual([]);
    expect(criteriaOf(framework)).toEqual([
      ['learning', 1, 'I ask for feedback on my pull requests'],
      ['learning', 1, "I can explain what my team's services do"],
      ['learning', 1, 'I pair with someone more senior each week'],
    ]);
  });

  it('reads a level with an empty "criteria:" as a level without criteria, with a warning', () => {
    const { framework, problems } = usable('fork-empty-criteria.md');
    expect(framework.levels).toEqual([1, 3]);
    expect(criteriaOf(framework)).toEqual([
      ['mastery', 1, 'Follows the secure coding guidelines'],
      ['mastery', 3, 'Runs threat modelling sessions'],
    ]);
    expect(describeProblems(problems)).toEqual([
      'warning 5:9 levels: The file declares 3 levels, but its criteria are at levels 1, 3; the levels that have criteria are used.',
      'warning 13:16 topics[0].content[1].level: Level 2 of topic "mastery" has no criteria.',
    ]);
  });

  it('reads a file of one topic', () => {
    const { framework, problems } = usable('fork-one-topic.md');
    expect(problems).toEqual([]);
    expect(framework).toMatchObject({ levels: [1, 2], criterionCount: 2, group: 'operations' });
    expect(framework.topics.map((topic) => [topic.name, topic.title, topic.description])).toEqual([
      ['customer focus', 'Customer focus', 'How you look after customers'],
    ]);
  });
});
