import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria } from '../../../src/lib/core/model.ts';
import { stepTowards } from '../../../src/lib/core/next-steps.ts';
import type { CriterionState } from '../../../src/lib/core/progress.ts';
import { levelTallies, ticksToReach } from '../../../src/lib/core/scoring.ts';

const parsed = parseFramework(
  readFileSync('frameworks/monzo/engineering/backend.md', 'utf8'),
  'backend.md',
);
if (!parsed.ok) throw new Error('backend framework does not parse');
const framework = parsed.framework;
const criteria = allCriteria(framework);

/** Small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ticksToReach', () => {
  it('is 0 when the suggestion already reaches the level and null for a level without criteria', () => {
    const states = new Map<string, CriterionState>(
      criteria.map((c) => [c.id, c.level <= 3 ? 'demonstrated' : 'not-yet']),
    );
    const tallies = levelTallies(framework, states);
    expect(ticksToReach(tallies, 80, 2)).toBe(0);
    expect(ticksToReach(tallies, 80, 4)).toBe(0);
    expect(ticksToReach(tallies, 80, 9)).toBeNull();
  });

  it('counts what each lower level lacks: nothing ticked needs 7 + 17 + 21 to reach level 4 at 80%', () => {
    const tallies = levelTallies(framework, new Map());
    expect(ticksToReach(tallies, 80, 4)).toBe(7 + 17 + 21);
  });

  it('agrees with the fewest ticks what-is-next finds for a target, over many random assessments', () => {
    const next = random(42);
    const states: CriterionState[] = ['demonstrated', 'not-yet', 'not-applicable'];
    for (let run = 0; run < 200; run++) {
      const bias = next();
      const map = new Map<string, CriterionState>(
        criteria.map((c) => [
          c.id,
          next() < bias ? 'demonstrated' : states[Math.floor(next() * 3)]!,
        ]),
      );
      const threshold = 50 + Math.floor(next() * 51);
      const level = 1 + Math.floor(next() * 6);
      const tallies = levelTallies(framework, map);
      const step = stepTowards(framework, map, threshold, { kind: 'target', level });
      const expected =
        step?.status === 'reachable' ? step.criteria.length : step?.status === 'reached' ? 0 : null;
      expect(ticksToReach(tallies, threshold, level)).toBe(expected);
    }
  });
});
