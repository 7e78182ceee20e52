import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  createIndexedDbStore,
  type ProgressStore,
  type StorageProblem,
} from '../../../src/lib/storage/index.ts';
import { BACKEND, progress } from '../progress-fixture.ts';

function open(indexedDB: IDBFactory) {
  const store = createIndexedDbStore({ indexedDB, IDBKeyRange, BroadcastChannel: null });
  const problems: StorageProblem[] = [];
  store.onProblem((problem) => problems.push(problem));
  return { store, problems };
}

/** Runs one request on the app's object store directly, as another program (or version) would. */
function raw<T>(
  indexedDB: IDBFactory,
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('progression', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('records');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const transaction = db.transaction('records', mode);
      const result = run(transaction.objectStore('records'));
      transaction.oncomplete = () => {
        db.close();
        resolve(result.result);
      };
      transaction.onerror = () => reject(transaction.error);
    };
  });
}

const rawPut = (indexedDB: IDBFactory, key: IDBValidKey, value: unknown) =>
  raw(indexedDB, 'readwrite', (store) => store.put(value, key));
const rawGet = (indexedDB: IDBFactory, key: IDBValidKey) =>
  raw<unknown>(indexedDB, 'readonly', (store) => store.get(key));
const rawKeys = (indexedDB: IDBFactory) =>
  raw(indexedDB, 'readonly', (store) => store.getAllKeys());

async function reload(indexedDB: IDBFactory, before: ProgressStore) {
  before.close();
  return open(indexedDB);
}

