/**
 * The largest backup the app accepts, restored in the browser, and the page loads after it. The
 * backup is the hardest case of its size: every record is progress on a criterion id the
 * framework does not have (a reworded or removed criterion), so it all goes to the list of
 * progress to re-attach, as many records as fit under the backup's size limit.
 *
 * - `restoreTimes`: "Restore from a backup…" in Your data, from choosing the file until the page
 *   says it was restored (file read, checks, the one transaction, the page shown again).
 * - `loadTimes`: later loads of the framework page, until the app is ready, in a browser that
 *   holds the backup and in one that holds nothing, alternately. The address asks for a level, so
 *   the app starts at once rather than at the first sign of a person.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { backupToText, buildBackup, parseBackup } from '../../src/lib/core/backup.ts';
import { BACKUP_LIMITS } from '../../src/lib/core/limits.ts';
import type { CriterionProgress } from '../../src/lib/core/progress.ts';

/**
 * The text of the largest backup the app accepts for `frameworkId`, and its record count: what
 * the bench writes to a file and restores (a file path spares sending 20 MB to the browser).
 */
export function largestBackup(frameworkId: string): { text: string; records: number } {
  const record = (index: number): CriterionProgress => ({
    frameworkId,
    criterionId: `reworded-topic.${(index % 6) + 1}.${index.toString(16).padStart(12, '0')}`,
    state: index % 4 === 0 ? 'not-applicable' : 'demonstrated',
    updatedAt: '2026-01-05T09:30:00.000Z',
    topic: 'Reworded topic',
    level: (index % 6) + 1,
    text: `A criterion worded as it was before the framework changed, number ${index}`,
    evidence: 'Led the migration of the payments ledger and wrote up what we learnt.',
  });
  const textOf = (count: number) =>
    backupToText(
      buildBackup(
        {
          frameworks: [
            {
              frameworkId,
              settings: null,
              criteria: Array.from({ length: count }, (_, i) => record(i)),
            },
          ],
          collections: {},
        },
        new Date('2026-01-05T10:00:00.000Z'),
      ),
    );
  // As many records as fit under the size limit (and the record limit), with a little room.
  const perRecord = textOf(1001).length - textOf(1).length;
  const count = Math.min(
    BACKUP_LIMITS.records - 1,
    Math.floor((BACKUP_LIMITS.bytes * 0.99) / (perRecord / 1000)),
  );
  const text = textOf(count);
  const parsed = parseBackup(text);
  if (!parsed.ok)
    throw new Error(`The generated backup is refused: ${parsed.problems[0]?.message ?? ''}`);
  return { text, records: count };
}

const ready = (page: Page) =>
  page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, {
    timeout: 300_000,
  });

/** Restores the backup file `backup` (a path) on `url` in `context`, and returns the ms it took. */
async function restoreOnce(context: BrowserContext, url: string, backup: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  await ready(page);
  page.on('dialog', (dialog) => void dialog.accept());
  const status = page.locator('.your-data [role="status"]');
  const started = performance.now();
  await page.getByLabel('Backup file to restore').setInputFiles(backup);
  await status.getByText('Restored from').waitFor({ timeout: 300_000 });
  const elapsed = performance.now() - started;
  await page.close();
  return elapsed;
}

/** What to measure: `runs` times, the backup file `backup` (a path) on the page at `url`. */
export interface RestoreRuns {
  browser: Browser;
  url: string;
  backup: string;
  runs: number;
}

/** Restores, each in a fresh browser context, in ms. */
export async function restoreTimes({ browser, url, backup, runs }: RestoreRuns): Promise<number[]> {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    try {
      times.push(await restoreOnce(context, url, backup));
    } finally {
      await context.close();
    }
  }
  return times;
}

/** ms from navigation until the app is ready, by its own mark. */
async function loadOnce(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  await ready(page);
  const ms = await page.evaluate(
    () => performance.getEntriesByName('progression:ready')[0]?.startTime ?? NaN,
  );
  await page.close();
  return ms;
}

/**
 * Loads of `url` with the backup restored and without anything stored, alternately (after one
 * discarded load of each), in ms until the app is ready.
 */
export async function loadTimes({
  browser,
  url,
  backup,
  runs,
}: RestoreRuns): Promise<{ withBackup: number[]; without: number[] }> {
  const restored = await browser.newContext({ serviceWorkers: 'block' });
  const empty = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await restoreOnce(restored, url, backup);
    await loadOnce(restored, url);
    await loadOnce(empty, url);
    const result = { withBackup: [] as number[], without: [] as number[] };
    for (let run = 0; run < runs; run++) {
      result.withBackup.push(await loadOnce(restored, url));
      result.without.push(await loadOnce(empty, url));
    }
    return result;
  } finally {
    await restored.close();
    await empty.close();
  }
}
