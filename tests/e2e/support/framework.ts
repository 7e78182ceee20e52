/**
 * The shipped backend framework as the core reads it: the tests take the criteria they expect
 * on the page from the file itself, not from a copy that could drift from it.
 */
import { readFileSync } from 'node:fs';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import type { Criterion, Framework } from '../../../src/lib/core/model.ts';

function loadBackend(): Framework {
  const origin = 'frameworks/backend.md';
  const text = readFileSync(new URL(`../../../${origin}`, import.meta.url), 'utf8');
  const result = parseFramework(text, origin);
  if (!result.ok) {
    const problems = result.problems.map((problem) => `${problem.line}: ${problem.message}`);
    throw new Error(`${origin} does not parse:\n${problems.join('\n')}`);
  }
  return result.framework;
}

export const backend = loadBackend();

/** The criteria of one level in the order the page shows them: topic by topic. */
export function criteriaAt(level: number): Criterion[] {
  return backend.topics.flatMap(
    (topic) => topic.levels.find((entry) => entry.level === level)?.criteria ?? [],
  );
}

/** The text of the `index`-th criterion of a level; throws when the level has no such criterion. */
export function criterionText(level: number, index = 0): string {
  const criterion = criteriaAt(level)[index];
  if (!criterion)
    throw new Error(`The backend framework has no criterion ${index} at level ${level}.`);
  return criterion.text;
}
