/**
 * All or nothing, whenever the page goes away: a snapshot import (replace and merge), its undo
 * and a backup restore are each one transaction, so a reload at any moment while they are written
 * leaves either everything they change or nothing of it. Each is tried 20 times, reloading after
 * a random wait (fixed seed, so a failure can be replayed), from 3 stored ticks to a file that
 * ticks every criterion.
 */
import { expect, test, type Page } from '@playwright/test';
import { allCriteria } from '../../src/lib/core/model.ts';
import {
  downloadBackup,
  type DownloadedBackup,
  frameworkId,
  openApp,
  progressEntry,
  putStoredValues,
  reloadApp,
  storedProgress,
  untilReady,
} from './support/app.ts';
import { backend, criteriaAt } from './support/framework.ts';
import { exportSnapshot, importPanel, importPreview } from './support/snapshots.ts';

const TRIES = 20;
const all = allCriteria(backend);
const few = criteriaAt(1).slice(0, 3);

/** A small seeded generator (mulberry32): the same waits on every run. */
function waits(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 120);
  };
}

/** Stored progress back to the 3 ticks of `few`, and nothing else; the page reloaded. */
async function resetToFew(page: Page): Promise<void> {
  await page.evaluate(async () => {
    localStorage.clear();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('progression');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // Everything but this browser's export id, which makes its own snapshot files its own.
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('records', 'readonly').objectStore('records').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction('records', 'readwrite');
      for (const key of keys)
        if (!(Array.isArray(key) && key[0] === 'collection' && key[1] === 'export-id'))
          transaction.objectStore('records').delete(key);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
    db.close();
  });
  const updatedAt = new Date(Date.now() - 60_000).toISOString();
  await putStoredValues(
    page,
    few.map((criterion) => progressEntry(criterion, { state: 'demonstrated', updatedAt })),
  );
  await reloadApp(page);
}

/** How many criteria are stored as demonstrated, straight from IndexedDB. */
async function demonstrated(page: Page): Promise<number> {
  return (await storedProgress(page)).filter((record) => record.state === 'demonstrated').length;
}

/** Reloads after `wait` ms, then finds all of the change or none of it. */
async function reloadAndExpectAllOrNothing(page: Page, wait: number, what: string) {
  await page.waitForTimeout(wait);
  await page.reload();
  await untilReady(page);
  const count = await demonstrated(page);
  expect([few.length, all.length], `${what}, reloaded after ${wait} ms`).toContain(count);
  return count;
}

/** `snapshot` (a download of one's own) ticking every criterion, changed after the stored ticks. */
function everythingFile(snapshot: DownloadedBackup) {
  const now = new Date().toISOString();
  const criteria = (snapshot.json.criteria as Record<string, unknown>[]).map((criterion) => ({
    ...criterion,
    state: 'demonstrated',
    updatedAt: now,
  }));
  return {
    name: 'everything.progression.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...snapshot.json, criteria })),
  };
}

test.describe.configure({ timeout: 240_000 });

for (const mode of ['Replace', 'Merge'] as const) {
  test(`an import (${mode.toLowerCase()}) reloaded at random moments is all or nothing`, async ({
    page,
  }) => {
    await openApp(page);
    await resetToFew(page);
    const snapshot = await exportSnapshot(page);
    const file = everythingFile(snapshot);
    const wait = waits(mode === 'Replace' ? 1 : 2);
    const seen = new Set<number>();
    for (let attempt = 0; attempt < TRIES; attempt += 1) {
      await resetToFew(page);
      await importPanel(page).getByLabel('Snapshot file to import').setInputFiles(file);
      await importPreview(page).getByRole('button', { name: mode, exact: true }).click();
      seen.add(await reloadAndExpectAllOrNothing(page, wait(), `${mode} ${attempt + 1}`));
    }
    // Both outcomes occur: the reloads did land while the import was written, and after.
    expect(seen.has(all.length)).toBe(true);
  });
}

test('an undo of an import reloaded at random moments is all or nothing', async ({ page }) => {
  await openApp(page);
  await resetToFew(page);
  const snapshot = await exportSnapshot(page);
  const file = everythingFile(snapshot);
  const panel = importPanel(page);
  const wait = waits(4);
  const seen = new Set<number>();
  for (let attempt = 0; attempt < TRIES; attempt += 1) {
    await resetToFew(page);
    await panel.getByLabel('Snapshot file to import').setInputFiles(file);
    await importPreview(page).getByRole('button', { name: 'Replace', exact: true }).click();
    await expect.poll(() => demonstrated(page)).toBe(all.length);
    await panel.getByRole('button', { name: 'Undo import' }).click();
    seen.add(await reloadAndExpectAllOrNothing(page, wait(), `undo ${attempt + 1}`));
  }
  expect(seen.has(few.length)).toBe(true);
});

test('a backup restore reloaded at random moments is all or nothing', async ({ page }) => {
  await openApp(page);
  await resetToFew(page);
  const data = page.getByRole('region', { name: 'Your data' });
  const backup = await downloadBackup(
    page,
    data.getByRole('button', { name: 'Download a backup' }),
  );
  const now = new Date().toISOString();
  const frameworks = backup.json.frameworks as { frameworkId: string; criteria: unknown[] }[];
  const everything = {
    ...backup.json,
    frameworks: frameworks.map((framework) =>
      framework.frameworkId !== frameworkId
        ? framework
        : {
            ...framework,
            criteria: all.map((criterion) => ({
              frameworkId,
              criterionId: criterion.id,
              state: 'demonstrated',
              updatedAt: now,
              topic: criterion.topic,
              level: criterion.level,
              text: criterion.text,
            })),
          },
    ),
  };
  const file = {
    name: 'everything.backup.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(everything)),
  };
  const wait = waits(3);
  const seen = new Set<number>();
  for (let attempt = 0; attempt < TRIES; attempt += 1) {
    await resetToFew(page);
    // The restore starts once the person says yes to replacing everything.
    const asked = page.waitForEvent('dialog');
    await data.getByLabel('Backup file to restore').setInputFiles(file);
    await (await asked).accept();
    seen.add(await reloadAndExpectAllOrNothing(page, wait(), `restore ${attempt + 1}`));
  }
  expect(seen.has(all.length)).toBe(true);
});
