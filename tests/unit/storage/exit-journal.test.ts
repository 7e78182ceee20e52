import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { exitJournal } from '../../../src/lib/storage/exit-journal.ts';
import { openProgressStore } from '../../../src/lib/storage/index.ts';
import { BACKEND, progress } from '../progress-fixture.ts';

/** A Web Storage kept in a Map, as the browser's localStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

async function open(indexedDB: IDBFactory, storage: Storage) {
  return openProgressStore({
    indexedDB,
    IDBKeyRange,
    BroadcastChannel: null,
    exitJournal: exitJournal(storage),
  });
}

describe('the exit journal', () => {
  it('keeps a change written as the page goes away, and the next page stores it', async () => {
    const indexedDB = new IDBFactory();
    const storage = memoryStorage();
    const leaving = await open(indexedDB, storage);
    // As if the page were unloaded before IndexedDB finished: the journal holds the change.
    leaving.putCriterionAtExit(progress('impact.2.a', { evidence: 'Typed at the last moment' }));
    expect(storage.getItem('progression.exit-journal')).toContain('Typed at the last moment');

    const next = await open(new IDBFactory(), storage);
    expect(await next.loadFramework(BACKEND)).toEqual([
      progress('impact.2.a', { evidence: 'Typed at the last moment' }),
    ]);
    expect(storage.getItem('progression.exit-journal')).toBeNull();
    leaving.close();
    next.close();
  });

  it('never puts an older noted change over a newer stored one', async () => {
    const indexedDB = new IDBFactory();
    const storage = memoryStorage();
    const store = await open(indexedDB, storage);
    await store.putCriterion(
      progress('impact.2.a', { evidence: 'newer', updatedAt: '2025-03-02T10:00:00.000Z' }),
    );
    exitJournal(storage)!.keep([progress('impact.2.a', { evidence: 'older' })]);
    store.close();

    const next = await open(indexedDB, storage);
    expect((await next.loadFramework(BACKEND))[0]?.evidence).toBe('newer');
    next.close();
  });

  it('ignores a note that is not valid records', async () => {
    const storage = memoryStorage();
    storage.setItem('progression.exit-journal', '[{"criterionId":1},"<script>"]');
    expect(exitJournal(storage)!.take()).toEqual([]);
    storage.setItem('progression.exit-journal', 'not json');
    expect(exitJournal(storage)!.take()).toEqual([]);
  });
});
