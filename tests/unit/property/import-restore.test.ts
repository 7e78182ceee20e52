import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { backupToText, buildBackup } from '../../../src/lib/core/backup.ts';
import { allCriteria } from '../../../src/lib/core/model.ts';
import { Assessment } from '../../../src/lib/state/assessment.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import { Snapshots } from '../../../src/lib/state/snapshots.svelte.ts';
import {
  createMemoryStore,
  MemoryDatabase,
  type ProgressStore,
} from '../../../src/lib/storage/index.ts';
import { fixtureFramework, libraryOf } from '../../ui/helpers.ts';
import { anyText, cpuMsAsync, mutated, SEED } from './mutations.ts';

const tiny = fixtureFramework('scoring-tiny.md');
const NOW = new Date('2026-02-01T12:00:00.000Z');
const snapshotText = (name: string) => readFileSync(`tests/fixtures/snapshots/${name}`, 'utf8');
/** CPU time one import or restore may take, whatever the file. */
const BUDGET_MS = 3_000;

const stores: ProgressStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

/** A page with the person's own progress stored: two ticks and a threshold. */
async function pageWithProgress() {
  const database = new MemoryDatabase();
  const store = createMemoryStore({ database, onProblem: () => undefined });
  stores.push(store);
  const saved = new SavedProgress({ open: async () => store, now: () => NOW });
  const library = libraryOf(tiny, saved);
  await library.load();
  const assessment = new Assessment(tiny, saved, () => NOW);
  await saved.connect(assessment);
  const [one, two] = allCriteria(tiny);
  await store.putCriterion({
    frameworkId: tiny.id,
    criterionId: one!.id,
    state: 'demonstrated',
    updatedAt: '2026-01-01T10:00:00.000Z',
    topic: one!.topic,
    level: one!.level,
    text: one!.text,
  });
  await store.putCriterion({
    frameworkId: tiny.id,
    criterionId: two!.id,
    state: 'not-applicable',
    reason: 'Not in my team',
    updatedAt: '2026-01-01T10:00:00.000Z',
    topic: two!.topic,
    level: two!.level,
    text: two!.text,
  });
  await store.putSettings({
    frameworkId: tiny.id,
    threshold: 60,
    target: null,
    updatedAt: '2026-01-01T10:00:00.000Z',
  });
  const snapshots = new Snapshots({
    saved,
    library,
    assessment: () => assessment,
    loadShippedSource: async () => undefined,
    reload: async () => {},
    now: () => NOW,
  });
  return { database, store, saved, snapshots };
}

const everything = (database: MemoryDatabase) => JSON.stringify(database.entries(null));

describe('snapshot import, on random and damaged files', () => {
  it('never throws or runs away, and a refused file changes nothing stored', async () => {
    const files = fc.oneof(
      anyText,
      fc
        .constantFrom(snapshotText('self.json'), snapshotText('manager.json'))
        .chain((text) => mutated(text)),
    );
    await fc.assert(
      fc.asyncProperty(files, async (text) => {
        const page = await pageWithProgress();
        const before = everything(page.database);
        const { ms } = await cpuMsAsync(() => page.snapshots.openText(text, 'random.json'));
        expect(ms).toBeLessThan(BUDGET_MS);
        // Opening only prepares: nothing is stored until the person chooses.
        expect(everything(page.database)).toBe(before);
        if (page.snapshots.message?.kind === 'error') expect(page.snapshots.pending).toBeNull();
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { seed: SEED, numRuns: 120 },
    );
  }, 120_000);
});

describe('backup restore, on random and damaged files', () => {
  it('never throws or runs away, and a refused file changes nothing stored', async () => {
    const seedPage = await pageWithProgress();
    const backup = backupToText(buildBackup(await seedPage.store.exportAll(), NOW));
    const files = fc.oneof(anyText, mutated(backup));
    await fc.assert(
      fc.asyncProperty(files, async (text) => {
        const page = await pageWithProgress();
        const before = everything(page.database);
        const { result, ms } = await cpuMsAsync(() => page.saved.restore(text));
        expect(ms).toBeLessThan(BUDGET_MS);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          expect(everything(page.database)).toBe(before);
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { seed: SEED, numRuns: 120 },
    );
  }, 120_000);
});
