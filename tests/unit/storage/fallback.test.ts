import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backupToText, buildBackup, parseBackup } from '../../../src/lib/core/backup.ts';
import { EXPORT_ID, EXPORT_ID_KEY } from '../../../src/lib/core/export-id.ts';
import {
  createIndexedDbStore,
  openProgressStore,
  type IndexedDbStoreOptions,
  type StorageProblem,
  type StoreChange,
} from '../../../src/lib/storage/index.ts';
import { RETRY_AFTER_MS } from '../../../src/lib/storage/fallback.ts';
import { BACKEND, progress } from '../progress-fixture.ts';

const closing: { close(): void }[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const store of closing.splice(0)) store.close();
});

async function openWatched(options: IndexedDbStoreOptions) {
  const problems: StorageProblem[] = [];
  const store = await openProgressStore({
    BroadcastChannel: null,
    IDBKeyRange,
    onProblem: (problem) => problems.push(problem),
    ...options,
  });
  closing.push(store);
  return { store, problems };
}

/** An IndexedDB whose `open` request fails with `error`, as a blocked or broken one does. */
function failingIndexedDb(error: DOMException): IDBFactory {
  return {
    open() {
      const request: Partial<IDBOpenDBRequest> = { error, onerror: null };
      setTimeout(() => request.onerror?.call(request as IDBOpenDBRequest, new Event('error')));
      return request;
    },
  } as unknown as IDBFactory;
}

/** Makes every put in IndexedDB fail as a full disk does. */
function fillTheDisk() {
  return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  });
}

/** The store keeps working: what is put can be read, exported and restored. */
async function expectWorkingInMemory(store: Awaited<ReturnType<typeof openProgressStore>>) {
  await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
  await store.putSettings({
    frameworkId: BACKEND,
    threshold: 90,
    target: 5,
    updatedAt: '2025-03-01T10:00:00.000Z',
  });
  expect(await store.loadFramework(BACKEND)).toEqual([progress('impact.2.aaaaaaaaaaaa')]);
  const backup = parseBackup(backupToText(buildBackup(await store.exportAll(), new Date())));
  expect(backup.ok && backup.backup.frameworks[0]?.criteria).toEqual([
    progress('impact.2.aaaaaaaaaaaa'),
  ]);
}

describe('a browser where IndexedDB cannot be used', () => {
  it('without IndexedDB at all, works in memory and says so', async () => {
    const { store, problems } = await openWatched({ indexedDB: undefined });

    expect(store.status).toEqual({
      kind: 'unavailable',
      reason: 'IndexedDB could not be opened (this browser has no IndexedDB)',
    });
    expect(problems).toEqual([
      {
        kind: 'unavailable',
        key: '*',
        message:
          'IndexedDB could not be opened (this browser has no IndexedDB). Progress is kept in ' +
          'memory until this tab closes: make a backup to keep it.',
      },
    ]);
    await expectWorkingInMemory(store);
    expect(problems).toHaveLength(1);
  });

  it('when opening throws, as in a private window, works in memory and gives the reason', async () => {
    const privateWindow = {
      open() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const { store } = await openWatched({ indexedDB: privateWindow });

    expect(store.status).toEqual({
      kind: 'unavailable',
      reason: 'IndexedDB could not be opened (SecurityError: The operation is insecure.)',
    });
    await expectWorkingInMemory(store);
  });

  it('when the open request fails with an error event, works in memory and gives the reason', async () => {
    const error = new DOMException('A mutation operation was attempted', 'InvalidStateError');
    const { store } = await openWatched({ indexedDB: failingIndexedDb(error) });

    expect(store.status).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('InvalidStateError'),
    });
    await expectWorkingInMemory(store);
  });

  it('when opening never answers, gives up after the timeout and works in memory', async () => {
    const silent = { open: () => ({}) } as unknown as IDBFactory;
    const { store } = await openWatched({ indexedDB: silent, openTimeoutMs: 20 });

    expect(store.status).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('20 ms'),
    });
    await expectWorkingInMemory(store);
  });

  it('reports the move to memory to a listener, with the key that was being used', async () => {
    const store = createIndexedDbStore({ indexedDB: undefined, BroadcastChannel: null });
    closing.push(store);
    const problems: StorageProblem[] = [];
    store.onProblem((problem) => problems.push(problem));

    expect(await store.loadFramework(BACKEND)).toEqual([]);
    expect(problems).toEqual([
      {
        kind: 'unavailable',
        key: '["progress","engineering/backend"]',
        message: expect.stringMatching(/kept in memory .* make a backup/),
      },
    ]);
  });
});