describe('the IndexedDB progress store', () => {
  it('shows after a reload what was put just before it', async () => {
    const indexedDB = new IDBFactory();
    const first = open(indexedDB).store;
    await first.putCriterion(progress('impact.2.aaaaaaaaaaaa', { evidence: 'Design doc' }));
    await first.putSettings({
      frameworkId: BACKEND,
      threshold: 70,
      target: 3,
      updatedAt: '2025-03-01T10:00:00.000Z',
    });

    const { store, problems } = await reload(indexedDB, first);

    expect(await store.loadFramework(BACKEND)).toEqual([
      progress('impact.2.aaaaaaaaaaaa', { evidence: 'Design doc' }),
    ]);
    expect(await store.loadSettings(BACKEND)).toMatchObject({ threshold: 70, target: 3 });
    expect(store.status).toEqual({ kind: 'ok' });
    expect(problems).toEqual([]);
  });

  it('keeps each criterion under its own key, wrapped with the record version', async () => {
    const indexedDB = new IDBFactory();
    const { store } = open(indexedDB);
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb'));

    expect(await rawKeys(indexedDB)).toEqual([
      ['progress', BACKEND, 'impact.2.aaaaaaaaaaaa'],
      ['progress', BACKEND, 'impact.2.bbbbbbbbbbbb'],
    ]);
    expect(await rawGet(indexedDB, ['progress', BACKEND, 'impact.2.aaaaaaaaaaaa'])).toEqual({
      v: 1,
      ...progress('impact.2.aaaaaaaaaaaa'),
    });
  });

  it('migrates a version 0 record when it is read, and rewrites it in the current version', async () => {
    const indexedDB = new IDBFactory();
    const at = Date.parse('2024-11-20T16:45:00.000Z');
    await rawPut(indexedDB, `progress:${BACKEND}:impact.2.aaaaaaaaaaaa`, {
      done: true,
      note: 'Ran the incident review',
      at,
    });
    await rawPut(indexedDB, `progress:${BACKEND}:mastery.4.bbbbbbbbbbbb`, {
      done: false,
      na: true,
    });
    const { store, problems } = open(indexedDB);

    const migrated = [
      {
        frameworkId: BACKEND,
        criterionId: 'impact.2.aaaaaaaaaaaa',
        state: 'demonstrated',
        evidence: 'Ran the incident review',
        updatedAt: '2024-11-20T16:45:00.000Z',
        topic: 'impact',
        level: 2,
        text: '',
      },
      {
        frameworkId: BACKEND,
        criterionId: 'mastery.4.bbbbbbbbbbbb',
        state: 'not-applicable',
        updatedAt: '1970-01-01T00:00:00.000Z',
        topic: 'mastery',
        level: 4,
        text: '',
      },
    ];
    expect(await store.loadFramework(BACKEND)).toEqual(migrated);
    expect(await store.listFrameworks()).toEqual([BACKEND]);
    expect(problems).toEqual([]);

    expect(await rawKeys(indexedDB)).toEqual([
      ['progress', BACKEND, 'impact.2.aaaaaaaaaaaa'],
      ['progress', BACKEND, 'mastery.4.bbbbbbbbbbbb'],
    ]);
    expect(await rawGet(indexedDB, ['progress', BACKEND, 'impact.2.aaaaaaaaaaaa'])).toEqual({
      v: 1,
      ...migrated[0],
    });
    expect(await (await reload(indexedDB, store)).store.loadFramework(BACKEND)).toEqual(migrated);
  });

  it('prefers a current record over a version 0 one for the same criterion, and replaces both on put', async () => {
    const indexedDB = new IDBFactory();
    await rawPut(indexedDB, `progress:${BACKEND}:impact.2.aaaaaaaaaaaa`, { done: false });
    await rawPut(indexedDB, ['progress', BACKEND, 'impact.2.aaaaaaaaaaaa'], {
      v: 1,
      ...progress('impact.2.aaaaaaaaaaaa'),
    });
    const { store } = open(indexedDB);

    expect(await store.loadFramework(BACKEND)).toEqual([progress('impact.2.aaaaaaaaaaaa')]);
    expect((await store.exportAll()).frameworks[0]?.criteria).toEqual([
      progress('impact.2.aaaaaaaaaaaa'),
    ]);

    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa', { state: 'not-yet' }));
    expect(await rawKeys(indexedDB)).toEqual([['progress', BACKEND, 'impact.2.aaaaaaaaaaaa']]);
  });

  it('leaves a record of a newer version untouched, never overwriting or dropping it, and reports its key', async () => {
    const indexedDB = new IDBFactory();
    const key = ['progress', BACKEND, 'impact.2.aaaaaaaaaaaa'];
    const future = {
      v: 2,
      frameworkId: BACKEND,
      criterionId: 'impact.2.aaaaaaaaaaaa',
      status: { kind: 'shown', confidence: 0.8 },
    };
    await rawPut(indexedDB, key, future);
    const { store, problems } = open(indexedDB);
    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb'));

    expect(await store.loadFramework(BACKEND)).toEqual([progress('impact.2.bbbbbbbbbbbb')]);
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await store.deleteCriterion(BACKEND, 'impact.2.aaaaaaaaaaaa');
    const exported = await store.exportAll();
    await store.replaceAll({ frameworks: [], collections: {} });

    expect(await rawGet(indexedDB, key)).toEqual(future);
    expect(exported.frameworks[0]?.criteria).toEqual([progress('impact.2.bbbbbbbbbbbb')]);
    expect(problems.map((problem) => problem.kind)).toEqual([
      'newer-version', // load
      'newer-version', // put
      'newer-version', // delete
      'newer-version', // export
      'newer-version', // restore
    ]);
    expect(new Set(problems.map((problem) => problem.key))).toEqual(
      new Set(['["progress","engineering/backend","impact.2.aaaaaaaaaaaa"]']),
    );
    expect(problems[0]?.message).toMatch(/newer version of Progression/);
    expect(store.status).toEqual({ kind: 'ok' });

    await store.deleteAll();
    expect(await rawKeys(indexedDB)).toEqual([]);
  });

  it('reports a record it cannot read with its key and leaves it in place', async () => {
    const indexedDB = new IDBFactory();
    const key = ['progress', BACKEND, 'impact.2.aaaaaaaaaaaa'];
    const broken = { v: 1, ...progress('impact.2.aaaaaaaaaaaa'), state: 'done', level: 'two' };
    await rawPut(indexedDB, key, broken);
    const { store, problems } = open(indexedDB);

    expect(await store.loadFramework(BACKEND)).toEqual([]);
    expect(problems).toEqual([
      {
        kind: 'unreadable',
        key: '["progress","engineering/backend","impact.2.aaaaaaaaaaaa"]',
        message: expect.stringMatching(
          /`state` should be one of .*found "done".*`level` should be/,
        ),
      },
    ]);
    expect(await rawGet(indexedDB, key)).toEqual(broken);
  });
});
