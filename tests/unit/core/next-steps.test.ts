import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainSuggestion } from '../../../src/lib/core/explanation.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { LIMITS } from '../../../src/lib/core/limits.ts';
import { allCriteria, type Criterion, type Framework } from '../../../src/lib/core/model.ts';
import {
  describeGoals,
  describeNextStep,
  distinctSteps,
  stepTowards,
  whatsNext,
  type Goal,
  type NextStep,
} from '../../../src/lib/core/next-steps.ts';
import type { CriterionState } from '../../../src/lib/core/progress.ts';
import {
  compareStanding,
  levelTallies,
  suggestLevel,
  topicStandings,
} from '../../../src/lib/core/scoring.ts';

function load(path: string): Framework {
  const result = parseFramework(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.framework;
}

const backend = load('frameworks/monzo/engineering/backend.md');
const fromLevel2 = load('tests/fixtures/frameworks/scoring-levels-from-2.md');
const tiny = load('tests/fixtures/frameworks/scoring-tiny.md');

type States = Map<string, CriterionState>;

/** Demonstrates the first `counts[level]` criteria of each level, in reading order. */
function tickFirst(framework: Framework, counts: Record<number, number>, base: States = new Map()) {
  const states: States = new Map(base);
  const left = new Map(Object.entries(counts).map(([level, n]) => [Number(level), n]));
  for (const criterion of allCriteria(framework)) {
    const n = left.get(criterion.level) ?? 0;
    if (n > 0 && (states.get(criterion.id) ?? 'not-yet') === 'not-yet') {
      states.set(criterion.id, 'demonstrated');
      left.set(criterion.level, n - 1);
    }
  }
  return states;
}

function withTicks(states: States, criteria: readonly Criterion[]): States {
  const ticked: States = new Map(states);
  for (const criterion of criteria) ticked.set(criterion.id, 'demonstrated');
  return ticked;
}

function rerun(framework: Framework, states: States, threshold: number) {
  return suggestLevel(levelTallies(framework, states), threshold)!;
}

function reachable(step: NextStep | null | undefined) {
  if (step?.status !== 'reachable') throw new Error(`Not reachable: ${JSON.stringify(step)}`);
  return step;
}

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random states, each level with its own chance of being shown, so results spread over levels. */
function randomStates(framework: Framework, random: () => number): States {
  const chance = new Map(framework.levels.map((level) => [level, random()]));
  const states: States = new Map();
  for (const criterion of allCriteria(framework)) {
    const roll = random();
    if (roll < 0.08) states.set(criterion.id, 'not-applicable');
    else if (roll < 0.08 + 0.92 * chance.get(criterion.level)!)
      states.set(criterion.id, 'demonstrated');
    else if (random() < 0.5) states.set(criterion.id, 'not-yet');
  }
  return states;
}

describe('whatsNext: the worked examples on the backend framework at 80%', () => {
  it('from 1E (6, 21, 26), one more at level 1 — the first not yet shown — takes you to 4A', () => {
    const states = tickFirst(backend, { 1: 6, 2: 21, 3: 26 });
    const next = whatsNext(backend, states, 80, null)!;
    expect(next.current.label).toBe('1E');
    const step = reachable(next.nextLevel);
    const level1 = allCriteria(backend).filter((c) => c.level === 1);
    expect(step.criteria).toEqual([level1[6]]);
    expect(step.byLevel).toEqual([{ level: 1, count: 1 }]);
    expect(step.aim.label).toBe('2A');
    expect(step.result.label).toBe('4A');
    expect(describeNextStep(step)).toBe('Ticking 1 more at level 1 takes you to 4A.');
    // At E, the next sub-level is the next level's A.
    expect(next.nextSubLevel).toEqual({ ...next.nextLevel, goal: { kind: 'next-sub-level' } });
    expect(next.target).toBeNull();
  });

  it('from nothing, the next sub-level is two criteria at level 1, from two different topics', () => {
    const step = reachable(stepTowards(backend, new Map(), 80, { kind: 'next-sub-level' }));
    // Every topic is at 0; after one communication tick it is ahead, so the next comes from impact.
    expect(step.byTopic.map((group) => [group.topic, group.criteria.length])).toEqual([
      ['communication', 1],
      ['impact', 1],
    ]);
    expect(step.criteria.map((c) => c.id)).toEqual([
      backend.topics[0]!.levels[0]!.criteria[0]!.id,
      backend.topics[1]!.levels[0]!.criteria[0]!.id,
    ]);
    expect(step.result.label).toBe('1B');
    expect(describeNextStep(step)).toBe('Ticking 2 more at level 1 takes you to 1B.');
  });

  it('prefers the topics furthest behind at a level over the first ones on the page', () => {
    // Level 2 at 80% of 21 needs 17. Communication (5) and impact (6) done, mastery 3 of 9,
    // influence 0 of 1: the 3 more go to influence (0%) first, then mastery (33%), never ahead.
    const level2 = (topic: string) =>
      backend.topics.find((t) => t.name === topic)!.levels.find((l) => l.level === 2)!.criteria;
    const states: States = tickFirst(backend, { 1: 8 });
    for (const c of [
      ...level2('communication'),
      ...level2('impact'),
      ...level2('mastery').slice(0, 3),
    ])
      states.set(c.id, 'demonstrated');
    const step = reachable(stepTowards(backend, states, 80, { kind: 'next-level' }));
    expect(step.criteria.map((c) => c.id)).toEqual([
      level2('influence')[0]!.id,
      ...level2('mastery')
        .slice(3, 5)
        .map((c) => c.id),
    ]);
    expect(step.result.label).toBe('3A');
  });

  it('from 3C, a target of level 5 takes 11 more at level 3 and 30 at level 4, for 5A', () => {
    const states = tickFirst(backend, { 1: 8, 2: 17, 3: 10 });
    const step = reachable(whatsNext(backend, states, 80, 5)!.target);
    expect(step.byLevel).toEqual([
      { level: 3, count: 11 },
      { level: 4, count: 30 },
    ]);
    expect(step.result.label).toBe('5A');
    expect(step.byTopic.map((group) => group.topic)).toEqual([
      'communication',
      'impact',
      'leadership',
      'influence',
      'mastery',
    ]);
    expect(step.byTopic.flatMap((group) => group.criteria)).toHaveLength(41);
    expect(describeNextStep(step)).toBe(
      'Ticking 11 more at level 3 and 30 more at level 4 takes you to 5A.',
    );
  });

  it('fixes the lowest blocking level first: from 2E with level 3 done, one at level 2 gives 4A', () => {
    const states = tickFirst(backend, { 1: 8, 2: 16, 3: 26 });
    const step = reachable(stepTowards(backend, states, 80, { kind: 'target', level: 4 }));
    expect(step.criteria.map((c) => c.level)).toEqual([2]);
    expect(step.result.label).toBe('4A');
  });

  it('never suggests a criterion marked not applicable or already shown', () => {
    const level1 = allCriteria(backend).filter((c) => c.level === 1);
    const states: States = new Map([
      [level1[0]!.id, 'not-applicable'],
      [level1[1]!.id, 'demonstrated'],
      [level1[2]!.id, 'not-applicable'],
    ]);
    // 1 of 6 applicable; 80% of 6 needs 5, so 4 more, none of the three marked.
    const step = reachable(stepTowards(backend, states, 80, { kind: 'next-level' }));
    expect(step.criteria).toHaveLength(4);
    expect(step.criteria.every((c) => c.level === 1 && !states.has(c.id))).toBe(true);
    expect(step.result.label).toBe('2A');
  });
});

describe('whatsNext: reached, at the top and unreachable', () => {
  const at3C = tickFirst(backend, { 1: 8, 2: 17, 3: 10 });

  it('says a target at or below the suggested level is already reached', () => {
    for (const level of [1, 3]) {
      const step = whatsNext(backend, at3C, 80, level)!.target!;
      expect(step).toMatchObject({ status: 'reached', current: { label: '3C' } });
      expect(describeNextStep(step)).toBe(
        `Your suggested level, 3C, already reaches level ${level}.`,
      );
    }
  });

  it.each([0, 7, 2.5, Number.NaN])(
    'says a target of %s is not a level of the framework',
    (level) => {
      const step = whatsNext(backend, at3C, 80, level)!.target!;
      expect(step).toMatchObject({ status: 'unreachable', reason: 'no-such-level' });
      expect(describeNextStep(step)).toBe(`Level ${level} is not a level of this framework.`);
    },
  );

  it('says a target whose criteria are all not applicable cannot be reached', () => {
    const states = new Map(
      allCriteria(backend)
        .filter((c) => c.level === 5)
        .map((c) => [c.id, 'not-applicable' as const]),
    );
    const step = whatsNext(backend, states, 80, 5)!.target!;
    expect(step).toMatchObject({ status: 'unreachable', reason: 'nothing-applicable' });
    expect(describeNextStep(step)).toBe('Level 5 cannot be reached: none of its criteria applies.');
  });

  it('says there is nothing above 6E', () => {
    const all = tickFirst(backend, { 1: 8, 2: 21, 3: 26, 4: 37, 5: 32, 6: 11 });
    const next = whatsNext(backend, all, 80, 6)!;
    expect(next.nextSubLevel.status).toBe('at-top');
    expect(next.nextLevel.status).toBe('at-top');
    expect(next.target?.status).toBe('reached');
    expect(describeNextStep(next.nextSubLevel)).toBe(
      '6E is the top sub-level of the highest level with applicable criteria.',
    );
    expect(describeNextStep(next.nextLevel)).toBe(
      'Level 6 is the highest level with applicable criteria.',
    );
  });

  it('still offers the next sub-level at the highest level below E', () => {
    const states = tickFirst(backend, { 1: 8, 2: 21, 3: 26, 4: 37, 5: 32, 6: 4 });
    const next = whatsNext(backend, states, 80, null)!;
    expect(next.current.label).toBe('6C');
    expect(next.nextLevel.status).toBe('at-top');
    expect(reachable(next.nextSubLevel).result.label).toBe('6D');
  });

  it('gives nothing when no criterion applies', () => {
    const none = new Map(allCriteria(backend).map((c) => [c.id, 'not-applicable' as const]));
    expect(whatsNext(backend, none, 80, 3)).toBeNull();
    expect(stepTowards(backend, none, 80, { kind: 'next-level' })).toBeNull();
  });

  it('refuses a bad threshold', () => {
    expect(() => whatsNext(backend, new Map(), 40, null)).toThrow(RangeError);
  });
});

describe('whatsNext: a framework whose levels are 2, 3 and 5', () => {
  it('goes from 2A to 3A with level 2’s criteria, then to 5A over the missing level 4', () => {
    const next = whatsNext(fromLevel2, new Map(), 80, 5)!;
    expect(next.current.label).toBe('2A');
    expect(reachable(next.nextLevel).byLevel).toEqual([{ level: 2, count: 2 }]);
    expect(reachable(next.nextLevel).result.label).toBe('3A');
    const target = reachable(next.target);
    expect(target.byLevel).toEqual([
      { level: 2, count: 2 },
      { level: 3, count: 4 },
    ]);
    expect(target.byTopic.map((g) => [g.topic, g.criteria.map((c) => c.level)])).toEqual([
      ['design', [2, 2, 3, 3]],
      ['mentoring', [3, 3]],
    ]);
    expect(target.result.label).toBe('5A');
    expect(whatsNext(fromLevel2, new Map(), 80, 4)!.target).toMatchObject({
      status: 'unreachable',
      reason: 'no-such-level',
    });
  });
});

describe('whatsNext: promises checked by re-running the rule', () => {
  const goals: Goal[] = [{ kind: 'next-sub-level' }, { kind: 'next-level' }];

  it('keeps every promise on 300 random states of the backend framework', () => {
    const random = mulberry32(42);
    let checked = 0;
    for (let run = 0; run < 300; run += 1) {
      const threshold = 50 + Math.floor(random() * 51);
      const states = randomStates(backend, random);
      const target = 1 + Math.floor(random() * 6);
      const next = whatsNext(backend, states, threshold, target);
      if (!next) continue;
      expect(next.current).toEqual(rerun(backend, states, threshold));
      for (const step of [next.nextSubLevel, next.nextLevel, next.target!]) {
        if (step.status !== 'reachable') continue;
        checked += 1;
        const case_ = JSON.stringify({ run, threshold, goal: step.goal, aim: step.aim });
        // Only criteria not yet shown and applicable, each once.
        expect(step.criteria.every((c) => (states.get(c.id) ?? 'not-yet') === 'not-yet')).toBe(
          true,
        );
        expect(new Set(step.criteria.map((c) => c.id)).size).toBe(step.criteria.length);
        // The promised result is what the rule gives with those ticks, and reaches the aim.
        const after = rerun(backend, withTicks(states, step.criteria), threshold);
        expect(after, case_).toEqual(step.result);
        expect(compareStanding(after, step.aim), case_).toBeGreaterThanOrEqual(0);
        expect(compareStanding(step.aim, next.current), case_).toBeGreaterThan(0);
        // The fewest: one fewer at any level falls short of the aim.
        for (const { level } of step.byLevel) {
          const oneFewer = step.criteria.filter(
            (c) => c !== step.criteria.findLast((d) => d.level === level),
          );
          const short = rerun(backend, withTicks(states, oneFewer), threshold);
          expect(compareStanding(short, step.aim), case_).toBeLessThan(0);
        }
        // Lowest level first, reading order within a topic, and the same set by topic and level.
        const order = allCriteria(backend);
        expect(step.criteria.map((c) => c.level)).toEqual(
          step.criteria.map((c) => c.level).sort((a, b) => a - b),
        );
        for (const group of step.byTopic)
          expect(group.criteria).toEqual(
            [...group.criteria].sort(
              (a, b) => a.level - b.level || order.indexOf(a) - order.indexOf(b),
            ),
          );
        expect(step.byLevel.reduce((n, l) => n + l.count, 0)).toBe(step.criteria.length);
        expect(step.byTopic.flatMap((g) => g.criteria).sort((a, b) => a.line - b.line)).toEqual(
          [...step.criteria].sort((a, b) => a.line - b.line),
        );
        expect(describeNextStep(step)).toMatch(new RegExp(`takes you to ${step.result.label}\\.$`));
      }
      // The explanation's "N more takes you to X" agrees with what's next.
      const explanation = explainSuggestion(levelTallies(backend, states), threshold);
      if (explanation.toNextLevel && next.nextLevel.status === 'reachable') {
        expect(explanation.toNextLevel.more).toBe(next.nextLevel.criteria.length);
        expect(explanation.toNextLevel.result).toEqual(next.nextLevel.result);
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('asks for the fewest ticks possible, against trying every set on a ten-criterion framework', () => {
    const random = mulberry32(1234);
    const criteria = allCriteria(tiny);
    for (let run = 0; run < 150; run += 1) {
      const threshold = [50, 67, 80, 100][run % 4]!;
      const states = randomStates(tiny, random);
      const open = criteria.filter((c) => (states.get(c.id) ?? 'not-yet') === 'not-yet');
      const standings = new Map<number, ReturnType<typeof rerun>[]>();
      for (let mask = 0; mask < 1 << open.length; mask += 1) {
        const subset = open.filter((_, i) => mask & (1 << i));
        const list = standings.get(subset.length) ?? [];
        list.push(rerun(tiny, withTicks(states, subset), threshold));
        standings.set(subset.length, list);
      }
      const fewest = (aim: { level: number; subLevel: 'A' | 'B' | 'C' | 'D' | 'E' }) => {
        for (let n = 0; n <= open.length; n += 1)
          if (standings.get(n)?.some((s) => compareStanding(s, aim) >= 0)) return n;
        return null;
      };
      for (const goal of [...goals, { kind: 'target', level: 3 } as const]) {
        const step = stepTowards(tiny, states, threshold, goal);
        if (step?.status !== 'reachable') continue;
        expect(step.criteria.length, JSON.stringify({ run, threshold, goal })).toBe(
          fewest(step.aim),
        );
      }
    }
  });
});

// How fast this runs is a figure `npm run bench` prints, not a timed test that flakes on a busy
// machine; here the largest framework allowed must give the rule's own answer.
describe('the largest framework allowed', () => {
  it('scores, explains and plans 20,000 criteria by the rule', () => {
    const levels = [1, 2, 3, 4, 5, 6];
    const topics = Array.from({ length: 20 }, (_, t) => ({
      name: `topic-${t}`,
      title: `Topic ${t}`,
      subtitle: null,
      description: null,
      levels: levels.map((level) => ({
        level,
        criteria: Array.from({ length: level === 1 ? 170 : 166 }, (_, i) => ({
          id: `topic-${t}.${level}.${i}`,
          topic: `topic-${t}`,
          level,
          text: `Criterion ${i}`,
          examples: [],
          line: t * 10000 + level * 1000 + i,
        })),
      })),
    }));
    const framework: Framework = {
      ...backend,
      topics,
      levels,
      criterionCount: topics.reduce(
        (n, t) => n + t.levels.reduce((m, l) => m + l.criteria.length, 0),
        0,
      ),
    };
    expect(framework.criterionCount).toBe(LIMITS.criteria);
    const random = mulberry32(99);
    const states = randomStates(framework, random);
    const tallies = levelTallies(framework, states);
    const suggestion = suggestLevel(tallies, 80);
    expect(suggestion).not.toBeNull();
    expect(explainSuggestion(tallies, 80).suggestion).toEqual(suggestion);
    expect(topicStandings(framework, states, 80)).toHaveLength(topics.length);
    const next = whatsNext(framework, states, 80, 6);
    expect(next?.current).toEqual(suggestion);
  });
});

describe('distinctSteps: never the same list twice', () => {
  it('at sub-level E, shows the next sub-level and the next level as one card', () => {
    const next = whatsNext(backend, tickFirst(backend, { 1: 6, 2: 21, 3: 26 }), 80, null)!;
    const cards = distinctSteps(next);
    expect(cards).toHaveLength(1);
    expect(describeGoals(cards[0]!.goals)).toBe('Next sub-level and next level');
    expect(cards[0]!.step).toBe(next.nextSubLevel);
  });

  it('joins a target that is the next level to the next level’s card', () => {
    // 3C at 80%: the next level is 4, and so is the target.
    const next = whatsNext(backend, tickFirst(backend, { 1: 8, 2: 17, 3: 10 }), 80, 4)!;
    const cards = distinctSteps(next);
    expect(cards.map((card) => describeGoals(card.goals))).toEqual([
      'Next sub-level',
      'Next level and your target, level 4',
    ]);
    const lists = cards.map((card) =>
      card.step.status === 'reachable' ? card.step.criteria.map((c) => c.id).join() : '',
    );
    expect(new Set(lists).size).toBe(lists.length);
  });

  it('keeps three cards when the three lists differ', () => {
    const next = whatsNext(backend, tickFirst(backend, { 1: 8, 2: 17, 3: 10 }), 80, 5)!;
    expect(distinctSteps(next).map((card) => describeGoals(card.goals))).toEqual([
      'Next sub-level',
      'Next level',
      'Target: level 5',
    ]);
  });
});
