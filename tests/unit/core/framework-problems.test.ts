import { describe, expect, it } from 'vitest';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { formatProblem, hasErrors, type Problem } from '../../../src/lib/core/problem.ts';
import { describeProblems, fixture, refused, usable } from './framework-fixture.ts';

describe('problems in a file with several errors', () => {
  const problems = refused('several-errors.md');

  it('are all reported, each at its line, column and field, in file order', () => {
    expect(describeProblems(problems)).toEqual([
      'warning 3:9 levels: "levels" should be a whole number from 0 to 99, but is the text "six"; it is ignored.',
      'warning 4:11 homepage: "homepage" should be true or false, but is the text "yes"; it is ignored.',
      'error 8:16 topics[0].content[0].level: "level" should be a whole number from 0 to 99, but is the text "two".',
      'error 11:13 topics[0].content[0].criteria[1]: A criterion should be text, but this one reads as "key: value". Put the whole criterion in quotes.',
      'error 13:19 topics[0].content[1].criteria: "criteria" should be a list (lines starting with "- "), but is the text "Delivers small projects".',
      'error 14:5 topics[1]: Topic 2 has no name.',
      'error 22:23 topics[2].content[0].exampleCriteria[0].examples: "examples" should be a list (lines starting with "- "), but is the number 5.',
    ]);
  });

  it('say which are errors, which make the file unusable, and which are warnings', () => {
    expect(hasErrors(problems)).toBe(true);
    expect(problems.filter((problem) => problem.severity === 'warning')).toHaveLength(2);
  });
});

describe('problems in a usable file', () => {
  it('are warnings only, and the framework is returned with them', () => {
    const result = parseFramework(fixture('levels-disagree.md'), 'levels-disagree.md');
    expect(result.ok).toBe(true);
    expect(result.problems.map((problem) => problem.severity)).toEqual(['warning']);
  });

  it('include a warning for each unknown field of a topic, level or example', () => {
    const text = [
      '---',
      'title: "Unknown fields"',
      'topics:',
      '  - name: "impact"',
      '    colour: "blue"',
      '    content:',
      '      - level: 1',
      '        weight: 2',
      '        exampleCriteria:',
      '          - criteria: "Delivers tasks"',
      '            note: "x"',
      '---',
    ].join('\n');
    expect(describeProblems(usable('unknown-fields.md', text).problems)).toEqual([
      'warning 5:5 topics[0].colour: Unknown field "colour" in a topic is ignored (expected name, title, subtitle, description, content).',
      'warning 8:9 topics[0].content[0].weight: Unknown field "weight" in a level is ignored (expected level, criteria, exampleCriteria).',
      'warning 11:13 topics[0].content[0].exampleCriteria[0].note: Unknown field "note" in an example criterion is ignored (expected criteria, examples).',
    ]);
  });

  it('warn about a topic that appears twice and show its criteria together', () => {
    const text = [
      '---',
      'title: "Twice"',
      'topics:',
      '  - name: "impact"',
      '    content: [{ level: 1, criteria: ["First"] }]',
      '  - name: "impact"',
      '    content: [{ level: 1, criteria: ["Second"] }]',
      '---',
    ].join('\n');
    const result = usable('twice.md', text);
    expect(result.framework.topics).toHaveLength(1);
    expect(result.framework.topics[0]!.levels[0]!.criteria.map((c) => c.text)).toEqual([
      'First',
      'Second',
    ]);
    expect(describeProblems(result.problems)).toEqual([
      'warning 6:- -: Topic "impact" appears more than once; its criteria are shown together.',
    ]);
  });

  it('warn about empty criteria and levels without criteria, and skip them', () => {
    const text = [
      '---',
      'title: "Empty"',
      'topics:',
      '  - name: "impact"',
      '    content:',
      '      - level: 1',
      '        criteria: ["Delivers tasks", "", "   "]',
      '      - level: 2',
      '        criteria: []',
      '  - name: "craft"',
      '---',
    ].join('\n');
    const result = usable('empty.md', text);
    expect(result.framework.criterionCount).toBe(1);
    expect(describeProblems(result.problems)).toEqual([
      'warning 7:38 topics[0].content[0].criteria[1]: This criterion is empty and is ignored.',
      'warning 7:42 topics[0].content[0].criteria[2]: This criterion is empty and is ignored.',
      'warning 8:16 topics[0].content[1].level: Level 2 of topic "impact" has no criteria.',
      'warning 10:11 topics[1].name: Topic "craft" has no content, so it has nothing to assess.',
    ]);
  });
});

