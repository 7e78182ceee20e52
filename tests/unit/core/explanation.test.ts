import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeBands,
  describeSuggestion,
  explainSuggestion,
  subLevelBands,
} from '../../../src/lib/core/explanation.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionState } from '../../../src/lib/core/progress.ts';
import {
  compareStanding,
  levelTallies,
  suggestLevel,
  type LevelTally,
} from '../../../src/lib/core/scoring.ts';

const parsed = parseFramework(
  readFileSync('frameworks/monzo/engineering/backend.md', 'utf8'),
  'backend.md',
);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const backend = parsed.framework;

/** Demonstrates the first `counts[level]` criteria of each level, in reading order. */
function tickFirst(framework: Framework, counts: Record<number, number>) {
  const states = new Map<string, CriterionState>();
  const left = new Map(Object.entries(counts).map(([level, n]) => [Number(level), n]));
  for (const criterion of allCriteria(framework)) {
    const n = left.get(criterion.level) ?? 0;
    if (n > 0) {
      states.set(criterion.id, 'demonstrated');
      left.set(criterion.level, n - 1);
    }
  }
  return states;
}

function backendTallies(counts: Record<number, number>) {
  return levelTallies(backend, tickFirst(backend, counts));
}

function level(level: number, demonstrated: number, applicable: number, notApplicable = 0) {
  return { level, demonstrated, applicable, notApplicable, total: applicable + notApplicable };
}

