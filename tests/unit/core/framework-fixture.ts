/** Reading the framework fixtures of `tests/fixtures/frameworks` in the core's unit tests. */
import { readFileSync } from 'node:fs';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { Problem } from '../../../src/lib/core/problem.ts';

/** The text of a fixture file, exactly as stored (tests run from the project root). */
export function fixture(name: string): string {
  return readFileSync(`tests/fixtures/frameworks/${name}`, 'utf8');
}

/** Parses a fixture that must be usable; fails the test with its problems otherwise. */
export function usable(
  name: string,
  text = fixture(name),
): { framework: Framework; problems: Problem[] } {
  const result = parseFramework(text, name);
  if (!result.ok)
    throw new Error(`${name} is not usable: ${JSON.stringify(result.problems, null, 2)}`);
  return result;
}

/** Parses a fixture that must be refused, and returns its problems. */
export function refused(name: string, text = fixture(name)): Problem[] {
  const result = parseFramework(text, name);
  if (result.ok) throw new Error(`${name} was expected to have errors, but is usable`);
  return result.problems;
}

/** `[topic, level, text]` of every criterion, in reading order. */
export function criteriaOf(framework: Framework): [string, number, string][] {
  return allCriteria(framework).map((criterion) => [
    criterion.topic,
    criterion.level,
    criterion.text,
  ]);
}

/** `severity line:column field: message` per problem, for readable exact assertions. */
export function describeProblems(problems: readonly Problem[]): string[] {
  return problems.map(
    (problem) =>
      `${problem.severity} ${problem.line ?? '-'}:${problem.column ?? '-'} ${problem.field ?? '-'}: ${problem.message}`,
  );
}

/** A framework file of one topic whose level 1 has `criteria`, each a YAML list line as given. */
export function oneLevelFramework(title: string, topic: string, criteria: string[]): string {
  return [
    '---',
    `title: "${title}"`,
    'topics:',
    `  - name: "${topic}"`,
    '    content:',
    '      - level: 1',
    '        criteria:',
    ...criteria,
    '---',
  ].join('\n');
}
