import { describe, expect, it, vi } from 'vitest';
import { requestPersistence } from '../../../src/lib/storage/index.ts';

describe('requestPersistence', () => {
  it('says "persisted" without asking again when the browser already keeps the storage', async () => {
    const persist = vi.fn(async () => false);
    expect(await requestPersistence({ persisted: async () => true, persist })).toBe('persisted');
    expect(persist).not.toHaveBeenCalled();
  });

  it('asks the browser and says "persisted" when it agrees', async () => {
    const persist = vi.fn(async () => true);
    expect(await requestPersistence({ persisted: async () => false, persist })).toBe('persisted');
    expect(persist).toHaveBeenCalledOnce();
  });

  it('says "not-persisted" when the browser declines, so the app can recommend backups', async () => {
    expect(
      await requestPersistence({ persisted: async () => false, persist: async () => false }),
    ).toBe('not-persisted');
  });

  it('says "not-persisted" when asking fails', async () => {
    const persist = async (): Promise<boolean> => {
      throw new DOMException('Not allowed', 'NotAllowedError');
    };
    expect(await requestPersistence({ persist })).toBe('not-persisted');
  });

  it('says "unsupported" without a storage manager or its persist method', async () => {
    expect(await requestPersistence(undefined)).toBe('unsupported');
    expect(await requestPersistence({ persisted: async () => true })).toBe('unsupported');
    expect(await requestPersistence()).toBe('unsupported'); // Node has no navigator.storage
  });
});
