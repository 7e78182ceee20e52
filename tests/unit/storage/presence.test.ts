import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openProgressStore } from '../../../src/lib/storage/open.ts';
import { DATABASE_NAME, hasStoredData } from '../../../src/lib/storage/presence.ts';

describe('hasStoredData', () => {
  it('is false in a browser that never kept anything of the app, and asking creates nothing', async () => {
    const factory = new IDBFactory();
    expect(await hasStoredData(factory)).toBe(false);
    expect(await factory.databases()).toEqual([]);
  });

  it('is true once the app has opened its store here', async () => {
    const factory = new IDBFactory();
    const store = await openProgressStore({
      indexedDB: factory,
      IDBKeyRange,
      BroadcastChannel: null,
      exitJournal: null,
    });
    expect(store.status.kind).toBe('ok');
    expect((await factory.databases()).map((database) => database.name)).toEqual([DATABASE_NAME]);
    expect(await hasStoredData(factory)).toBe(true);
  });

  it('cannot say (null) without a list of databases, or when asking fails', async () => {
    expect(await hasStoredData(undefined)).toBeNull();
    const refusing = {
      databases: () => Promise.reject(new DOMException('blocked', 'SecurityError')),
    } as unknown as IDBFactory;
    expect(await hasStoredData(refusing)).toBeNull();
  });
});
