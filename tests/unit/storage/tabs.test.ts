import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createIndexedDbStore,
  createMemoryStore,
  MemoryDatabase,
  type ProgressStore,
  type StoreChange,
} from '../../../src/lib/storage/index.ts';
import { BACKEND, progress } from '../progress-fixture.ts';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const item of opened.splice(0)) item.close();
});

/** Two tabs: two stores on one database, each with its own BroadcastChannel (Node's). */
function twoTabs(databaseName = 'progression') {
  const indexedDB = new IDBFactory();
  const tab = () => {
    const store = createIndexedDbStore({ indexedDB, IDBKeyRange, databaseName, BroadcastChannel });
    const heard: StoreChange[] = [];
    store.subscribe((change) => heard.push(change));
    opened.push(store);
    return { store, heard };
  };
  return [tab(), tab()] as const;
}

/** Resolves with what `heard` holds once it holds `count` changes; fails after a second. */
async function hear(heard: StoreChange[], count = 1) {
  await vi.waitFor(() => expect(heard).toHaveLength(count), { timeout: 1000, interval: 5 });
  return heard;
}

describe('two tabs on the same database', () => {
  it('see each other’s ticks within a second, carried with the record', async () => {
    const [first, second] = twoTabs();
    await first.store.putCriterion(
      progress('impact.2.aaaaaaaaaaaa', { evidence: 'Wrote the RFC' }),
    );

    expect(await hear(second.heard)).toEqual([
      {
        kind: 'criterion',
        frameworkId: BACKEND,
        criterionId: 'impact.2.aaaaaaaaaaaa',
        record: progress('impact.2.aaaaaaaaaaaa', { evidence: 'Wrote the RFC' }),
      },
    ]);
    expect(await second.store.loadFramework(BACKEND)).toEqual([
      progress('impact.2.aaaaaaaaaaaa', { evidence: 'Wrote the RFC' }),
    ]);
    expect(first.heard).toEqual([]);
  });

  it('keep both edits when each tab changes a different criterion at the same time', async () => {
    const [first, second] = twoTabs();
    await Promise.all([
      first.store.putCriterion(progress('impact.2.aaaaaaaaaaaa')),
      second.store.putCriterion(progress('impact.2.bbbbbbbbbbbb', { state: 'not-yet' })),
      first.store.putCriterion(progress('mastery.3.cccccccccccc')),
    ]);
    await hear(first.heard, 1);
    await hear(second.heard, 2);

    const expected = [
      progress('impact.2.aaaaaaaaaaaa'),
      progress('impact.2.bbbbbbbbbbbb', { state: 'not-yet' }),
      progress('mastery.3.cccccccccccc'),
    ];
    expect(await first.store.loadFramework(BACKEND)).toEqual(expected);
    expect(await second.store.loadFramework(BACKEND)).toEqual(expected);
  });

  it('hear of deleted criteria, settings, entries and of a restore or delete-all', async () => {
    const [first, second] = twoTabs();
    await first.store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await first.store.deleteCriterion(BACKEND, 'impact.2.aaaaaaaaaaaa');
    await first.store.putSettings({
      frameworkId: BACKEND,
      threshold: 60,
      target: null,
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
    await first.store.replaceAll({ frameworks: [], collections: {} });
    await first.store.deleteAll();

    expect((await hear(second.heard, 5)).map((change) => change.kind)).toEqual([
      'criterion',
      'criterion',
      'settings',
      'everything',
      'everything',
    ]);
    expect(second.heard[1]).toMatchObject({ criterionId: 'impact.2.aaaaaaaaaaaa', record: null });
  });

  it('only hear tabs of the same database', async () => {
    const [first, second] = twoTabs('progression');
    const [other] = twoTabs('another');
    await other.store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await first.store.putCriterion(progress('impact.2.bbbbbbbbbbbb'));

    expect(await hear(second.heard, 1)).toMatchObject([{ criterionId: 'impact.2.bbbbbbbbbbbb' }]);
  });

  it('read everything again when a message comes from a tab running another version', async () => {
    const [, second] = twoTabs();
    const newerTab = new BroadcastChannel('progression.storage:progression');
    newerTab.postMessage({
      source: 'progression.storage',
      v: 2,
      change: {
        kind: 'criterion',
        frameworkId: BACKEND,
        criterionId: 'x',
        record: { shape: 'new' },
      },
    });
    newerTab.postMessage({ source: 'something else', hello: true });
    newerTab.postMessage({
      source: 'progression.storage',
      v: 1,
      change: { kind: 'criterion', frameworkId: BACKEND, criterionId: 'x', record: { state: 1 } },
    });
    newerTab.close();

    expect(await hear(second.heard, 2)).toEqual([{ kind: 'everything' }, { kind: 'everything' }]);
  });

  it('hear nothing more after closing or unsubscribing', async () => {
    const [first, second] = twoTabs();
    const third = createIndexedDbStore({
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      BroadcastChannel,
    });
    opened.push(third);
    const thirdHeard: StoreChange[] = [];
    const stop = third.subscribe((change) => thirdHeard.push(change));
    stop();
    second.store.close();
    // A fourth tab, still listening, hears the change: by then the others would have too.
    const fourth = createIndexedDbStore({
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      BroadcastChannel,
    });
    opened.push(fourth);
    const fourthHeard: StoreChange[] = [];
    fourth.subscribe((change) => fourthHeard.push(change));
    await first.store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await vi.waitFor(() => expect(fourthHeard).toHaveLength(1), { timeout: 1000 });

    expect(second.heard).toEqual([]);
    expect(thirdHeard).toEqual([]);
  });
});

describe('two memory stores sharing a database and a channel', () => {
  it('behave as two tabs: each sees the other’s records and hears its changes', async () => {
    const database = new MemoryDatabase();
    const stores: ProgressStore[] = [0, 1].map(() =>
      createMemoryStore({ database, BroadcastChannel, channelName: 'memory-tabs' }),
    );
    opened.push(...stores);
    const heard: StoreChange[] = [];
    stores[1]!.subscribe((change) => heard.push(change));
    await stores[0]!.putCriterion(progress('impact.2.aaaaaaaaaaaa'));

    expect(await hear(heard)).toMatchObject([
      { kind: 'criterion', record: progress('impact.2.aaaaaaaaaaaa') },
    ]);
    expect(await stores[1]!.loadFramework(BACKEND)).toEqual([progress('impact.2.aaaaaaaaaaaa')]);
  });
});
