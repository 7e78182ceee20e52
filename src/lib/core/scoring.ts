/**
 * The level rule: where an engineer stands in a framework, from the criteria they have ticked.
 *
 * Only levels with at least one applicable criterion count; criteria marked not applicable are
 * left out of both numbers. For such a level, d is the criteria demonstrated and a the criteria
 * applicable, over all topics. With a threshold T, a whole percentage from 50 to 100:
 *
 * - a level meets the threshold when 100 × d >= T × a;
 * - the suggested level is the highest level whose every lower level meets the threshold (the
 *   lowest level always qualifies): climbing from the lowest level, the first level that misses
 *   the threshold, or the highest level when none misses it;
 * - its sub-level is "ABCDE"[min(4, floor(500 × d / (T × a)))]: A below a fifth of the
 *   threshold, B from a fifth, C from two fifths, D from three fifths, E from four fifths.
 *
 * All of it is whole-number arithmetic, so no rounding can move a result across a boundary (with
 * T = 80, 4 of 5 meets the threshold exactly). No applicable criterion at all: no suggestion.
 * The same rule over one topic's criteria gives that topic's standing; a topic with nothing
 * demonstrated is "not started", not "3A".
 */
import { allCriteria, type Criterion, type Framework, type Topic } from './model.ts';
import type { CriterionState } from './progress.ts';

export const MIN_THRESHOLD = 50;
export const MAX_THRESHOLD = 100;
export const SUB_LEVELS = ['A', 'B', 'C', 'D', 'E'] as const;
export type SubLevel = (typeof SUB_LEVELS)[number];

/** What the engineer recorded, by criterion id; a criterion with no record is not yet shown. */
export type CriterionStates =
  ReadonlyMap<string, CriterionState> | ((criterionId: string) => CriterionState);

/** One level's numbers, over every topic (or over one topic, for a topic's standing). */
export interface LevelTally {
  level: number;
  demonstrated: number;
  /** Criteria not marked not applicable: the `a` of the rule. */
  applicable: number;
  notApplicable: number;
  total: number;
}

/** The level that blocks every higher one: the suggested level, missing the threshold. */
export interface HeldBy {
  level: number;
  demonstrated: number;
  applicable: number;
  /** The fewest demonstrated criteria that would meet the threshold. */
  required: number;
}

export interface Suggestion {
  level: number;
  subLevel: SubLevel;
  /** Level and sub-level as the framework writes them: `3C`. */
  label: string;
  threshold: number;
  /** d and a at the suggested level. */
  demonstrated: number;
  applicable: number;
  /** Null when the suggested level is the highest level with applicable criteria. */
  heldBy: HeldBy | null;
  /** Criteria demonstrated above the suggested level, which do not count until it is met. */
  demonstratedAbove: number;
}

export type TopicStanding =
  | { status: 'placed'; topic: string; tallies: LevelTally[]; suggestion: Suggestion }
  | { status: 'not-started'; topic: string; tallies: LevelTally[] }
  | { status: 'not-applicable'; topic: string; tallies: LevelTally[] };

/** Whether `value` is a threshold the rule accepts: a whole number from 50 to 100. */
export function isThreshold(value: unknown): value is number {
  return (
    Number.isInteger(value) &&
    (value as number) >= MIN_THRESHOLD &&
    (value as number) <= MAX_THRESHOLD
  );
}

/** Throws a `RangeError` quoting `threshold` unless it is a whole number from 50 to 100. */
export function assertThreshold(threshold: number): void {
  if (!isThreshold(threshold))
    throw new RangeError(
      `The threshold must be a whole percentage from ${MIN_THRESHOLD} to ${MAX_THRESHOLD}, not ${String(threshold)}.`,
    );
}

/**
 * What is wrong with a threshold as typed, in words for the person typing it, or null when the
 * text is a whole percentage from 50 to 100 (surrounding spaces and a trailing % are allowed).
 */
export function thresholdProblem(typed: string): string | null {
  const text = typed.trim().replace(/\s*%$/, '');
  if (/^\d{1,3}$/.test(text) && isThreshold(Number(text))) return null;
  const quoted = typed.trim() === '' ? 'nothing' : `“${typed.trim()}”`;
  return `Enter a whole percentage from ${MIN_THRESHOLD} to ${MAX_THRESHOLD}, not ${quoted}.`;
}