describe('a file that is not a framework', () => {
  it('without front matter gives an error at line 1', () => {
    expect(describeProblems(refused('notes.md', '# Just notes\n'))).toEqual([
      'error 1:1 -: The file has no front matter: a framework file starts with a line "---", then YAML, then another "---".',
    ]);
  });

  it('with unclosed front matter gives an error', () => {
    expect(describeProblems(refused('open.md', '---\ntitle: "Open"\n'))).toEqual([
      'error 1:1 -: The front matter is not closed: add a line "---" after the YAML.',
    ]);
  });

  it('with empty front matter, or front matter that is not fields, gives an error', () => {
    expect(describeProblems(refused('empty.md', '---\n---\n'))).toEqual([
      'error 2:1 -: The front matter is empty.',
    ]);
    expect(describeProblems(refused('list.md', '---\n- a\n- b\n---\n'))).toEqual([
      'error 2:1 -: The front matter must be a set of "key: value" fields.',
    ]);
  });

  it('with front matter only is usable but warns that there is nothing to assess', () => {
    expect(
      describeProblems(usable('values.md', '---\ntitle: "Values"\n---\nWe value tea.\n').problems),
    ).toEqual([
      'warning 1:1 -: The file has no "## Level N" sections with "### Topic" paragraphs, so there is nothing to assess.',
    ]);
  });
});

describe('a file whose id is too long for links and backups', () => {
  const path = (length: number) => `/${'a'.repeat(length)}`;
  const file = (length: number) =>
    `---\npath: "${path(length)}"\ntitle: "Long"\ntopics:\n  - name: "impact"\n    content:\n      - level: 1\n        criteria: ["Delivers"]\n---\n`;

  it('is refused over 200 characters, saying so at its path', () => {
    expect(describeProblems(refused('long.md', file(250)))).toEqual([
      'error 2:7 path: The path gives the framework an id of 250 characters; an id may have at most 200.',
    ]);
  });

  it('is read at exactly 200 characters', () => {
    expect(usable('long.md', file(200)).framework.id).toHaveLength(200);
  });

  it('is refused when the id comes from a file name that long', () => {
    const text =
      '---\ntitle: "Long"\ntopics:\n  - name: "impact"\n    content:\n      - level: 1\n        criteria: ["Delivers"]\n---\n';
    const problems = refused(`${'b'.repeat(230)}.md`, text);
    expect(problems.map((problem) => problem.message)).toEqual([
      'The file name gives the framework an id of 230 characters; an id may have at most 200. Give it a shorter "path".',
    ]);
  });
});

describe('a file with an empty topics list', () => {
  it('says there are no criteria, not that "## Level N" sections are missing', () => {
    const messages = usable('empty.md', '---\ntitle: "Empty"\ntopics:\n---\n').problems.map(
      (problem) => problem.message,
    );
    expect(messages).toEqual(['The framework has no criteria, so there is nothing to assess.']);
  });
});

describe('formatProblem', () => {
  const problem: Problem = {
    severity: 'error',
    message: 'Something is wrong.',
    line: 3,
    column: 7,
    field: 'topics[0].name',
  };

  it('gives file:line:column: severity: message (field)', () => {
    expect(formatProblem('team/web.md', problem)).toBe(
      'team/web.md:3:7: error: Something is wrong. (topics[0].name)',
    );
  });

  it('gives column 1 when only the line is known, and only the file when neither is', () => {
    expect(formatProblem('a.md', { ...problem, column: null, field: null })).toBe(
      'a.md:3:1: error: Something is wrong.',
    );
    expect(formatProblem('a.md', { ...problem, line: null, column: null, field: null })).toBe(
      'a.md: error: Something is wrong.',
    );
  });
});

describe('positions of problems', () => {
  it('point at the key of an empty value, and at the dash of an empty list item', () => {
    const text = [
      '---',
      'title: "Positions"',
      'topics:',
      '  - name: "impact"',
      '    content:',
      '      - level:',
      '        criteria: ["Delivers tasks"]',
      '      - level: 1',
      '        criteria:',
      '          - "Delivers tasks"',
      '          -',
      '---',
    ].join('\n');
    expect(describeProblems(refused('positions.md', text))).toEqual([
      'error 6:9 topics[0].content[0]: A content entry of topic "impact" has no "level".',
      'warning 11:11 topics[0].content[1].criteria[1]: This criterion is empty and is ignored.',
    ]);
  });

  it('are counted in the file as given, with a byte order mark and CRLF line endings', () => {
    const text = `\uFEFF${fixture('several-errors.md').replaceAll('\n', '\r\n')}`;
    expect(describeProblems(refused('several-errors.md', text))).toEqual(
      describeProblems(refused('several-errors.md')),
    );
  });
});

describe('messages that quote the bad input', () => {
  it('cut it to 40 characters and keep it on one line', () => {
    const text =
      '---\ntitle: "Quoted"\nlevels: |\n  one\n  two three four five six seven eight nine ten\n---\n';
    const problems = usable('quoted.md', text).problems.filter((p) => p.field === 'levels');
    expect(describeProblems(problems)).toEqual([
      'warning 3:9 levels: "levels" should be a whole number from 0 to 99, but is the text "one two three four five six seven eight …"; it is ignored.',
    ]);
  });

  it('are printed on one line by formatProblem', () => {
    const problem: Problem = {
      severity: 'warning',
      message: 'First line\n  second line',
      line: 1,
      column: 1,
      field: null,
    };
    expect(formatProblem('a.md', problem)).toBe('a.md:1:1: warning: First line second line');
  });
});