function withMore(tallies: readonly LevelTally[], at: number, more: number) {
  return tallies.map((t) => (t.level === at ? { ...t, demonstrated: t.demonstrated + more } : t));
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

describe('describeSuggestion', () => {
  it('spells out 3C with the user’s numbers, as the issue words it', () => {
    expect(
      describeSuggestion(explainSuggestion(backendTallies({ 1: 8, 2: 17, 3: 10 }), 80)),
    ).toEqual([
      'Levels 1–2 are at or above 80%: 8/8, 17/21.',
      'At level 3 you show 10 of 26 = 38%, sub-level C.',
      'Sub-levels are fifths of the way to the 80% threshold: A below 16%, B from 16%, C from 32%, D from 48%, E from 64%.',
      'Level 3 is below 80% (21 of 26 needed), so it holds you at level 3.',
      '3 more at level 3 takes you to 3D.',
      '11 more at level 3 takes you to 4A.',
    ]);
  });

  it('names the level that holds the suggestion back and the work it keeps from counting', () => {
    expect(
      describeSuggestion(explainSuggestion(backendTallies({ 1: 6, 2: 21, 3: 26 }), 80)),
    ).toEqual([
      'At level 1 you show 6 of 8 = 75%, sub-level E.',
      'Sub-levels are fifths of the way to the 80% threshold: A below 16%, B from 16%, C from 32%, D from 48%, E from 64%.',
      'Level 1 is below 80% (7 of 8 needed), so it holds you at level 1: the 47 criteria you show above it do not count yet.',
      '1 more at level 1 takes you to 4A.',
    ]);
  });

  it('uses the singular for one level and one criterion', () => {
    const sentences = describeSuggestion(
      explainSuggestion([level(1, 8, 8), level(2, 3, 21), level(3, 1, 26, 1)], 80),
    );
    expect(sentences).toContain('Level 1 is at or above 80%: 8/8.');
    expect(sentences).toContain(
      'Level 2 is below 80% (17 of 21 needed), so it holds you at level 2: the 1 criterion you show above it does not count yet.',
    );
    expect(sentences).toContain('1 criterion marked not applicable is left out.');
  });

  it('says when the suggestion is the highest level, with no "more" to offer at 6E', () => {
    const all = backendTallies({ 1: 8, 2: 21, 3: 26, 4: 37, 5: 32, 6: 11 });
    expect(describeSuggestion(explainSuggestion(all, 80))).toEqual([
      'Levels 1–5 are at or above 80%: 8/8, 21/21, 26/26, 37/37, 32/32.',
      'At level 6 you show 11 of 11 = 100%, sub-level E.',
      'Sub-levels are fifths of the way to the 80% threshold: A below 16%, B from 16%, C from 32%, D from 48%, E from 64%.',
      'Level 6 is the highest level with applicable criteria.',
    ]);
  });

  it('lists levels that are not consecutive one by one, and says which level is skipped', () => {
    const tallies = [
      level(1, 8, 8),
      level(2, 20, 21),
      level(3, 0, 0, 26),
      level(4, 30, 37),
      level(5, 0, 4),
    ];
    expect(describeSuggestion(explainSuggestion(tallies, 80))).toEqual([
      'Levels 1, 2 and 4 are at or above 80%: 8/8, 20/21, 30/37.',
      'At level 5 you show 0 of 4 = 0%, sub-level A.',
      'Sub-levels are fifths of the way to the 80% threshold: A below 16%, B from 16%, C from 32%, D from 48%, E from 64%.',
      'Level 5 is the highest level with applicable criteria.',
      '1 more at level 5 takes you to 5B.',
      '26 criteria marked not applicable are left out.',
      'Level 3 has no applicable criteria, so it is skipped.',
    ]);
  });

  it('rounds percentages down, so 159 of 199 (79.9%) shows as 79% and is below 80%', () => {
    const explanation = explainSuggestion([level(1, 159, 199), level(2, 0, 5)], 80);
    expect(explanation.levels[0]).toMatchObject({ percent: 79, meetsThreshold: false });
    expect(describeSuggestion(explanation)[0]).toBe(
      'At level 1 you show 159 of 199 = 79%, sub-level E.',
    );
  });

  it('says there is no suggestion when nothing applies or the framework has no criteria', () => {
    expect(
      describeSuggestion(explainSuggestion([level(1, 0, 0, 8), level(2, 0, 0, 3)], 80)),
    ).toEqual([
      'No criterion applies (11 criteria marked not applicable), so there is no suggested level.',
    ]);
    expect(describeSuggestion(explainSuggestion([], 80))).toEqual([
      'This framework has no criteria, so there is no suggested level.',
    ]);
  });
});

describe('explainSuggestion', () => {
  it('reads each level of 2E as below, suggested or above, with its numbers', () => {
    const explanation = explainSuggestion(backendTallies({ 1: 8, 2: 16, 3: 26 }), 80);
    expect(explanation.suggestion?.label).toBe('2E');
    expect(explanation.levels.slice(0, 4)).toEqual([
      { ...level(1, 8, 8), role: 'below', percent: 100, required: 7, meetsThreshold: true },
      { ...level(2, 16, 21), role: 'suggested', percent: 76, required: 17, meetsThreshold: false },
      { ...level(3, 26, 26), role: 'above', percent: 100, required: 21, meetsThreshold: true },
      { ...level(4, 0, 37), role: 'above', percent: 0, required: 30, meetsThreshold: false },
    ]);
    expect(explanation.toNextSubLevel).toBeNull();
    expect(explanation.toNextLevel).toMatchObject({ level: 2, more: 1, result: { label: '4A' } });
  });

  it('reads a level with nothing applicable as skipped, with no percentage', () => {
    const explanation = explainSuggestion([level(1, 0, 0, 8), level(2, 4, 21)], 80);
    expect(explanation.levels[0]).toMatchObject({
      role: 'skipped',
      percent: null,
      required: 0,
      meetsThreshold: false,
    });
    expect(explanation.notApplicable).toBe(8);
    expect(explanation.suggestion?.label).toBe('2B');
  });

  it('throws for a bad threshold, like suggestLevel', () => {
    expect(() => explainSuggestion([level(1, 0, 8)], 49)).toThrow(RangeError);
  });

  it('matches the tallies and the rule, and its "more" is the fewest that does it, on 1,000 random cases', () => {
    const random = mulberry32(7);
    const int = (below: number) => Math.floor(random() * below);
    for (let run = 0; run < 1000; run += 1) {
      const threshold = 50 + int(51);
      const tallies: LevelTally[] = [];
      for (let lvl = 1; lvl <= 1 + int(6); lvl += 1) {
        const applicable = int(6) === 0 ? 0 : 1 + int(37);
        tallies.push(level(lvl, int(applicable + 1), applicable, int(3)));
      }
      const case_ = JSON.stringify({ threshold, tallies });
      const explanation = explainSuggestion(tallies, threshold);
      const suggestion = suggestLevel(tallies, threshold);
      expect(explanation.suggestion, case_).toEqual(suggestion);
      expect(explanation.notApplicable).toBe(tallies.reduce((n, t) => n + t.notApplicable, 0));

      for (const [i, reading] of explanation.levels.entries()) {
        const tally = tallies[i]!;
        expect(reading).toMatchObject(tally);
        if (reading.percent === null) {
          expect(reading.role).toBe('skipped');
          continue;
        }
        // Rounded down, never past the truth: percent ≤ 100d/a < percent + 1.
        expect(reading.percent * tally.applicable).toBeLessThanOrEqual(100 * tally.demonstrated);
        expect((reading.percent + 1) * tally.applicable).toBeGreaterThan(100 * tally.demonstrated);
        expect(reading.meetsThreshold, case_).toBe(reading.percent >= threshold);
        expect(reading.meetsThreshold).toBe(reading.demonstrated >= reading.required);
        if (reading.role === 'below') expect(reading.meetsThreshold).toBe(true);
      }

      if (!suggestion) {
        expect(explanation.toNextSubLevel).toBeNull();
        expect(explanation.toNextLevel).toBeNull();
        continue;
      }
      const sentences = describeSuggestion(explanation);
      expect(explanation.started).toBe(tallies.some((t) => t.demonstrated > 0));
      if (!explanation.started) {
        expect(sentences[0]).toMatch(/^You have not started yet/);
        continue;
      }
      expect(sentences.join(' ')).toContain(
        `At level ${suggestion.level} you show ${suggestion.demonstrated} of ${suggestion.applicable} = `,
      );
      for (const reading of explanation.levels.filter((r) => r.role === 'below'))
        expect(sentences[0]).toContain(`${reading.demonstrated}/${reading.applicable}`);

      for (const outcome of [explanation.toNextSubLevel, explanation.toNextLevel]) {
        if (!outcome) continue;
        expect(outcome.level).toBe(suggestion.level);
        expect(outcome.more).toBeGreaterThan(0);
        expect(suggestLevel(withMore(tallies, outcome.level, outcome.more), threshold)).toEqual(
          outcome.result,
        );
        expect(compareStanding(outcome.result, suggestion), case_).toBeGreaterThan(0);
        const oneFewer = suggestLevel(
          withMore(tallies, outcome.level, outcome.more - 1),
          threshold,
        )!;
        if (outcome === explanation.toNextLevel) expect(oneFewer.level).toBe(suggestion.level);
        else expect(oneFewer.label, case_).toBe(suggestion.label);
        expect(sentences).toContain(
          `${outcome.more} more at level ${outcome.level} takes you to ${outcome.result.label}.`,
        );
      }
      expect(explanation.toNextSubLevel === null).toBe(suggestion.subLevel === 'E');
      expect(explanation.toNextLevel === null).toBe(suggestion.heldBy === null);
    }
  });
});

describe('a newcomer, and the sub-level bands', () => {
  it('says a newcomer has not started yet, and how to begin, instead of 1A', () => {
    const explanation = explainSuggestion([level(1, 0, 8), level(2, 0, 21)], 80);
    expect(explanation.started).toBe(false);
    expect(describeSuggestion(explanation)).toEqual([
      'You have not started yet: nothing is ticked, so there is no level to suggest.',
      'Tick each criterion you already demonstrate, from level 1 up, or use Quick start to mark everything below a level at once.',
    ]);
    expect(explainSuggestion([level(1, 1, 8), level(2, 0, 21)], 80).started).toBe(true);
  });

  it('places each sub-level in fifths of the way to the threshold', () => {
    expect(subLevelBands(80).map((band) => [band.subLevel, band.from])).toEqual([
      ['A', 0],
      ['B', 16],
      ['C', 32],
      ['D', 48],
      ['E', 64],
    ]);
    expect(subLevelBands(83).map((band) => band.from)).toEqual([0, 16.6, 33.2, 49.8, 66.4]);
    expect(describeBands(50)).toBe(
      'Sub-levels are fifths of the way to the 50% threshold: A below 10%, B from 10%, C from 20%, D from 30%, E from 40%.',
    );
    expect(() => subLevelBands(40)).toThrow(RangeError);
  });

  it('agrees with the rule: 48% of a level at 80% is sub-level D, just under it C', () => {
    // 12 of 25 = 48%, the start of D; 11 of 25 = 44% is C.
    expect(suggestLevel([level(1, 12, 25), level(2, 0, 5)], 80)?.label).toBe('1D');
    expect(suggestLevel([level(1, 11, 25), level(2, 0, 5)], 80)?.label).toBe('1C');
  });
});
