/**
 * A returning person's first paint shows the level they work on: the service worker answers the
 * framework's address with that level's prerendered page, which the page's own script ticks from
 * the mirror before anything shows, and the app takes it over where it is. Allows the service
 * worker, as the offline test does (each test has a browser context of its own).
 */
import { expect, test, type Page } from '@playwright/test';
import {
  checkbox,
  frameworkId,
  frameworkPath,
  levelLink,
  openApp,
  seedProgress,
  storedRecord,
  summaryLabel,
  untilReady,
  APP_ENTRY,
  holdApp,
  frameRecorder,
  isKeptOffline,
  openAppRecording,
  recordedFrames,
} from './support/app.ts';
import { criteriaAt } from './support/framework.ts';

test.use({ serviceWorkers: 'allow' });

const below = [...criteriaAt(1), ...criteriaAt(2)];

/** The level the service worker keeps as this person's, from its hint (null: none). */
function keptLevel(page: Page): Promise<number | null> {
  return page.evaluate(async (id) => {
    const hint = await caches.match(new URL(`first-view-level/${id}`, location.origin + '/').href);
    return hint ? ((await hint.json()) as { level: number | null }).level : null;
  }, frameworkId);
}

/**
 * Every criterion of levels 1 and 2 demonstrated, so the person works on level 3, and the service
 * worker told so (it keeps level 3's page once it is active).
 */
async function workOnLevelThree(page: Page): Promise<void> {
  await openApp(page);
  await seedProgress(
    page,
    new Map(below.map((criterion) => [criterion, { state: 'demonstrated' as const }])),
  );
  await expect(levelLink(page, 3)).toHaveAttribute('aria-current', 'page');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => keptLevel(page)).toBe(3);
  await expect.poll(() => isKeptOffline(page, `${frameworkId}.level-3.html`)).toBe(true);
}

/** Records, for every frame painted with the page's main part visible, the current level tab. */
const recordLevels = frameRecorder(
  `() => document.querySelector('nav[aria-label="Levels"] a[aria-current="page"]')?.getAttribute('aria-label') ?? null`,
);

/** The frames `recordLevels` saw: at least one, each with level 3 current. */
async function expectEveryFrameOnLevelThree(page: Page): Promise<void> {
  const frames = await recordedFrames<string | null>(page);
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.filter((frame) => !frame?.startsWith('Level 3,'))).toEqual([]);
}

test('a returning person’s first paint is the level they work on, with their ticks, before any app script', async ({
  page,
}, testInfo) => {
  await workOnLevelThree(page);
  await page.route(APP_ENTRY, (route) => route.abort());
  await page.addInitScript(recordLevels);
  await page.goto(frameworkPath());
  await page.waitForFunction(() =>
    performance.getEntriesByName('first-contentful-paint').some(Boolean),
  );
  await page.screenshot({ path: testInfo.outputPath('working-level-first-paint.png') });
  await expect(page.locator('html')).toHaveAttribute('data-level', '3');
  await expect(page.getByRole('heading', { level: 2, name: /^Level 3\b/ })).toBeVisible();
  await expect(checkbox(page, criteriaAt(3)[0]!.text)).not.toBeChecked();
  for (const level of [1, 2]) {
    const all = criteriaAt(level).length;
    await expect(levelLink(page, level)).toContainText(`${all}/${all}`);
  }
  await expectEveryFrameOnLevelThree(page);
  await expect(summaryLabel(page)).toHaveText(/^3[A-E]$/);
  await expect(page.locator('details.quick-start')).not.toHaveAttribute('open');
  await expect(page.locator('html')).not.toHaveAttribute('data-ready', 'true');
  expect(new URL(page.url()).search).toBe('');
});

test('the app takes over the level’s page where it is, and a tick there is kept', async ({
  page,
}) => {
  await workOnLevelThree(page);
  await openAppRecording(page, recordLevels);
  await expectEveryFrameOnLevelThree(page);
  const next = criteriaAt(3)[0]!;
  await checkbox(page, next.text).check();
  await expect.poll(async () => (await storedRecord(page, next.id))?.state).toBe('demonstrated');
  await expect(levelLink(page, 3)).toContainText(`1/${criteriaAt(3).length}`);
});

test('an address that names the level opens on its page; one that names another level does not', async ({
  page,
}) => {
  await workOnLevelThree(page);
  await page.route(APP_ENTRY, (route) => route.abort());
  await page.goto(frameworkPath({ level: 3 }));
  await expect(page.locator('html')).toHaveAttribute('data-level', '3');
  await expect(levelLink(page, 3)).toHaveAttribute('aria-current', 'page');
  await page.unroute(APP_ENTRY);
  await openApp(page, frameworkPath({ level: 2 }));
  await expect(page.locator('html')).not.toHaveAttribute('data-level');
  await expect(levelLink(page, 2)).toHaveAttribute('aria-current', 'page');
});

test('deleting everything kept forgets the level too', async ({ page }) => {
  await workOnLevelThree(page);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete all my data' }).click();
  await expect(page.getByText('All your data was deleted from this browser.')).toBeVisible();
  await expect.poll(() => keptLevel(page)).toBeNull();
  await page.route(APP_ENTRY, (route) => route.abort());
  await page.goto(frameworkPath());
  await expect(levelLink(page, 1)).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('html')).not.toHaveAttribute('data-level');
});

test('someone who switched the shared criteria off gets the framework without them in the first paint, taken over as it is', async ({
  page,
}) => {
  await openApp(page);
  const baseSwitch = page.getByRole('checkbox', {
    name: 'Include the shared criteria of the generic framework',
  });
  // Switching reloads the page, which then shows the framework as its file says.
  const reloaded = page.waitForEvent('framenavigated');
  await baseSwitch.uncheck();
  await reloaded;
  await untilReady(page);
  await expect(baseSwitch).not.toBeChecked();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => isKeptOffline(page, `${frameworkId}.unmerged.html`)).toBe(true);

  // The first paint, before any app script: without the shared criteria, the switch off.
  const release = await holdApp(page);
  await page.goto(frameworkPath());
  await expect(page.locator('html')).toHaveAttribute('data-merged', 'false');
  await expect(baseSwitch).not.toBeChecked();
  await expect(page.getByText(/^153 criteria/)).toHaveCount(0);
  // Only a setting changed, nothing ticked: still greeted as a newcomer, as the app greets them.
  await expect(page.locator('.summary .headline')).toHaveText(
    /^Not started yet\s+Tick what you already do, or use Quick start$/,
  );
  // The app takes over this very page: what was on it stays (it is not drawn again).
  await page.evaluate(() => {
    (document.querySelector('li.criterion input') as HTMLInputElement & { kept?: boolean }).kept =
      true;
  });
  release();
  await untilReady(page);
  await expect(baseSwitch).not.toBeChecked();
  expect(
    await page.evaluate(
      () => (document.querySelector('li.criterion input') as { kept?: boolean } | null)?.kept,
    ),
  ).toBe(true);

  // Switched on again: the page the switch reloads already has them (the worker was told first).
  const again = page.waitForEvent('framenavigated');
  await baseSwitch.check();
  await again;
  await page.waitForLoadState('load');
  await expect(page.locator('html')).not.toHaveAttribute('data-merged');
  await expect(page.getByText(/^153 criteria/)).toBeVisible();
  await untilReady(page);
  await expect(baseSwitch).toBeChecked();
});
