import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { anyText, cpuMs, mutated, SEED } from './mutations.ts';

const fixture = (name: string) => readFileSync(`tests/fixtures/frameworks/${name}`, 'utf8');

/** CPU time one parse may take, whatever the input: far above a real file's few milliseconds. */
const BUDGET_MS = 2_000;

/** What every parse must give: a result, never a throw, in bounded time, with typed problems. */
function expectWellBehaved(text: string): void {
  const { result, ms } = cpuMs(() => parseFramework(text, 'random.md'));
  expect(ms).toBeLessThan(BUDGET_MS);
  expect(Array.isArray(result.problems)).toBe(true);
  for (const problem of result.problems) {
    expect(['error', 'warning']).toContain(problem.severity);
    expect(typeof problem.message).toBe('string');
  }
  if (!result.ok)
    expect(result.problems.some((problem) => problem.severity === 'error')).toBe(true);
  // Hostile keys are data, never prototypes.
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

describe('the framework parser, on random and damaged files', () => {
  it('never throws or runs away on random text', () => {
    fc.assert(
      fc.property(anyText, (text) => expectWellBehaved(text)),
      {
        seed: SEED,
        numRuns: 300,
      },
    );
  });

  it('never throws or runs away on damaged real frameworks', () => {
    const sources = fc.constantFrom(
      fixture('levelled.md'),
      fixture('prose.md'),
      fixture('byo-team.md'),
      fixture('alias-bomb.md'),
      fixture('backend-mojibake.md'),
    );
    fc.assert(
      fc.property(
        sources.chain((source) => mutated(source)),
        (text) => expectWellBehaved(text),
      ),
      { seed: SEED, numRuns: 150 },
    );
  }, 120_000);

  it('gives the same answer twice for the same text', () => {
    fc.assert(
      fc.property(mutated(fixture('levelled.md')), (text) => {
        expect(parseFramework(text, 'a.md')).toEqual(parseFramework(text, 'a.md'));
      }),
      { seed: SEED, numRuns: 60 },
    );
  }, 60_000);
});
