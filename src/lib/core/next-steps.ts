/**
 * What would move an engineer: the fewest more criteria to tick for the next sub-level, the next
 * level or a target level, and the result those ticks would really give.
 *
 * Reaching level g at sub-level s or better needs every counted level below g to meet the
 * threshold, and at g either enough demonstrated for s or g itself meeting the threshold (which
 * never takes fewer). A tick counts only at its own level, so the fewest ticks are, level by level
 * from the lowest blocking level up to g, each level's shortfall. Within a level each tick goes to
 * the topic furthest behind there (the lowest share demonstrated of its applicable criteria,
 * counting the ticks already chosen; the framework's order breaks a tie), and within a topic to
 * its first not-yet criterion in reading order: the list evens out the engineer's weakest topics
 * instead of finishing the first one on the page. Demonstrated and not-applicable criteria are
 * never suggested. The promised result comes from re-running the rule with those ticks added.
 *
 * Two goals can need the very same ticks (at sub-level E the next sub-level is the next level;
 * a target can be the next level): `distinctSteps` shows such a list once, under both names.
 */
import type { Criterion, Framework } from './model.ts';
import type { CriterionState } from './progress.ts';
import {
  compareStanding,
  levelTallies,
  neededForSubLevel,
  neededToMeet,
  stateLookup,
  suggestLevel,
  SUB_LEVELS,
  type CriterionStates,
  type LevelTally,
  type SubLevel,
  type Suggestion,
} from './scoring.ts';

/** A level the engineer chose to go for. */
export interface TargetGoal {
  kind: 'target';
  level: number;
}

export type Goal = { kind: 'next-sub-level' } | { kind: 'next-level' } | TargetGoal;

/** The suggested criteria of one topic, in reading order. */
export interface TopicTicks {
  /** The topic's `name`. */
  topic: string;
  title: string;
  criteria: Criterion[];
}

/** How many of the suggested criteria are at one level. */
export interface LevelTicks {
  level: number;
  count: number;
}

export type NextStep =
  | {
      status: 'reachable';
      goal: Goal;
      /** The lowest standing that reaches the goal. */
      aim: { level: number; subLevel: SubLevel; label: string };
      /** The criteria to tick, by level from the lowest, then the topics furthest behind first. */
      criteria: Criterion[];
      byTopic: TopicTicks[];
      byLevel: LevelTicks[];
      /** The rule re-run with `criteria` demonstrated: at or above `aim`. */
      result: Suggestion;
    }
  /** The suggestion already reaches the target level. */
  | { status: 'reached'; goal: TargetGoal; current: Suggestion }
  /** No sub-level or level above the current one: it is the top of the highest counted level. */
  | { status: 'at-top'; goal: Goal; current: Suggestion }
  /** The target is not a level of the framework, or none of its criteria applies. */
  | { status: 'unreachable'; goal: TargetGoal; reason: 'no-such-level' | 'nothing-applicable' };

export interface WhatsNext {
  current: Suggestion;
  nextSubLevel: NextStep;
  nextLevel: NextStep;
  /** Null when no target level is chosen. */
  target: NextStep | null;
}

/**
 * The next sub-level, next level and (when `target` is a number) target level, or null when no
 * criterion applies. Throws as `suggestLevel` for a bad threshold or an unknown state.
 */
export function whatsNext(
  framework: Framework,
  states: CriterionStates,
  threshold: number,
  target: number | null,
): WhatsNext | null {
  const context = readContext(framework, states, threshold);
  if (!context) return null;
  return {
    current: context.current,
    nextSubLevel: plan(context, { kind: 'next-sub-level' }),
    nextLevel: plan(context, { kind: 'next-level' }),
    target: target === null ? null : plan(context, { kind: 'target', level: target }),
  };
}

