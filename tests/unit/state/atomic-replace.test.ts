import { describe, expect, it } from 'vitest';
import { CHECKPOINTS, progressState, recordsOf } from '../../../src/lib/core/checkpoint.ts';
import { decodeLog } from '../../../src/lib/core/checkpoint-log.ts';
import { takeCheckpoint } from '../../../src/lib/state/checkpoint-writes.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import { memoryBackend, MemoryDatabase, type Backend } from '../../../src/lib/storage/backend.ts';
import { BackendStore } from '../../../src/lib/storage/store.ts';
import { createMemoryStore } from '../../../src/lib/storage/index.ts';
import { BACKEND, progress } from '../progress-fixture.ts';

const before = [progress('impact.2.aaaaaaaaaaaa'), progress('impact.2.bbbbbbbbbbbb')];
const after = [
  progress('impact.2.bbbbbbbbbbbb', { state: 'not-applicable' }),
  ...['c', 'd', 'e', 'f'].map((letter) => progress(`impact.2.${letter.repeat(12)}`)),
];
const settings = {
  frameworkId: BACKEND,
  threshold: 70,
  target: null,
  updatedAt: '2025-03-02T10:00:00.000Z',
};

/**
 * A store whose backend stops after `writes` write transactions, as a page that is reloaded or
 * closed stops: every later transaction is lost.
 */
function storeStoppingAfter(database: MemoryDatabase, writes: number) {
  const backend = memoryBackend(database);
  let left = writes;
  const stopping: Backend = {
    ...backend,
    update: (keys, plan) =>
      left-- > 0 ? backend.update(keys, plan) : Promise.reject(new Error('the page went away')),
    updateAll: (plan) =>
      left-- > 0 ? backend.updateAll(plan) : Promise.reject(new Error('the page went away')),
  };
  return new BackendStore({
    backend: stopping,
    fallBackToMemory: false,
    BroadcastChannel: null,
    channelName: 'atomic',
    onProblem: () => undefined,
  });
}

async function stored(database: MemoryDatabase) {
  const store = createMemoryStore({ database });
  const result = {
    records: await store.loadFramework(BACKEND),
    settings: await store.loadSettings(BACKEND),
  };
  store.close();
  return result;
}

describe('replacing a framework’s progress (an import, a merge, an undo)', () => {
  it('is one transaction: stopped at any point, storage holds all of it or none of it', async () => {
    for (const writes of [0, 1, 2, 3, 5, 8]) {
      const database = new MemoryDatabase();
      const setup = createMemoryStore({ database });
      for (const record of before) await setup.putCriterion(record);
      setup.close();

      const store = storeStoppingAfter(database, writes);
      const saved = new SavedProgress({ open: async () => store });
      await saved.replaceFramework(BACKEND, after, settings);
      store.close();

      const { records, settings: kept } = await stored(database);
      const all = records.length === after.length && kept?.threshold === 70;
      const none = records.length === before.length && kept === null;
      expect({ writes, allOrNothing: all || none }).toEqual({ writes, allOrNothing: true });
      expect(records).toEqual(all ? after : before);
    }
  });

  it('writes the checkpoint an import keeps in the same transaction as the import', async () => {
    const framework = { id: BACKEND, sourceHash: 'hash', criteria: [] };
    for (const writes of [0, 1]) {
      const database = new MemoryDatabase();
      const setup = createMemoryStore({ database });
      for (const record of before) await setup.putCriterion(record);
      setup.close();

      const store = storeStoppingAfter(database, writes);
      const saved = new SavedProgress({ open: async () => store });
      const at = new Date('2025-03-03T10:00:00.000Z');
      await saved.replaceFramework(BACKEND, after, settings, [
        takeCheckpoint(BACKEND, progressState(framework, before, null), {
          cause: 'before-import',
          takenAt: at,
          undo: (checkpointId) => ({
            kind: 'import',
            label: 'mine.json',
            checkpointId,
            unloadFramework: null,
            at: at.toISOString(),
          }),
        }),
      ]);
      store.close();

      const { records } = await stored(database);
      const reader = createMemoryStore({ database });
      const log = (await reader.loadCollection(CHECKPOINTS)).get(BACKEND);
      reader.close();
      expect({
        writes,
        imported: records.length === after.length,
        checkpoint: log !== undefined,
      }).toEqual({ writes, imported: writes > 0, checkpoint: writes > 0 });
      if (log) expect(recordsOf(decodeLog(log).checkpoints[0]!, BACKEND)).toEqual(before);
    }
  });

  it('deletes the records the new progress lacks, and the settings when it has none', async () => {
    const database = new MemoryDatabase();
    const store = createMemoryStore({ database });
    for (const record of before) await store.putCriterion(record);
    await store.putSettings(settings);
    expect(await store.replaceFramework(BACKEND, after.slice(0, 1), null)).toBe(true);
    expect(await store.loadFramework(BACKEND)).toEqual(after.slice(0, 1));
    expect(await store.loadSettings(BACKEND)).toBeNull();
    store.close();
  });

  it('refuses records it could not read back, changing nothing', async () => {
    const database = new MemoryDatabase();
    const store = createMemoryStore({ database, onProblem: () => undefined });
    for (const record of before) await store.putCriterion(record);
    const broken = { ...after[0]!, state: 'maybe' } as unknown as (typeof after)[number];
    expect(await store.replaceFramework(BACKEND, [broken], null)).toBe(false);
    expect(await store.loadFramework(BACKEND)).toEqual(before);
    store.close();
  });
});