/** The threshold in `typed`, when `thresholdProblem` finds nothing wrong with it; else null. */
export function parseThreshold(typed: string): number | null {
  return thresholdProblem(typed) === null ? Number(typed.trim().replace(/\s*%$/, '')) : null;
}

/** The states as a function; an id with no record reads as `not-yet`. */
export function stateLookup(states: CriterionStates): (criterionId: string) => CriterionState {
  if (typeof states === 'function') return states;
  return (criterionId) => states.get(criterionId) ?? 'not-yet';
}

/**
 * Per-level numbers of `criteria`, ascending by level, for the levels that have a criterion.
 * Throws a `TypeError` naming the criterion when a state is not one of the three known ones.
 */
export function tallyCriteria(
  criteria: Iterable<Pick<Criterion, 'id' | 'level'>>,
  states: CriterionStates,
): LevelTally[] {
  const stateOf = stateLookup(states);
  const byLevel = new Map<number, LevelTally>();
  for (const criterion of criteria) {
    let tally = byLevel.get(criterion.level);
    if (!tally) {
      tally = {
        level: criterion.level,
        demonstrated: 0,
        applicable: 0,
        notApplicable: 0,
        total: 0,
      };
      byLevel.set(criterion.level, tally);
    }
    tally.total += 1;
    const state = stateOf(criterion.id);
    switch (state) {
      case 'demonstrated':
        tally.demonstrated += 1;
        tally.applicable += 1;
        break;
      case 'not-yet':
        tally.applicable += 1;
        break;
      case 'not-applicable':
        tally.notApplicable += 1;
        break;
      default:
        state satisfies never;
        throw new TypeError(
          `Criterion ${criterion.id} has the unknown state ${JSON.stringify(state)}.`,
        );
    }
  }
  return [...byLevel.values()].sort((a, b) => a.level - b.level);
}

/** Per-level numbers over the whole framework (see `tallyCriteria`). */
export function levelTallies(framework: Framework, states: CriterionStates): LevelTally[] {
  return tallyCriteria(allCriteria(framework), states);
}

/** Per-level numbers over one topic, for the levels where it has criteria. */
export function topicTallies(topic: Topic, states: CriterionStates): LevelTally[] {
  return tallyCriteria(
    topic.levels.flatMap((level) => level.criteria),
    states,
  );
}

/** Whether a level's demonstrated criteria reach the threshold: 100 × d >= T × a. */
function meetsThreshold(tally: LevelTally, threshold: number): boolean {
  return 100 * tally.demonstrated >= threshold * tally.applicable;
}

/**
 * The fewest demonstrated criteria, out of `applicable`, that meet the threshold: ceil(T × a /
 * 100). Throws a `RangeError` for a bad threshold or a count that is not a whole number >= 0.
 */
export function neededToMeet(applicable: number, threshold: number): number {
  assertThreshold(threshold);
  assertCount(applicable);
  return ceilDiv(threshold * applicable, 100);
}

/**
 * The fewest demonstrated criteria, out of `applicable`, that give `subLevel` or better:
 * ceil(k × T × a / 500) for the k-th letter from A = 0. Throws as `neededToMeet`.
 */
export function neededForSubLevel(
  subLevel: SubLevel,
  applicable: number,
  threshold: number,
): number {
  assertThreshold(threshold);
  assertCount(applicable);
  return ceilDiv(SUB_LEVELS.indexOf(subLevel) * threshold * applicable, 500);
}

/** `"ABCDE"[min(4, floor(500 × d / (T × a)))]`, for a >= 1. */
function subLevelFor(demonstrated: number, applicable: number, threshold: number): SubLevel {
  return SUB_LEVELS[Math.min(4, floorDiv(500 * demonstrated, threshold * applicable))]!;
}

/**
 * The suggested level and sub-level for per-level `tallies` (as `levelTallies` gives them), or
 * null when no level has an applicable criterion.
 *
 * Throws a `RangeError` quoting the bad value for a threshold that is not a whole number from 50
 * to 100, and for tallies that cannot come from a framework (levels not whole and ascending,
 * counts not whole, more demonstrated than applicable, parts not adding up to the total), so bad
 * input never gives a plausible wrong answer.
 */
