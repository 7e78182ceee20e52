/**
 * What the browser tests of snapshots need besides the page: the "Share your assessment" panel,
 * and every entry the app keeps in IndexedDB, to tell that a refused file changed nothing.
 */
import type { Locator, Page } from '@playwright/test';

/** The panel that exports and imports snapshots and lists received assessments. */
export const sharePanel = (page: Page): Locator =>
  page.getByRole('region', { name: 'Share your assessment' });

/** The preview of a snapshot waiting for the person's choice. */
export const importPreview = (page: Page): Locator =>
  page.getByRole('region', { name: 'Import preview' });

/** Every `[key, value]` of the app's IndexedDB, in key order: progress, settings, collections. */
export function allStoredEntries(page: Page): Promise<[IDBValidKey, unknown][]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('progression');
      request.onupgradeneeded = () => request.result.createObjectStore('records');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<[IDBValidKey, unknown][]>((resolve, reject) => {
        const entries: [IDBValidKey, unknown][] = [];
        const request = db.transaction('records', 'readonly').objectStore('records').openCursor();
        request.onsuccess = () => {
          const cursor = request.result;
          if (!cursor) return resolve(entries);
          entries.push([cursor.key, cursor.value]);
          cursor.continue();
        };
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  });
}
