import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeBase } from '../../../src/lib/core/base-framework.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionState } from '../../../src/lib/core/progress.ts';
import {
  assessmentOfLink,
  encodeShareLink,
  readShareLink,
} from '../../../src/lib/core/share-link.ts';
import { anyText, cpuMsAsync, mutated, SEED } from './mutations.ts';

function shipped(path: string): Framework {
  const result = parseFramework(readFileSync(`frameworks/monzo/${path}`, 'utf8'), path);
  if (!result.ok) throw new Error(`${path} does not parse`);
  return result.framework;
}

/** The backend framework as its page shows it, which is what links are made against. */
const backend = mergeBase(shipped('engineering/backend.md'), shipped('generic.md'));
const criteria = allCriteria(backend);
const STATES: CriterionState[] = ['not-yet', 'demonstrated', 'not-applicable'];

/** CPU time reading one link may take, whatever it holds. */
const BUDGET_MS = 2_000;

/** What a person may share: random states and notes (hostile text included), and a name. */
const shared = fc.record({
  states: fc.array(fc.constantFrom(...STATES), {
    minLength: criteria.length,
    maxLength: criteria.length,
  }),
  evidence: fc.array(fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), {
    minLength: criteria.length,
    maxLength: criteria.length,
  }),
  person: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: null }),
});
type Shared = typeof shared extends fc.Arbitrary<infer T> ? T : never;

const position = new Map(criteria.map((criterion, i) => [criterion.id, i]));

/** The link payload of `what` on the backend framework, as the app makes it. */
function encode(what: Shared): Promise<string> {
  return encodeShareLink({
    framework: backend,
    stateOf: (id) => what.states[position.get(id)!]!,
    noteOf: (id) => {
      const text = what.evidence[position.get(id)!];
      return text === undefined || text === '' ? undefined : { evidence: text };
    },
    threshold: 80,
    target: null,
    person: what.person,
    date: new Date('2026-12-01T00:00:00Z'),
    options: { evidence: true, onlyShown: false },
  });
}

/**
 * Reads a payload as the app does: the link, then its assessment against the framework. It must
 * answer (a value or a message), never throw, in bounded time, and a refusal says something.
 */
async function expectWellBehaved(payload: string): Promise<void> {
  const { result, ms } = await cpuMsAsync(async () => {
    const link = readShareLink(payload);
    if (!link.ok) return link;
    return assessmentOfLink(link.value, backend);
  });
  expect(ms).toBeLessThan(BUDGET_MS);
  if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

describe('share links, random and damaged', () => {
  it('never throws or runs away on random text', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, (text) => expectWellBehaved(text)),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('gives back exactly what was shared, for any states and notes', async () => {
    await fc.assert(
      fc.asyncProperty(shared, async (what) => {
        const link = readShareLink(await encode(what));
        if (!link.ok) throw new Error(link.message);
        const subject = await assessmentOfLink(link.value, backend);
        if (!subject.ok) throw new Error(subject.message);
        expect(subject.value.person).toBe(what.person?.trim() || null);
        for (const [index, criterion] of criteria.entries()) {
          expect(subject.value.stateOf(criterion.id)).toBe(what.states[index]);
          // Evidence travels trimmed; blank evidence is no evidence.
          const evidence = what.evidence[index]?.trim() ?? '';
          expect(subject.value.noteOf(criterion.id)?.evidence ?? '').toBe(evidence);
        }
      }),
      { seed: SEED, numRuns: 25 },
    );
  }, 120_000);

  it('never throws or runs away on damaged real links', async () => {
    const payloads = await Promise.all(fc.sample(shared, { seed: SEED, numRuns: 3 }).map(encode));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...payloads).chain((payload) => mutated(payload)),
        (text) => expectWellBehaved(text),
      ),
      { seed: SEED, numRuns: 200 },
    );
  }, 120_000);
});