/** One step towards `goal` (see `whatsNext`), or null when no criterion applies. Throws likewise. */
export function stepTowards(
  framework: Framework,
  states: CriterionStates,
  threshold: number,
  goal: Goal,
): NextStep | null {
  const context = readContext(framework, states, threshold);
  return context && plan(context, goal);
}

/** The step in one sentence, e.g. "Ticking 1 more at level 1 takes you to 4A." */
export function describeNextStep(step: NextStep): string {
  switch (step.status) {
    case 'reachable': {
      const parts = step.byLevel.map(({ level, count }) => `${count} more at level ${level}`);
      const list =
        parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
      return `Ticking ${list} takes you to ${step.result.label}.`;
    }
    case 'reached':
      return `Your suggested level, ${step.current.label}, already reaches level ${step.goal.level}.`;
    case 'at-top':
      return step.goal.kind === 'next-sub-level'
        ? `${step.current.label} is the top sub-level of the highest level with applicable criteria.`
        : `Level ${step.current.level} is the highest level with applicable criteria.`;
    case 'unreachable':
      return step.reason === 'no-such-level'
        ? `Level ${step.goal.level} is not a level of this framework.`
        : `Level ${step.goal.level} cannot be reached: none of its criteria applies.`;
    default:
      step satisfies never;
      throw new TypeError(`Unknown step ${JSON.stringify(step)}.`);
  }
}

interface Context {
  framework: Framework;
  stateOf: (criterionId: string) => CriterionState;
  threshold: number;
  tallies: LevelTally[];
  current: Suggestion;
}

function readContext(
  framework: Framework,
  states: CriterionStates,
  threshold: number,
): Context | null {
  const stateOf = stateLookup(states);
  const tallies = levelTallies(framework, stateOf);
  const current = suggestLevel(tallies, threshold);
  return current && { framework, stateOf, threshold, tallies, current };
}

function plan(context: Context, goal: Goal): NextStep {
  const { framework, stateOf, threshold, tallies, current } = context;
  const counted = tallies.filter((tally) => tally.applicable > 0);
  const above = counted.find((tally) => tally.level > current.level);
  let aim: { level: number; subLevel: SubLevel };
  switch (goal.kind) {
    case 'next-sub-level': {
      const next = SUB_LEVELS[SUB_LEVELS.indexOf(current.subLevel) + 1];
      if (next) aim = { level: current.level, subLevel: next };
      else if (above) aim = { level: above.level, subLevel: 'A' };
      else return { status: 'at-top', goal, current };
      break;
    }
    case 'next-level':
      if (!above) return { status: 'at-top', goal, current };
      aim = { level: above.level, subLevel: 'A' };
      break;
    case 'target': {
      const tally = tallies.find((t) => t.level === goal.level);
      if (!tally) return { status: 'unreachable', goal, reason: 'no-such-level' };
      if (tally.applicable === 0)
        return { status: 'unreachable', goal, reason: 'nothing-applicable' };
      if (current.level >= goal.level) return { status: 'reached', goal, current };
      aim = { level: goal.level, subLevel: 'A' };
      break;
    }
    default:
      goal satisfies never;
      throw new TypeError(`Unknown goal ${JSON.stringify(goal)}.`);
  }

  const shortfall = new Map<number, number>();
  for (const tally of counted) {
    if (tally.level > aim.level) break;
    const needed =
      tally.level < aim.level
        ? neededToMeet(tally.applicable, threshold)
        : neededForSubLevel(aim.subLevel, tally.applicable, threshold);
    if (needed > tally.demonstrated) shortfall.set(tally.level, needed - tally.demonstrated);
  }
  const criteria: Criterion[] = [];
  for (const [level, count] of shortfall) criteria.push(...pickBehindFirst(context, level, count));
  criteria.sort((a, b) => a.level - b.level); // stable: the picking order within a level

  const ticked = new Set(criteria.map((criterion) => criterion.id));
  const result = suggestLevel(
    levelTallies(framework, (id) => (ticked.has(id) ? 'demonstrated' : stateOf(id))),
    threshold,
  )!;
  if (compareStanding(result, aim) < 0)
    throw new Error(`Planned ticks give ${result.label}, short of ${aim.level}${aim.subLevel}.`);

  const byLevel: LevelTicks[] = [];
  for (const criterion of criteria) {
    const last = byLevel.at(-1);
    if (last?.level === criterion.level) last.count += 1;
    else byLevel.push({ level: criterion.level, count: 1 });
  }
  const byTopic = framework.topics
    .map((topic) => ({
      topic: topic.name,
      title: topic.title,
      criteria: topic.levels.flatMap((level) => level.criteria.filter((c) => ticked.has(c.id))),
    }))
    .filter((group) => group.criteria.length > 0);
  return {
    status: 'reachable',
    goal,
    aim: { ...aim, label: `${aim.level}${aim.subLevel}` },
    criteria,
    byTopic,
    byLevel,
    result,
  };
}

