/**
 * What the browser tests of snapshots need besides the page: the Share dialog that exports them,
 * the panel that imports them, and every entry the app keeps in IndexedDB, to tell that a
 * refused file changed nothing.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { downloadBackup, summary, type DownloadedBackup } from './app.ts';

/** The panel at the foot of the page that imports snapshots and lists received assessments. */
export const importPanel = (page: Page): Locator =>
  page.getByRole('region', { name: 'Snapshots you import' });

/** The dialog that Share (in the summary kept in view) opens. */
export const shareDialog = (page: Page): Locator =>
  page.getByRole('dialog', { name: 'Share your assessment' });

/** Exports a snapshot as a person does: Share, Export snapshot, then close the dialog. */
export async function exportSnapshot(page: Page): Promise<DownloadedBackup> {
  await summary(page).getByRole('button', { name: 'Share' }).click();
  const dialog = shareDialog(page);
  const snapshot = await downloadBackup(
    page,
    dialog.getByRole('button', { name: 'Export snapshot' }),
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  return snapshot;
}

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
