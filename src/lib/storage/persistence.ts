/** What the browser said about keeping this site's storage. */
export type Persistence = 'persisted' | 'not-persisted' | 'unsupported';

/** The part of `navigator.storage` this needs. */
export type PersistentStorage = Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

/**
 * Asks the browser to keep this site's storage when space runs low, unless it already does.
 * `persisted`: it will be kept; `not-persisted`: the browser may clear it (recommend backups);
 * `unsupported`: the browser has no such setting. Never rejects.
 *
 * @param storage Defaults to the browser's `navigator.storage`.
 */
export async function requestPersistence(
  storage: PersistentStorage | undefined = defaultStorage(),
): Promise<Persistence> {
  if (typeof storage?.persist !== 'function') return 'unsupported';
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return 'persisted';
    return (await storage.persist()) ? 'persisted' : 'not-persisted';
  } catch {
    return 'not-persisted';
  }
}

function defaultStorage(): PersistentStorage | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}
