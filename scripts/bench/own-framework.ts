/**
 * A returning user's page load with a framework of their own: the file is added once through
 * "Add a framework", then the framework's page is loaded again and again in the same browser.
 * Each load counts the workers the page starts (the only one the app starts is the framework
 * parser's) and the ms from navigation until the framework's title shows on a page that is ready.
 *
 * Loads with the model the app keeps beside the file alternate with loads where that model was
 * deleted first, which parse the file as every load once did (and keep the model again).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { untilAppReady } from './load.ts';

export interface OwnFrameworkRun {
  ms: number;
  workers: number;
}

export interface OwnFrameworkLoads {
  kept: OwnFrameworkRun[];
  parsed: OwnFrameworkRun[];
}

/**
 * What to load: the framework file's `text`, its `id` and `title`, on the app at `origin`, added
 * from the page at `addFrom` (a shipped framework's).
 */
export interface OwnFramework {
  browser: Browser;
  origin: string;
  addFrom: string;
  text: string;
  id: string;
  title: string;
  runs: number;
}

const MODELS = 'framework-models';
const TIMEOUT = 300_000;

/** Deletes or counts (0 or 1) the kept model of a framework in the app's IndexedDB, in `page`. */
function models(page: Page, change: { delete: string } | { count: string }): Promise<number> {
  return page.evaluate(
    async ({ change, collection }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('progression');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        return await new Promise<number>((resolve, reject) => {
          const store = db
            .transaction('records', 'delete' in change ? 'readwrite' : 'readonly')
            .objectStore('records');
          const key = ['collection', collection, 'delete' in change ? change.delete : change.count];
          const request = 'delete' in change ? store.delete(key) : store.count(key);
          request.onsuccess = () =>
            resolve(typeof request.result === 'number' ? request.result : 0);
          request.onerror = () => reject(request.error);
        });
      } finally {
        db.close();
      }
    },
    { change, collection: MODELS },
  );
}

/**
 * One load of the framework's page in a new tab of `context`. The page then leaves the kept
 * model for the next load (`keep`: it must be there, since the page shows the framework only
 * once the model is read or kept) or deletes it (`delete`), so that the next load parses.
 */
async function loadOnce(
  context: BrowserContext,
  target: OwnFramework,
  next: 'keep' | 'delete',
): Promise<OwnFrameworkRun> {
  const page = await context.newPage();
  let workers = 0;
  page.on('worker', () => (workers += 1));
  await page.goto(`${target.origin}/${target.id}`);
  const shown = await page.waitForFunction(
    (title) =>
      document.documentElement.dataset.ready === 'true' &&
      document.querySelector('h1')?.textContent?.trim() === title
        ? performance.now()
        : false,
    target.title,
    { polling: 'raf', timeout: TIMEOUT },
  );
  const ms = (await shown.jsonValue()) as number;
  if ((await models(page, { count: target.id })) !== 1)
    throw new Error('The app shows the framework without having kept its parsed model.');
  if (next === 'delete') await models(page, { delete: target.id });
  await page.close();
  return { ms, workers };
}

/** Adds the framework file in a new browser context, kept for the loads. */
async function addFramework(browser: Browser, target: OwnFramework): Promise<BrowserContext> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${target.origin}${target.addFrom}`);
  await untilAppReady(page);
  await page.getByRole('button', { name: 'Add a framework' }).click();
  await page.getByLabel('Framework files').setInputFiles({
    name: `${target.id.split('/').at(-1) ?? 'framework'}.md`,
    mimeType: 'text/markdown',
    buffer: Buffer.from(target.text),
  });
  await page.getByText(`Added “${target.title}”.`).waitFor({ timeout: TIMEOUT });
  await page.close();
  return context;
}

/**
 * `runs` loads with the kept model and `runs` with it deleted first, alternately, after one
 * discarded load of each.
 */
export async function ownFrameworkLoads(target: OwnFramework): Promise<OwnFrameworkLoads> {
  const context = await addFramework(target.browser, target);
  try {
    // Each load leaves the model as the next one needs it: a kept load deletes it, a parse keeps it.
    await loadOnce(context, target, 'delete');
    await loadOnce(context, target, 'keep');
    const result: OwnFrameworkLoads = { kept: [], parsed: [] };
    for (let run = 0; run < target.runs; run++) {
      result.kept.push(await loadOnce(context, target, 'delete'));
      result.parsed.push(await loadOnce(context, target, 'keep'));
    }
    return result;
  } finally {
    await context.close();
  }
}
