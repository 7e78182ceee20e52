import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionState } from '../../../src/lib/core/progress.ts';
import {
  compareStanding,
  isThreshold,
  levelTallies,
  neededForSubLevel,
  neededToMeet,
  parseThreshold,
  suggestLevel,
  thresholdProblem,
  topicStanding,
  topicStandings,
  type LevelTally,
} from '../../../src/lib/core/scoring.ts';

function load(path: string): Framework {
  const result = parseFramework(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.framework;
}

const backend = load('frameworks/monzo/engineering/backend.md');
const fromLevel2 = load('tests/fixtures/frameworks/scoring-levels-from-2.md');

/** Demonstrates the first `counts[level]` criteria of each level, in reading order. */
function tickFirst(
  framework: Framework,
  counts: Record<number, number>,
  base: ReadonlyMap<string, CriterionState> = new Map(),
): Map<string, CriterionState> {
  const states = new Map(base);
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

function markLevel(framework: Framework, level: number, state: CriterionState) {
  return new Map(
    allCriteria(framework)
      .filter((criterion) => criterion.level === level)
      .map((criterion) => [criterion.id, state]),
  );
}

function label(framework: Framework, states: ReadonlyMap<string, CriterionState>, threshold = 80) {
  return suggestLevel(levelTallies(framework, states), threshold)?.label ?? null;
}

/** One level of `applicable` criteria with `demonstrated` shown. */
function level(level: number, demonstrated: number, applicable: number, notApplicable = 0) {
  return { level, demonstrated, applicable, notApplicable, total: applicable + notApplicable };
}

/** The rule written from the words, as literally as possible, with BigInt division. */
function referenceLabel(tallies: readonly LevelTally[], threshold: number): string | null {
  const counted = tallies.filter((t) => t.applicable > 0);
  let suggested: LevelTally | null = null;
  for (const candidate of counted) {
    const lower = counted.filter((t) => t.level < candidate.level);
    if (lower.every((t) => 100 * t.demonstrated >= threshold * t.applicable)) suggested = candidate;
  }
  if (!suggested) return null;
  const band = BigInt(500 * suggested.demonstrated) / BigInt(threshold * suggested.applicable);
  return `${suggested.level}${'ABCDE'[Math.min(4, Number(band))]}`;
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

describe('levelTallies', () => {
  it('counts 8, 21, 26, 37, 32 and 11 applicable criteria at levels 1–6 of the backend framework', () => {
    expect(levelTallies(backend, new Map())).toEqual([
      level(1, 0, 8),
      level(2, 0, 21),
      level(3, 0, 26),
      level(4, 0, 37),
      level(5, 0, 32),
      level(6, 0, 11),
    ]);
  });

  it('counts a demonstrated criterion as applicable and a not-applicable one as neither', () => {
    const [first, second, third] = allCriteria(backend).filter((c) => c.level === 1);
    const states = new Map<string, CriterionState>([
      [first!.id, 'demonstrated'],
      [second!.id, 'not-applicable'],
      [third!.id, 'not-yet'],
    ]);
    expect(levelTallies(backend, states)[0]).toEqual(level(1, 1, 7, 1));
  });

  it('reads a lookup function the same as a map, and a missing record as not yet shown', () => {
    const states = tickFirst(backend, { 1: 3, 4: 5 });
    const viaFunction = levelTallies(backend, (id) => states.get(id) ?? 'not-yet');
    expect(viaFunction).toEqual(levelTallies(backend, states));
    expect(viaFunction[3]).toEqual(level(4, 5, 37));
  });

  it('lists only the levels that have criteria, ascending, when levels start at 2 and skip 4', () => {
    expect(levelTallies(fromLevel2, new Map()).map((t) => [t.level, t.total])).toEqual([
      [2, 2],
      [3, 4],
      [5, 2],
    ]);
  });

  it('throws naming the criterion when a stored state is not one of the three', () => {
    const id = allCriteria(backend)[0]!.id;
    const states = new Map([[id, 'done' as CriterionState]]);
    expect(() => levelTallies(backend, states)).toThrow(TypeError);
    expect(() => levelTallies(backend, states)).toThrow(`${id} has the unknown state "done"`);
  });
});

describe('suggestLevel: the worked examples on the backend framework at 80%', () => {
  it.each([
    [{}, '1A'],
    [{ 1: 7, 2: 5 }, '2B'],
    [{ 1: 8, 2: 17, 3: 10 }, '3C'],
    [{ 1: 8, 2: 16, 3: 26 }, '2E'],
    [{ 1: 6, 2: 21, 3: 26 }, '1E'],
    [{ 1: 7, 2: 21, 3: 26 }, '4A'],
    [{ 1: 8, 2: 21, 3: 26, 4: 37, 5: 32, 6: 11 }, '6E'],
  ])('ticking %j gives %s', (counts, expected) => {
    expect(label(backend, tickFirst(backend, counts))).toBe(expected);
  });

  it('says level 1, 0 of 8 (7 needed) holds the suggestion when nothing is ticked', () => {
    expect(suggestLevel(levelTallies(backend, new Map()), 80)).toEqual({
      level: 1,
      subLevel: 'A',
      label: '1A',
      threshold: 80,
      demonstrated: 0,
      applicable: 8,
      heldBy: { level: 1, demonstrated: 0, applicable: 8, required: 7 },
      demonstratedAbove: 0,
    });
  });

  it('says 16 of 21 at level 2 holds back the 26 shown at level 3, for 2E', () => {
    const suggestion = suggestLevel(
      levelTallies(backend, tickFirst(backend, { 1: 8, 2: 16, 3: 26 })),
      80,
    );
    expect(suggestion?.heldBy).toEqual({
      level: 2,
      demonstrated: 16,
      applicable: 21,
      required: 17,
    });
    expect(suggestion?.demonstratedAbove).toBe(26);
  });

  it('names nothing as holding the suggestion at the highest level', () => {
    const all = tickFirst(backend, { 1: 8, 2: 21, 3: 26, 4: 37, 5: 32, 6: 11 });
    expect(suggestLevel(levelTallies(backend, all), 80)).toMatchObject({
      label: '6E',
      heldBy: null,
      demonstratedAbove: 0,
    });
    // The top level is suggested even when it misses the threshold itself.
    expect(suggestLevel([level(1, 8, 8), level(2, 1, 11)], 80)).toMatchObject({
      label: '2A',
      heldBy: null,
    });
  });
});

describe('suggestLevel: sub-level bands', () => {
  // The fewest demonstrated for B, C, D and E, worked out by hand as ceil(k × T × a / 500).
  const edges: [threshold: number, applicable: number, bcde: [number, number, number, number]][] = [
    [50, 5, [1, 1, 2, 2]],
    [50, 8, [1, 2, 3, 4]],
    [50, 21, [3, 5, 7, 9]],
    [50, 26, [3, 6, 8, 11]],
    [50, 37, [4, 8, 12, 15]],
    [80, 5, [1, 2, 3, 4]],
    [80, 8, [2, 3, 4, 6]],
    [80, 21, [4, 7, 11, 14]],
    [80, 25, [4, 8, 12, 16]],
    [80, 26, [5, 9, 13, 17]],
    [80, 37, [6, 12, 18, 24]],
    [100, 5, [1, 2, 3, 4]],
    [100, 8, [2, 4, 5, 7]],
    [100, 21, [5, 9, 13, 17]],
    [100, 26, [6, 11, 16, 21]],
    [100, 37, [8, 15, 23, 30]],
  ];

  it.each(edges)('at %i%% with %i applicable, B, C, D and E start at %j', (threshold, a, bcde) => {
    for (let d = 0; d <= a; d += 1) {
      const expected = 'ABCDE'[bcde.filter((edge) => d >= edge).length];
      expect(suggestLevel([level(1, d, a)], threshold)?.subLevel, `${d} of ${a}`).toBe(expected);
    }
  });

  it.each(edges)('neededForSubLevel at %i%% with %i applicable gives %j', (threshold, a, bcde) => {
    const needed = (['B', 'C', 'D', 'E'] as const).map((sub) =>
      neededForSubLevel(sub, a, threshold),
    );
    expect(needed).toEqual(bcde);
    expect(neededForSubLevel('A', a, threshold)).toBe(0);
  });

  it('puts exact fractions of the threshold in the higher band (no rounding across an edge)', () => {
    // 80% of 25 is 20: a fifth of it is 4, four fifths 16.
    expect(suggestLevel([level(1, 3, 25)], 80)?.subLevel).toBe('A');
    expect(suggestLevel([level(1, 4, 25)], 80)?.subLevel).toBe('B');
    expect(suggestLevel([level(1, 15, 25)], 80)?.subLevel).toBe('D');
    expect(suggestLevel([level(1, 16, 25)], 80)?.subLevel).toBe('E');
  });
});

describe('suggestLevel: the threshold', () => {
  // The fewest demonstrated that meet the threshold, worked out by hand as ceil(T × a / 100).
  const meets: [threshold: number, applicable: number, needed: number][] = [
    [50, 5, 3],
    [50, 8, 4],
    [50, 21, 11],
    [50, 26, 13],
    [50, 37, 19],
    [80, 5, 4],
    [80, 8, 7],
    [80, 21, 17],
    [80, 26, 21],
    [80, 37, 30],
    [100, 5, 5],
    [100, 8, 8],
    [100, 21, 21],
    [100, 26, 26],
    [100, 37, 37],
  ];

  it.each(meets)('at %i%%, a level of %i is met by %i and not by one fewer', (threshold, a, n) => {
    expect(suggestLevel([level(1, n - 1, a), level(2, 0, 4)], threshold)?.level).toBe(1);
    expect(suggestLevel([level(1, n, a), level(2, 0, 4)], threshold)?.level).toBe(2);
  });

  it.each(meets)('neededToMeet at %i%% with %i applicable gives %i', (threshold, a, n) => {
    expect(neededToMeet(a, threshold)).toBe(n);
  });

  it('refuses to count criteria needed out of a count that is not a whole number', () => {
    expect(() => neededToMeet(-1, 80)).toThrow('not -1.');
    expect(() => neededForSubLevel('C', 2.5, 80)).toThrow(RangeError);
    expect(() => neededToMeet(8, 120)).toThrow(RangeError);
  });

  it('at 100%, everything but one criterion at level 3 gives 3E, held by 25 of 26', () => {
    const states = tickFirst(backend, { 1: 8, 2: 21, 3: 25, 4: 37, 5: 32, 6: 11 });
    expect(suggestLevel(levelTallies(backend, states), 100)).toMatchObject({
      label: '3E',
      heldBy: { level: 3, demonstrated: 25, applicable: 26, required: 26 },
      demonstratedAbove: 80,
    });
  });

  it('at 100%, everything but one criterion at the highest level gives 6E', () => {
    const states = tickFirst(backend, { 1: 8, 2: 21, 3: 26, 4: 37, 5: 32, 6: 10 });
    expect(label(backend, states, 100)).toBe('6E');
  });

  it('at 50%, half of each lower level is enough', () => {
    expect(label(backend, tickFirst(backend, { 1: 4, 2: 11, 3: 13 }), 50)).toBe('4A');
    expect(label(backend, tickFirst(backend, { 1: 4, 2: 10, 3: 13 }), 50)).toBe('2E');
  });

  it.each([49, 101, 0, 80.5, Number.NaN, Number.POSITIVE_INFINITY, -80])(
    'refuses the threshold %s with a RangeError quoting it',
    (threshold) => {
      expect(() => suggestLevel([level(1, 0, 8)], threshold)).toThrow(RangeError);
      expect(() => suggestLevel([level(1, 0, 8)], threshold)).toThrow(`not ${String(threshold)}.`);
    },
  );

  it('accepts exactly the whole numbers from 50 to 100 as thresholds', () => {
    expect([49, 50, 80, 100, 101, 79.9, '80', null].map(isThreshold)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it.each([
    ['more demonstrated than applicable', [level(1, 9, 8)]],
    ['parts that do not add up', [{ ...level(1, 1, 8), total: 7 }]],
    ['a negative count', [level(1, -1, 8)]],
    ['a fractional count', [level(1, 1.5, 8)]],
    ['levels out of order', [level(2, 0, 8), level(1, 0, 8)]],
    ['a repeated level', [level(1, 0, 8), level(1, 0, 8)]],
  ])('refuses tallies with %s', (_, tallies) => {
    expect(() => suggestLevel(tallies, 80)).toThrow(/Level tallies must come from a framework/);
  });
});

describe('suggestLevel: not-applicable criteria and levels without criteria', () => {
  it('leaves not-applicable criteria out of both numbers: 6 of 6 applicable meets 80%', () => {
    const level1 = allCriteria(backend).filter((c) => c.level === 1);
    const states = tickFirst(backend, { 1: 6 });
    states.set(level1[6]!.id, 'not-applicable');
    states.set(level1[7]!.id, 'not-applicable');
    expect(levelTallies(backend, states)[0]).toEqual(level(1, 6, 6, 2));
    expect(label(backend, states)).toBe('2A');
  });

  it('skips a level whose criteria are all not applicable', () => {
    expect(label(backend, markLevel(backend, 1, 'not-applicable'))).toBe('2A');
    const level3Skipped = tickFirst(
      backend,
      { 1: 8, 2: 17 },
      markLevel(backend, 3, 'not-applicable'),
    );
    expect(label(backend, level3Skipped)).toBe('4A');
  });

  it('skips a not-applicable highest level, so the level below it is the top', () => {
    const states = tickFirst(
      backend,
      { 1: 8, 2: 21, 3: 26, 4: 37, 5: 32 },
      markLevel(backend, 6, 'not-applicable'),
    );
    expect(suggestLevel(levelTallies(backend, states), 80)).toMatchObject({
      label: '5E',
      heldBy: null,
    });
  });

  it('gives no suggestion when no criterion applies, or there are none', () => {
    const none = new Map(allCriteria(backend).map((c) => [c.id, 'not-applicable' as const]));
    expect(suggestLevel(levelTallies(backend, none), 80)).toBeNull();
    expect(suggestLevel([], 80)).toBeNull();
  });

  it('starts at level 2 in a framework whose levels are 2, 3 and 5, and goes from 3 to 5', () => {
    expect(label(fromLevel2, new Map())).toBe('2A');
    expect(label(fromLevel2, tickFirst(fromLevel2, { 2: 2, 3: 3 }))).toBe('3E');
    expect(label(fromLevel2, tickFirst(fromLevel2, { 2: 2, 3: 4 }))).toBe('5A');
    expect(label(fromLevel2, tickFirst(fromLevel2, { 2: 2, 3: 4, 5: 1 }))).toBe('5D');
  });
});

describe('suggestLevel: against the rule written out literally', () => {
  it('agrees on 5,000 random sets of tallies at random thresholds', () => {
    const random = mulberry32(20240604);
    const int = (below: number) => Math.floor(random() * below);
    for (let run = 0; run < 5000; run += 1) {
      const threshold = 50 + int(51);
      const tallies: LevelTally[] = [];
      for (let lvl = int(3); tallies.length < 1 + int(7); lvl += 1 + int(2)) {
        const applicable = int(5) === 0 ? 0 : 1 + int(40);
        // Bias towards the threshold so the rule's edges get exercised.
        const demonstrated =
          int(3) === 0
            ? int(applicable + 1)
            : Math.max(
                0,
                Math.min(applicable, Math.ceil((threshold * applicable) / 100) - 1 + int(3)),
              );
        tallies.push(level(lvl, demonstrated, applicable, int(3)));
      }
      const suggestion = suggestLevel(tallies, threshold);
      expect(suggestion?.label ?? null, JSON.stringify({ threshold, tallies })).toBe(
        referenceLabel(tallies, threshold),
      );
    }
  });
});

describe('topicStanding', () => {
  it('calls every topic not started when nothing is ticked, not "1A" or "3A"', () => {
    expect(topicStandings(backend, new Map(), 80).map((s) => [s.topic, s.status])).toEqual([
      ['communication', 'not-started'],
      ['impact', 'not-started'],
      ['leadership', 'not-started'],
      ['influence', 'not-started'],
      ['mastery', 'not-started'],
    ]);
  });

  it('places leadership, which starts at level 3, at 4A when both of its level-3 criteria are shown', () => {
    const leadership = backend.topics.find((t) => t.name === 'leadership')!;
    const states = new Map(
      leadership.levels[0]!.criteria.map((c) => [c.id, 'demonstrated' as const]),
    );
    const standing = topicStanding(leadership, states, 80);
    expect(standing.status === 'placed' && standing.suggestion.label).toBe('4A');
    expect(standing.tallies.map((t) => t.level)).toEqual([3, 4, 5, 6]);
  });

  it('holds leadership at level 3 when only a level-4 criterion is shown', () => {
    const leadership = backend.topics.find((t) => t.name === 'leadership')!;
    const states = new Map([[leadership.levels[1]!.criteria[0]!.id, 'demonstrated' as const]]);
    const standing = topicStanding(leadership, states, 80);
    expect(standing.status === 'placed' && standing.suggestion).toMatchObject({
      label: '3A',
      heldBy: { level: 3, demonstrated: 0, applicable: 2, required: 2 },
      demonstratedAbove: 1,
    });
  });

  it('uses only the topic’s own criteria: a topic starting at level 3 of a framework starting at 2', () => {
    const mentoring = fromLevel2.topics.find((t) => t.name === 'mentoring')!;
    const states = new Map([[mentoring.levels[0]!.criteria[0]!.id, 'demonstrated' as const]]);
    const standing = topicStanding(mentoring, states, 80);
    // 1 of 2 at 80%: 500 × 1 / (80 × 2) = 3.1, so D.
    expect(standing.status === 'placed' && standing.suggestion.label).toBe('3D');
    expect(topicStandings(fromLevel2, states, 80).map((s) => s.status)).toEqual([
      'not-started',
      'placed',
    ]);
  });

  it('calls a topic whose criteria are all marked not applicable not applicable', () => {
    const impact = backend.topics.find((t) => t.name === 'impact')!;
    const states = new Map(
      impact.levels.flatMap((l) => l.criteria).map((c) => [c.id, 'not-applicable' as const]),
    );
    expect(topicStanding(impact, states, 80).status).toBe('not-applicable');
  });

  it('refuses a bad threshold even for a topic that has not started', () => {
    expect(() => topicStandings(backend, new Map(), 101)).toThrow(RangeError);
  });
});

describe('compareStanding', () => {
  it('orders by level first, then by sub-level', () => {
    const standings = [
      { level: 3, subLevel: 'A' as const },
      { level: 2, subLevel: 'E' as const },
      { level: 3, subLevel: 'C' as const },
      { level: 2, subLevel: 'B' as const },
    ];
    expect(standings.sort(compareStanding).map((s) => `${s.level}${s.subLevel}`)).toEqual([
      '2B',
      '2E',
      '3A',
      '3C',
    ]);
    expect(compareStanding({ level: 4, subLevel: 'D' }, { level: 4, subLevel: 'D' })).toBe(0);
  });
});

describe('thresholdProblem and parseThreshold: the threshold as typed', () => {
  it('accepts whole percentages from 50 to 100, with spaces or a % sign', () => {
    for (const typed of ['50', '80', '100', ' 75 ', '90%', '65 %']) {
      expect(thresholdProblem(typed), typed).toBeNull();
    }
    expect(parseThreshold(' 90% ')).toBe(90);
  });

  it('says the allowed range and quotes what was typed when it is out of range or not a number', () => {
    expect(thresholdProblem('40')).toBe('Enter a whole percentage from 50 to 100, not “40”.');
    expect(thresholdProblem('101')).toBe('Enter a whole percentage from 50 to 100, not “101”.');
    expect(thresholdProblem('80.5')).toBe('Enter a whole percentage from 50 to 100, not “80.5”.');
    expect(thresholdProblem('eighty')).toMatch(/not “eighty”\.$/);
    expect(thresholdProblem('  ')).toBe('Enter a whole percentage from 50 to 100, not nothing.');
    expect(parseThreshold('40')).toBeNull();
  });
});
