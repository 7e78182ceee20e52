/**
 * The backend framework's page as the browser tests drive it: its address, the parts a person
 * reaches for (level tabs, criteria, the summary) and what the app keeps in IndexedDB.
 */
import { readFile } from 'node:fs/promises';
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import type { Criterion } from '../../../src/lib/core/model.ts';
import type {
  CriterionProgress,
  CriterionState,
  FrameworkSettings,
} from '../../../src/lib/core/progress.ts';
import { backend } from './framework.ts';

export const frameworkId = backend.id;

/** The framework page's address: `/engineering/backend?level=3&tab=overview`. */
export function frameworkPath(options: { level?: number; tab?: 'overview' } = {}): string {
  const params = new URLSearchParams();
  if (options.level !== undefined) params.set('level', String(options.level));
  if (options.tab !== undefined) params.set('tab', options.tab);
  const search = params.toString();
  return `/${frameworkId}${search ? `?${search}` : ''}`;
}

/**
 * Waits until the app has taken over the page. A prerendered page starts it at the first sign of a
 * person, so a person is there: a key that does nothing (Shift) is pressed until the app runs (the
 * page may still be loading when the first press comes).
 */
export async function untilReady(page: Page): Promise<void> {
  const html = page.locator('html');
  await expect(async () => {
    await page.keyboard.press('Shift');
    await expect(html).toHaveAttribute('data-ready', 'true', { timeout: 1000 });
  }).toPass();
}

/** The app's entry script, which the prerendered page loads when the app is wanted. */
export const APP_ENTRY = '**/assets/index-*.js';