/**
 * `count` not-yet criteria of `level`, each from the topic furthest behind at that level once the
 * criteria picked before it are counted as demonstrated (see the module comment).
 */
function pickBehindFirst(context: Context, level: number, count: number): Criterion[] {
  const { framework, stateOf } = context;
  const topics = framework.topics.map((topic) => {
    const criteria = topic.levels.flatMap((entry) => (entry.level === level ? entry.criteria : []));
    const states = criteria.map((criterion) => stateOf(criterion.id));
    return {
      demonstrated: states.filter((state) => state === 'demonstrated').length,
      applicable: states.filter((state) => state !== 'not-applicable').length,
      open: criteria.filter((_, index) => states[index] === 'not-yet'),
    };
  });
  const picked: Criterion[] = [];
  while (picked.length < count) {
    let behind: (typeof topics)[number] | undefined;
    for (const topic of topics) {
      if (topic.open.length === 0) continue;
      // d1 / a1 < d2 / a2 in whole numbers; every candidate has a >= 1.
      if (
        !behind ||
        topic.demonstrated * behind.applicable < behind.demonstrated * topic.applicable
      )
        behind = topic;
    }
    if (!behind) break;
    picked.push(behind.open.shift()!);
    behind.demonstrated += 1;
  }
  return picked;
}

/** One list of "what's next", with every goal that needs exactly these ticks. */
export interface StepCard {
  goals: Goal[];
  step: NextStep;
}

/**
 * The steps of `next` with no list shown twice: a reachable step whose criteria are exactly those
 * of an earlier one joins that card (its goals are listed together). Order: next sub-level, next
 * level, target.
 */
export function distinctSteps(next: WhatsNext): StepCard[] {
  const cards: StepCard[] = [];
  for (const step of [next.nextSubLevel, next.nextLevel, next.target]) {
    if (!step) continue;
    const same = cards.find(
      (card) =>
        card.step.status === 'reachable' &&
        step.status === 'reachable' &&
        card.step.criteria.length === step.criteria.length &&
        card.step.criteria.every((criterion, index) => criterion.id === step.criteria[index]!.id),
    );
    if (same) same.goals.push(step.goal);
    else cards.push({ goals: [step.goal], step });
  }
  return cards;
}

/** A card's heading: "Next sub-level", "Next sub-level and next level", "Target: level 4". */
export function describeGoals(goals: readonly Goal[]): string {
  const names = goals.map((goal, index) => {
    switch (goal.kind) {
      case 'next-sub-level':
        return index === 0 ? 'Next sub-level' : 'next sub-level';
      case 'next-level':
        return index === 0 ? 'Next level' : 'next level';
      case 'target':
        return index === 0 ? `Target: level ${goal.level}` : `your target, level ${goal.level}`;
      default:
        goal satisfies never;
        throw new TypeError(`Unknown goal ${JSON.stringify(goal)}.`);
    }
  });
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}
