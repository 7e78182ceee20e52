import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { backupToText, buildBackup } from '../../../src/lib/core/backup.ts';
import type { Framework } from '../../../src/lib/core/model.ts';
import { allCriteria } from '../../../src/lib/core/model.ts';
import type { CriterionProgress } from '../../../src/lib/core/progress.ts';
import { Assessment } from '../../../src/lib/state/assessment.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import { MemoryDatabase } from '../../../src/lib/storage/index.ts';
import { fixtureFramework } from '../../ui/helpers.ts';
import { memoryStore } from './memory-stores.ts';

const framework = fixtureFramework('small.md');
const [first, second] = allCriteria(framework);
const OTHER = 'engineering/web';

function record(frameworkId: string, criterionId: string, text = 'Old wording'): CriterionProgress {
  return {
    frameworkId,
    criterionId,
    state: 'demonstrated',
    evidence: 'Led the migration',
    updatedAt: '2026-01-05T09:30:00.000Z',
    topic: first!.topic,
    level: first!.level,
    text,
  };
}

/** Three records on criteria the framework lacks, one on a criterion it has. */
const vanished = ['gone.1.aaaaaaaaaaaa', 'gone.1.bbbbbbbbbbbb', 'gone.1.cccccccccccc'];
const backupText = backupToText(
  buildBackup(
    {
      frameworks: [
        {
          frameworkId: framework.id,
          settings: null,
          criteria: [
            record(framework.id, first!.id),
            ...vanished.map((id) => record(framework.id, id)),
          ],
        },
        { frameworkId: OTHER, settings: null, criteria: [record(OTHER, 'gone.1.dddddddddddd')] },
      ],
      collections: {},
    },
    new Date('2026-01-05T10:00:00.000Z'),
  ),
);

async function open(database: MemoryDatabase, shown: Framework = framework) {
  const store = memoryStore(database);
  const saved = new SavedProgress({
    open: async () => store,
    knownCriteria: async (id) => (id === OTHER ? new Set(['web.1.known0000000']) : null),
  });
  const assessment = new Assessment(shown, saved);
  await saved.connect(assessment);
  return { store, saved, assessment };
}

describe('a restored backup’s progress on criteria a framework does not have', () => {
  it('is kept aside, counted on load, and read only when the person asks', async () => {
    const database = new MemoryDatabase();
    const tab = await open(database);
    expect((await tab.saved.restore(backupText)).ok).toBe(true);
    flushSync();
    expect(tab.assessment.state(first!.id)).toBe('demonstrated');
    expect(tab.assessment.orphaned.waiting).toBe(3);
    expect(tab.assessment.orphaned.count).toBe(3);
    expect(tab.assessment.orphans).toEqual([]);
    // The other framework's criteria came from `knownCriteria`: its record is kept aside too.
    expect(await tab.store.loadDetachedIds(OTHER)).toEqual(['gone.1.dddddddddddd']);
    expect(await tab.store.loadFramework(OTHER)).toEqual([]);

    const reloaded = await open(database);
    expect(reloaded.assessment.orphaned.waiting).toBe(3);
    await reloaded.assessment.orphaned.read();
    flushSync();
    expect(reloaded.assessment.orphans.map((one) => one.criterionId)).toEqual(vanished);
    expect(reloaded.assessment.orphaned.waiting).toBe(0);
  });

  it('is re-attached or discarded for good', async () => {
    const database = new MemoryDatabase();
    const tab = await open(database);
    await tab.saved.restore(backupText);
    await tab.assessment.orphaned.read();
    flushSync();
    const [toAttach, toDiscard] = tab.assessment.orphans;
    expect(tab.assessment.reattach(toAttach!, second!)).toBe(true);
    tab.assessment.discard(toDiscard!);
    flushSync();
    expect(tab.assessment.orphans.map((one) => one.criterionId)).toEqual([vanished[2]]);
    await until(async () => (await tab.store.loadDetachedIds(framework.id)).length === 1);

    const reloaded = await open(database);
    expect(reloaded.assessment.record(second!.id)).toMatchObject({
      state: 'demonstrated',
      evidence: 'Led the migration',
    });
    expect(reloaded.assessment.orphaned.count).toBe(1);
  });

  it('comes back by itself when the framework has its criteria again', async () => {
    const database = new MemoryDatabase();
    const tab = await open(database);
    await tab.saved.restore(backupText);
    // The file changes back: the first vanished criterion is there again.
    const back: Framework = structuredClone(framework);
    back.topics[0]!.levels[0]!.criteria.push({ ...first!, id: vanished[0]!, text: 'Old wording' });
    const reloaded = await open(database, back);
    expect(reloaded.assessment.state(vanished[0]!)).toBe('demonstrated');
    expect(reloaded.assessment.orphaned.count).toBe(2);
    expect(await reloaded.store.loadDetachedIds(framework.id)).toEqual(vanished.slice(1));
  });

  it('goes into a backup and out of it again, aside once more', async () => {
    const database = new MemoryDatabase();
    const tab = await open(database);
    await tab.saved.restore(backupText);
    const { text } = await tab.saved.backup();
    const elsewhere = await open(new MemoryDatabase());
    await elsewhere.saved.restore(text);
    expect(await elsewhere.store.loadDetachedIds(framework.id)).toEqual(vanished);
    expect(elsewhere.assessment.orphaned.count).toBe(3);
  });

  it('goes when the framework’s progress is deleted', async () => {
    const database = new MemoryDatabase();
    const tab = await open(database);
    await tab.saved.restore(backupText);
    await tab.saved.deleteFrameworkProgress(OTHER);
    expect(await tab.store.loadDetachedIds(OTHER)).toEqual([]);
    expect(await tab.store.loadDetachedIds(framework.id)).toEqual(vanished);
  });
});

async function until(check: () => Promise<boolean>, ms = 1000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