export function suggestLevel(tallies: readonly LevelTally[], threshold: number): Suggestion | null {
  assertThreshold(threshold);
  assertTallies(tallies);
  const counted = tallies.filter((tally) => tally.applicable > 0);
  let index = 0;
  while (index < counted.length - 1 && meetsThreshold(counted[index]!, threshold)) index += 1;
  const at = counted[index];
  if (!at) return null;
  const subLevel = subLevelFor(at.demonstrated, at.applicable, threshold);
  const isHighest = index === counted.length - 1;
  return {
    level: at.level,
    subLevel,
    label: `${at.level}${subLevel}`,
    threshold,
    demonstrated: at.demonstrated,
    applicable: at.applicable,
    heldBy: isHighest
      ? null
      : {
          level: at.level,
          demonstrated: at.demonstrated,
          applicable: at.applicable,
          required: neededToMeet(at.applicable, threshold),
        },
    demonstratedAbove: counted.slice(index + 1).reduce((sum, tally) => sum + tally.demonstrated, 0),
  };
}

/** Negative, zero or positive as `a` is below, at or above `b` (level first, then sub-level). */
export function compareStanding(
  a: { level: number; subLevel: SubLevel },
  b: { level: number; subLevel: SubLevel },
): number {
  return a.level - b.level || SUB_LEVELS.indexOf(a.subLevel) - SUB_LEVELS.indexOf(b.subLevel);
}

/**
 * One topic's standing by the same rule over its own criteria: `not-applicable` when none of
 * them applies, `not-started` when none is demonstrated, else `placed`. Throws as `suggestLevel`.
 */
export function topicStanding(
  topic: Topic,
  states: CriterionStates,
  threshold: number,
): TopicStanding {
  assertThreshold(threshold);
  const tallies = topicTallies(topic, states);
  const suggestion = suggestLevel(tallies, threshold);
  if (!suggestion) return { status: 'not-applicable', topic: topic.name, tallies };
  if (tallies.every((tally) => tally.demonstrated === 0))
    return { status: 'not-started', topic: topic.name, tallies };
  return { status: 'placed', topic: topic.name, tallies, suggestion };
}

/** Every topic's standing, in the framework's order. */
export function topicStandings(
  framework: Framework,
  states: CriterionStates,
  threshold: number,
): TopicStanding[] {
  const stateOf = stateLookup(states);
  return framework.topics.map((topic) => topicStanding(topic, stateOf, threshold));
}

function assertCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`A number of criteria must be a whole number, not ${String(count)}.`);
}

function assertTallies(tallies: readonly LevelTally[]): void {
  let previous = -Infinity;
  for (const tally of tallies) {
    const { level, demonstrated, applicable, notApplicable, total } = tally;
    const whole = [level, demonstrated, applicable, notApplicable, total].every(
      (n) => Number.isSafeInteger(n) && n >= 0,
    );
    if (
      !whole ||
      level <= previous ||
      demonstrated > applicable ||
      applicable + notApplicable !== total
    )
      throw new RangeError(
        `Level tallies must come from a framework, not ${JSON.stringify(tally)}.`,
      );
    previous = level;
  }
}

/** floor(n / d) for whole n >= 0 and d >= 1, without a fractional intermediate. */
function floorDiv(n: number, d: number): number {
  return (n - (n % d)) / d;
}

function ceilDiv(n: number, d: number): number {
  return floorDiv(n + d - 1, d);
}

/**
 * How many more criteria must be demonstrated for `level` to become the suggested level (at
 * sub-level A or better): for every lower level with applicable criteria, what it lacks to meet
 * the threshold. 0 when the suggestion already reaches `level`; null when `level` has no
 * applicable criterion, so it can never be suggested. Throws as `suggestLevel`.
 */
export function ticksToReach(
  tallies: readonly LevelTally[],
  threshold: number,
  level: number,
): number | null {
  const suggestion = suggestLevel(tallies, threshold);
  const target = tallies.find((tally) => tally.level === level);
  if (!suggestion || !target || target.applicable === 0) return null;
  if (suggestion.level >= level) return 0;
  let missing = 0;
  for (const tally of tallies) {
    if (tally.level >= level || tally.applicable === 0) continue;
    missing += Math.max(0, neededToMeet(tally.applicable, threshold) - tally.demonstrated);
  }
  return missing;
}