/** Holds the app's code back until the returned function is called. */
export async function holdApp(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(APP_ENTRY, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Opens a page of the app and waits until it is interactive (hydrated). */
export async function openApp(page: Page, path = frameworkPath()): Promise<void> {
  await page.goto(path);
  await untilReady(page);
}

/**
 * An init script that records, for every frame painted while the page's main part is visible,
 * what `look` returns: the source of a function of that `main` element. Read with
 * `recordedFrames`.
 */
export const frameRecorder = (look: string): string => `(() => {
  const frames = (window.__frames = []);
  const next = () => {
    const app = document.getElementById('app');
    const main = app && app.querySelector('main');
    if (main && getComputedStyle(app).visibility === 'visible') frames.push((${look})(main));
    requestAnimationFrame(next);
  };
  requestAnimationFrame(next);
})();`;

/** What a `frameRecorder` recorded, frame by frame. */
export function recordedFrames<T>(page: Page): Promise<T[]> {
  return page.evaluate('window.__frames') as Promise<T[]>;
}

/** Opens the app with `recorder` running from the page's start, until a few frames past take-over. */
export async function openAppRecording(page: Page, recorder: string): Promise<void> {
  await page.addInitScript(recorder);
  await openApp(page);
  await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
}

/** Whether the service worker keeps the build's file `file` (a path from the build's root). */
export function isKeptOffline(page: Page, file: string): Promise<boolean> {
  return page.evaluate(
    async (path) => (await caches.match(new URL(path, `${location.origin}/`).href)) !== undefined,
    file,
  );
}

/** Reloads and waits until the page is interactive again. */
export async function reloadApp(page: Page): Promise<void> {
  await page.reload();
  await untilReady(page);
}

export const levelLink = (page: Page, level: number): Locator =>
  page
    .getByRole('navigation', { name: 'Levels' })
    .getByRole('link', { name: new RegExp(`^Level ${level}\\b`) });

/** A criterion's checkbox, named by its text. */
export const checkbox = (page: Page, text: string): Locator =>
  page.getByRole('checkbox', { name: text, exact: true });

/** A criterion's list item: its checkbox, then its actions (not applicable, examples, evidence). */
export const criterionItem = (page: Page, text: string): Locator =>
  page.locator('li.criterion').filter({ has: checkbox(page, text) });

/** The checkboxes of every criterion shown (not the page's own filters). */
export const shownCriteria = (page: Page): Locator =>
  page.locator('li.criterion').getByRole('checkbox');

/** A criterion's evidence button: "Add evidence", or "Evidence" once there is some. */
export const evidenceButton = (item: Locator): Locator =>
  item.getByRole('button', { name: /^(Add evidence|Evidence)$/ });

/** A criterion's examples button: "Example" or "3 examples". */
export const examplesButton = (item: Locator): Locator =>
  item.getByRole('button', { name: /^(Example|\d+ examples)$/ });

export const summary = (page: Page): Locator => page.getByRole('region', { name: 'Your standing' });

/** The suggested level and sub-level the summary shows, such as `2B`. */
export const summaryLabel = (page: Page): Locator => summary(page).locator('strong.label');

/** Shows a level's criteria by its tab, as a person would. */
export async function showLevel(page: Page, level: number): Promise<void> {
  await levelLink(page, level).click();
  await expect(levelLink(page, level)).toHaveAttribute('aria-current', 'page');
}

/** Marks a criterion not applicable, with a reason, and waits for the reason to be kept. */
export async function markNotApplicable(page: Page, text: string, reason: string): Promise<void> {
  const item = criterionItem(page, text);
  const toggle = item.getByRole('button', { name: 'Not applicable' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const field = item.getByLabel('Why it does not apply (optional)');
  await field.fill(reason);
  // The reason is taken when the field is left (its change event).
  await field.blur();
}

/**
 * A key of the app's object store as these tests use them: `['progress', frameworkId, id]`,
 * `['settings', frameworkId]`, and `[]` as the element that sorts after every string.
 */
export type StoreKey = readonly (string | readonly [])[];

/** Every stored value with a key from `lower` to `upper`, straight from the page's IndexedDB. */
function storedValues(page: Page, lower: StoreKey, upper: StoreKey): Promise<unknown[]> {
  return page.evaluate(
    async ({ lower, upper }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('progression');
        // Created as the app creates it, should the app not have opened it yet.
        request.onupgradeneeded = () => request.result.createObjectStore('records');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        return await new Promise<unknown[]>((resolve, reject) => {
          const request = db
            .transaction('records', 'readonly')
            .objectStore('records')
            .getAll(IDBKeyRange.bound(lower as IDBValidKey, upper as IDBValidKey));
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      } finally {
        db.close();
      }
    },
    { lower, upper },
  );
}

/** The stored progress records of the backend framework, straight from IndexedDB. */
export async function storedProgress(page: Page): Promise<CriterionProgress[]> {
  return (await storedValues(
    page,
    ['progress', frameworkId],
    ['progress', frameworkId, []],
  )) as CriterionProgress[];
}

/** The criterion ids of the backend framework's detached progress, as stored (none: empty). */
export async function storedDetachedIds(page: Page): Promise<string[]> {
  const key = ['detached', frameworkId, 'ids'];
  const [value] = (await storedValues(page, key, key)) as { ids: string[] }[];
  return value?.ids ?? [];
}

/** The stored progress of one criterion, or undefined. */
export async function storedRecord(
  page: Page,
  criterionId: string,
): Promise<CriterionProgress | undefined> {
  return (await storedProgress(page)).find((record) => record.criterionId === criterionId);
}

/** The backend framework's stored settings (threshold, target), or undefined. */
export async function storedSettings(page: Page): Promise<FrameworkSettings | undefined> {
  const key = ['settings', frameworkId];
  const [settings] = await storedValues(page, key, key);
  return settings as FrameworkSettings | undefined;
}

/**
 * Writes values into the app's IndexedDB, as an older or other version of the app (or another
 * tab) would have left them; creates the database as the app does when it is not there yet.
 */
export function putStoredValues(
  page: Page,
  entries: readonly (readonly [StoreKey, unknown])[],
): Promise<void> {
  return page.evaluate(async (entries) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('progression');
      request.onupgradeneeded = () => request.result.createObjectStore('records');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('records', 'readwrite');
        for (const [key, value] of entries)
          transaction.objectStore('records').put(value, key as IDBValidKey);
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
    } finally {
      db.close();
    }
  }, entries);
}

/**
 * Stores progress as this version of the app writes it (`{ v: 1, ...CriterionProgress }`), one
 * record per criterion, then reloads so the page reads it.
 */
export async function seedProgress(
  page: Page,
  progress: ReadonlyMap<Criterion, { state: CriterionState; reason?: string }>,
): Promise<void> {
  const updatedAt = new Date().toISOString();
  await putStoredValues(
    page,
    [...progress].map(([criterion, { state, reason }]) =>
      progressEntry(criterion, { state, updatedAt, ...(reason === undefined ? {} : { reason }) }),
    ),
  );
  await reloadApp(page);
}

/** One criterion's progress as this version of the app stores it: its key and its value. */
export function progressEntry(
  criterion: Criterion,
  change: { state: CriterionState; updatedAt: string; reason?: string },
  id = frameworkId,
): readonly [StoreKey, unknown] {
  return [
    ['progress', id, criterion.id],
    {
      v: 1,
      frameworkId: id,
      criterionId: criterion.id,
      ...change,
      topic: criterion.topic,
      level: criterion.level,
      text: criterion.text,
    },
  ];
}

/** A downloaded file's text and JSON, with the path Playwright saved it at. */
export interface DownloadedBackup {
  path: string;
  fileName: string;
  json: Record<string, unknown>;
}

/** Clicks `button`, waits for the download it starts and reads it as JSON. */
export async function downloadBackup(page: Page, button: Locator): Promise<DownloadedBackup> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readDownload(download);
}

async function readDownload(download: Download): Promise<DownloadedBackup> {
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  return {
    path,
    fileName: download.suggestedFilename(),
    json: JSON.parse(text) as Record<string, unknown>,
  };
}
