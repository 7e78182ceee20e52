/**
 * The shipped backend framework as the core reads it and the page shows it (Monzo's generic
 * framework merged in): the tests take the criteria they expect on the page from the files
 * themselves, not from a copy that could drift from them.
 */
import { readFileSync } from 'node:fs';
import { mergeBase } from '../../../src/lib/core/base-framework.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import type { Criterion, Framework } from '../../../src/lib/core/model.ts';

/** A shipped framework file, parsed; throws listing its problems when it does not parse. */
export function loadShipped(origin: string): Framework {
  const text = readFileSync(new URL(`../../../${origin}`, import.meta.url), 'utf8');
  const result = parseFramework(text, origin);
  if (!result.ok) {
    const problems = result.problems.map((problem) => `${problem.line}: ${problem.message}`);
    throw new Error(`${origin} does not parse:\n${problems.join('\n')}`);
  }
  return result.framework;
}

/** Monzo's generic framework, the base of the other shipped frameworks. */
export const generic = loadShipped('frameworks/monzo/generic.md');

/** The backend framework as its page shows it. */
export const backend = mergeBase(loadShipped('frameworks/monzo/engineering/backend.md'), generic);

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