describe('a transaction the browser aborts without a reason', () => {
  it('is reported in words, never as "IndexedDB failed (null)"', async () => {
    const { store, problems } = await openWatched({ indexedDB: new IDBFactory() });
    await store.loadFramework(BACKEND);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore) {
      this.transaction.abort();
      return {} as IDBRequest<IDBValidKey>;
    });
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));

    expect(store.status).toEqual({
      kind: 'unavailable',
      reason:
        'IndexedDB failed (AbortError: the browser aborted the transaction without giving a reason, so nothing in it was saved)',
    });
    expect(problems.map((problem) => problem.message).join(' ')).not.toContain('null');
  });
});

describe('a browser whose storage is full', () => {
  it('reports "full" with the key of the refused write and keeps all data, old and new, in memory', async () => {
    const indexedDB = new IDBFactory();
    const { store, problems } = await openWatched({ indexedDB });
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    fillTheDisk();

    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb', { evidence: 'Only in memory' }));

    expect(store.status).toEqual({ kind: 'full' });
    expect(problems).toEqual([
      {
        kind: 'full',
        key: '["progress","engineering/backend","impact.2.bbbbbbbbbbbb"]',
        message: expect.stringContaining('no more room'),
      },
    ]);
    const both = [
      progress('impact.2.aaaaaaaaaaaa'),
      progress('impact.2.bbbbbbbbbbbb', { evidence: 'Only in memory' }),
    ];
    expect(await store.loadFramework(BACKEND)).toEqual(both);
    expect((await store.exportAll()).frameworks[0]?.criteria).toEqual(both);
    await store.putCriterion(progress('impact.2.cccccccccccc'));
    expect(await store.loadFramework(BACKEND)).toHaveLength(3);
    expect(problems).toHaveLength(1);

    vi.restoreAllMocks();
    const afterReload = await openWatched({ indexedDB });
    expect(await afterReload.store.loadFramework(BACKEND)).toEqual([
      progress('impact.2.aaaaaaaaaaaa'),
    ]);
  });

  it('goes back to IndexedDB once it has room again, writing what memory kept meanwhile', async () => {
    let now = Date.parse('2026-12-01T10:00:00.000Z');
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const indexedDB = new IDBFactory();
    const { store, problems } = await openWatched({ indexedDB });
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    const full = fillTheDisk();
    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb', { evidence: 'Only in memory' }));
    expect(store.status).toEqual({ kind: 'full' });
    full.mockRestore();

    // Soon after, memory is still used: the disk is not tried on every write.
    now += 1_000;
    await store.putCriterion(progress('impact.2.cccccccccccc'));
    expect(store.status).toEqual({ kind: 'full' });

    // Later, the next write finds room: memory's records go to IndexedDB, then the write.
    now += RETRY_AFTER_MS;
    await store.putCriterion(progress('impact.2.dddddddddddd'));
    expect(store.status).toEqual({ kind: 'ok' });
    expect(problems.map((problem) => problem.kind)).toEqual(['full', 'recovered']);

    const afterReload = await openWatched({ indexedDB });
    expect(
      (await afterReload.store.loadFramework(BACKEND)).map((record) => record.criterionId),
    ).toEqual([
      'impact.2.aaaaaaaaaaaa',
      'impact.2.bbbbbbbbbbbb',
      'impact.2.cccccccccccc',
      'impact.2.dddddddddddd',
    ]);
    expect((await afterReload.store.loadFramework(BACKEND))[1]?.evidence).toBe('Only in memory');
  });

  it('deletes from IndexedDB, once it works again, what was deleted in memory meanwhile', async () => {
    let now = Date.parse('2026-12-01T10:00:00.000Z');
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const indexedDB = new IDBFactory();
    const { store, problems } = await openWatched({ indexedDB });
    for (const id of ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'eeeeeeeeeeee'])
      await store.putCriterion(progress(`impact.2.${id}`));
    await store.putEntry(EXPORT_ID, EXPORT_ID_KEY, '0b9d6f3e-6c1a-4d8e-9f2a-3c4b5d6e7f80');
    expect((await store.loadCollection(EXPORT_ID)).size).toBe(1);
    const full = fillTheDisk();
    await store.putCriterion(progress('impact.2.cccccccccccc'));
    expect(store.status).toEqual({ kind: 'full' });

    // In memory: a record and an entry deleted, and one deleted then written again.
    await store.deleteCriterion(BACKEND, 'impact.2.aaaaaaaaaaaa');
    await store.deleteEntry(EXPORT_ID, EXPORT_ID_KEY);
    await store.deleteCriterion(BACKEND, 'impact.2.bbbbbbbbbbbb');
    const unticked = progress('impact.2.bbbbbbbbbbbb', {
      state: 'not-yet',
      updatedAt: new Date(now).toISOString(),
    });
    await store.putCriterion(unticked);
    await store.deleteCriterion(BACKEND, 'impact.2.eeeeeeeeeeee');
    full.mockRestore();
    // Meanwhile another tab, on IndexedDB, changed one of the deleted records after memory did.
    now += 1_000;
    const otherTab = await openWatched({ indexedDB });
    const later = progress('impact.2.eeeeeeeeeeee', { updatedAt: new Date(now).toISOString() });
    await otherTab.store.putCriterion(later);

    now += RETRY_AFTER_MS;
    await store.putCriterion(progress('impact.2.dddddddddddd'));
    expect(problems.map((problem) => problem.kind)).toEqual(['full', 'recovered']);

    const afterReload = await openWatched({ indexedDB });
    expect(await afterReload.store.loadFramework(BACKEND)).toEqual([
      unticked,
      progress('impact.2.cccccccccccc'),
      progress('impact.2.dddddddddddd'),
      later,
    ]);
    expect((await afterReload.store.loadCollection(EXPORT_ID)).size).toBe(0);
  });

  it('keeps trying while IndexedDB still fails, and never loses what memory holds', async () => {
    let now = Date.parse('2026-12-01T10:00:00.000Z');
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const { store, problems } = await openWatched({ indexedDB: new IDBFactory() });
    fillTheDisk();
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    now += RETRY_AFTER_MS;
    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb'));
    expect(store.status).toEqual({ kind: 'full' });
    expect(problems.map((problem) => problem.kind)).toEqual(['full']);
    expect(await store.loadFramework(BACKEND)).toHaveLength(2);
  });

  it('leaves IndexedDB unchanged by a restore that does not fit, and keeps the restored data in memory', async () => {
    const indexedDB = new IDBFactory();
    const { store } = await openWatched({ indexedDB });
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    const restored = {
      frameworks: [
        {
          frameworkId: BACKEND,
          settings: null,
          criteria: [progress('impact.2.bbbbbbbbbbbb'), progress('impact.2.cccccccccccc')],
        },
      ],
      collections: {},
    };
    fillTheDisk();

    await store.replaceAll(restored);

    expect(store.status).toEqual({ kind: 'full' });
    expect(await store.exportAll()).toEqual(restored);
    vi.restoreAllMocks();
    const afterReload = await openWatched({ indexedDB });
    expect(await afterReload.store.loadFramework(BACKEND)).toEqual([
      progress('impact.2.aaaaaaaaaaaa'),
    ]);
  });

  it('deletes everything from IndexedDB too on "delete all", and goes back to it', async () => {
    const indexedDB = new IDBFactory();
    const { store } = await openWatched({ indexedDB });
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    fillTheDisk();
    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb'));
    expect(store.status).toEqual({ kind: 'full' });

    await store.deleteAll();
    vi.restoreAllMocks();

    expect(store.status).toEqual({ kind: 'ok' });
    await store.putCriterion(progress('impact.2.cccccccccccc'));
    const afterReload = await openWatched({ indexedDB });
    expect(await afterReload.store.loadFramework(BACKEND)).toEqual([
      progress('impact.2.cccccccccccc'),
    ]);
  });

  it('stops telling other tabs of changes once it works in memory', async () => {
    const indexedDB = new IDBFactory();
    const { store } = await openWatched({ indexedDB, BroadcastChannel });
    const { store: other } = await openWatched({ indexedDB, BroadcastChannel });
    const heard: StoreChange[] = [];
    other.subscribe((change) => heard.push(change));
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await vi.waitFor(() => expect(heard).toHaveLength(1), { timeout: 1000 });
    const full = fillTheDisk();

    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb'));
    full.mockRestore();
    // A third tab's later change arrives: the one kept in memory would have come before it.
    const { store: third } = await openWatched({ indexedDB, BroadcastChannel });
    await third.putCriterion(progress('impact.2.cccccccccccc'));
    await vi.waitFor(() => expect(heard).toHaveLength(2), { timeout: 1000 });

    expect(store.status).toEqual({ kind: 'full' });
    expect(heard.map((change) => change.kind === 'criterion' && change.criterionId)).toEqual([
      'impact.2.aaaaaaaaaaaa',
      'impact.2.cccccccccccc',
    ]);
  });
});
