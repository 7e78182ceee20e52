/**
 * The prerendered page as a page of its own: a returning user's stored ticks are in its first
 * paint, ticks made before the app starts are counted at once and kept exactly once, and the app
 * takes over without a frame of another state.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  checkbox,
  criterionItem,
  evidenceButton,
  frameworkPath,
  levelLink,
  openApp,
  storedProgress,
  storedRecord,
  summaryLabel,
  untilReady,
  APP_ENTRY,
  holdApp,
  frameRecorder,
  openAppRecording,
  recordedFrames,
} from './support/app.ts';
import { criteriaAt } from './support/framework.ts';

const levelOne = criteriaAt(1);
const [first, second, third] = levelOne;
if (!first || !second || !third)
  throw new Error('The backend framework has fewer than three level 1 criteria.');

/** Ticks three level 1 criteria through the app and waits until they are stored. */
async function becomeReturningUser(page: Page): Promise<void> {
  await openApp(page);
  for (const criterion of [first, second, third]) await checkbox(page, criterion!.text).check();
  await expect.poll(async () => (await storedProgress(page)).length).toBe(3);
}

/**
 * Records, for every frame painted with the page's main part visible, which level 1 boxes are
 * ticked, what the level 1 tab counts, and whether every topic's count agrees with its boxes.
 */
const recordTicks = frameRecorder(`(main) => ({
  ticked: main.querySelectorAll('li.criterion input[type=checkbox]:checked').length,
  count: document.querySelector('nav[aria-label="Levels"] a .count')?.textContent,
  topicsAgree: [...main.querySelectorAll('section.topic')].every((topic) => {
    const inTopic = [...topic.querySelectorAll('li.criterion input[type=checkbox]')];
    const shown = topic.querySelector('.count [aria-hidden="true"]').textContent.trim();
    return shown === inTopic.filter((box) => box.checked).length + '/' + inTopic.length;
  }),
})`);

/** The frames `recordTicks` saw: at least one, and each showing the three stored ticks. */
async function expectEveryFrameToShowThreeTicks(page: Page): Promise<void> {
  const frames = await recordedFrames<{ ticked: number; count: string; topicsAgree: boolean }>(
    page,
  );
  expect(frames.length).toBeGreaterThan(0);
  const wrong = frames.filter(
    (frame) => frame.ticked !== 3 || frame.count !== `3/${levelOne.length}` || !frame.topicsAgree,
  );
  expect(wrong).toEqual([]);
}

test('a returning user’s first paint already shows their stored ticks and counts, before any app script', async ({
  page,
}, testInfo) => {
  await becomeReturningUser(page);
  // The app's script never arrives: what shows is the prerendered page and its inline script.
  await page.route(APP_ENTRY, (route) => route.abort());
  await page.addInitScript(`new PerformanceObserver((list) => {
    if (list.getEntriesByName('first-contentful-paint').length > 0) window.__fcp = true;
  }).observe({ type: 'paint', buffered: true });`);
  await page.addInitScript(recordTicks);
  await page.goto(frameworkPath());
  await page.waitForFunction(() => (window as unknown as { __fcp?: boolean }).__fcp === true);
  await page.screenshot({ path: testInfo.outputPath('returning-first-paint.png') });
  for (const criterion of [first, second, third])
    await expect(checkbox(page, criterion!.text)).toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`3/${levelOne.length}`);
  await expectEveryFrameToShowThreeTicks(page);
  await expectStartedSummary(page);
  await expect(page.locator('html')).not.toHaveAttribute('data-ready', 'true');
  // Rendering waited for the script that ticks the boxes, which is on the page.
  await expect(page.locator('link[rel="expect"][blocking="render"]')).toHaveAttribute(
    'href',
    '#first-view',
  );
  await expect(page.locator('script#first-view')).toHaveCount(1);
});

/**
 * The summary as the app shows someone who has started: the suggested level in its own markup,
 * Quick start folded away, and the level's bars by topic agreeing with the topics' counts.
 */
async function expectStartedSummary(page: Page): Promise<void> {
  const mirror = (await page.evaluate(
    (key) => JSON.parse(localStorage.getItem(key) ?? 'null'),
    'progression.first-view:engineering/backend',
  )) as { label: string };
  await expect(summaryLabel(page)).toHaveText(mirror.label);
  await expect(page.locator('details.quick-start')).not.toHaveAttribute('open');
  const topicCounts = await page
    .locator('section.topic .count [aria-hidden="true"]')
    .allTextContents();
  expect(topicCounts.some((count) => !count.startsWith('0/'))).toBe(true);
  expect(
    await page.locator('.summary .topics li .count [aria-hidden="true"]').allTextContents(),
  ).toEqual(topicCounts);
}

test('the app takes over a returning user’s page without a frame of another state', async ({
  page,
}) => {
  await becomeReturningUser(page);
  await openAppRecording(page, recordTicks);
  await expectEveryFrameToShowThreeTicks(page);
  await expectStartedSummary(page);
});

/**
 * How many pixels differ between what the page shows with the app held back and once the app has
 * taken over (a few frames later), at a desktop width. Compared in a blank page of the same
 * browser, so no policy of the app's stands in the way.
 */
async function pixelsChangedByTakeOver(page: Page): Promise<number> {
  await page.setViewportSize({ width: 1280, height: 800 });
  const release = await holdApp(page);
  await page.goto(frameworkPath());
  await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
  const before = await page.screenshot();
  release();
  await untilReady(page);
  await page.evaluate(() => new Promise((done) => setTimeout(done, 500)));
  const after = await page.screenshot();
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(
      async ([first, second]) => {
        const pixels = async (png: string) => {
          const image = new Image();
          image.src = `data:image/png;base64,${png}`;
          await image.decode();
          const canvas = new OffscreenCanvas(image.width, image.height);
          const context = canvas.getContext('2d')!;
          context.drawImage(image, 0, 0);
          return context.getImageData(0, 0, image.width, image.height).data;
        };
        const [a, b] = [await pixels(first!), await pixels(second!)];
        let changed = 0;
        for (let at = 0; at < a.length; at += 4)
          if (a[at] !== b[at] || a[at + 1] !== b[at + 1] || a[at + 2] !== b[at + 2]) changed++;
        return changed;
      },
      [before.toString('base64'), after.toString('base64')],
    );
  } finally {
    await blank.close();
  }
}

test('the app takes over the page without a visible change, for a newcomer and a returning user', async ({
  page,
}) => {
  // A few anti-aliased corners of form controls may differ; a line of text moved by a pixel
  // changes some 250, a panel folding away thousands.
  expect(await pixelsChangedByTakeOver(page)).toBeLessThan(120);
  await page.unrouteAll();
  await becomeReturningUser(page);
  expect(await pixelsChangedByTakeOver(page)).toBeLessThan(120);
});

test('a tick made before the app starts is counted at once, kept, and counted once when the app takes over', async ({
  page,
}) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(APP_ENTRY, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(frameworkPath());
  await checkbox(page, first!.text).check();
  // The prerendered page counts it itself, with no app script yet.
  await expect(levelLink(page, 1)).toContainText(`1/${levelOne.length}`);
  await expect(page.locator('html')).not.toHaveAttribute('data-ready', 'true');
  release();
  await untilReady(page);
  await expect(checkbox(page, first!.text)).toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`1/${levelOne.length}`);
  await expect.poll(async () => (await storedRecord(page, first!.id))?.state).toBe('demonstrated');
  expect(await storedProgress(page)).toHaveLength(1);
  await page.reload();
  await untilReady(page);
  await expect(levelLink(page, 1)).toContainText(`1/${levelOne.length}`);
});

test('a tick made on a page left before its app started is kept by the next visit', async ({
  page,
}) => {
  await page.route(APP_ENTRY, (route) => route.abort());
  await page.goto(frameworkPath());
  await checkbox(page, second!.text).check();
  await checkbox(page, third!.text).check();
  await checkbox(page, third!.text).uncheck();
  await expect(levelLink(page, 1)).toContainText(`1/${levelOne.length}`);
  await page.unroute(APP_ENTRY);
  await openApp(page);
  await expect(checkbox(page, second!.text)).toBeChecked();
  await expect(checkbox(page, third!.text)).not.toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`1/${levelOne.length}`);
  await expect.poll(async () => (await storedRecord(page, second!.id))?.state).toBe('demonstrated');
  expect(await storedProgress(page)).toHaveLength(1);
});

test('a mirror that disagrees with IndexedDB is corrected by the app: the record wins', async ({
  page,
}) => {
  await becomeReturningUser(page);
  // Another copy of the page (or a stale hint) claims one more tick than is stored.
  await page.evaluate(
    ([key, id]) => {
      const mirror = JSON.parse(localStorage.getItem(key) ?? '{}');
      mirror.ticked.push(id);
      mirror.counts[0][0] += 1;
      localStorage.setItem(key, JSON.stringify(mirror));
    },
    [`progression.first-view:engineering/backend`, levelOne[3]!.id] as const,
  );
  await openApp(page);
  await expect(checkbox(page, levelOne[3]!.text)).not.toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`3/${levelOne.length}`);
  expect(await storedProgress(page)).toHaveLength(3);
});

test('a page nobody touches runs no app script, and the first sign of a person starts the app', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  await page.goto(frameworkPath());
  await page.waitForLoadState('networkidle');
  // Well past the moment the page is idle, when the app used to start by itself.
  await page.waitForTimeout(2500);
  expect(scripts).toEqual([]);
  await expect(page.locator('html')).not.toHaveAttribute('data-ready', 'true');
  // A newcomer's page has nothing to wait for: it renders as it arrives.
  await expect(page.locator('link[rel="expect"]')).toHaveCount(0);
  await page.mouse.move(40, 40);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  expect(scripts.length).toBeGreaterThan(0);
});

test('a button pressed before the app starts does its work once the app has taken over', async ({
  page,
}) => {
  const release = await holdApp(page);
  await page.goto(frameworkPath());
  const item = criterionItem(page, first.text);
  await evidenceButton(item).click();
  await expect(evidenceButton(item)).toHaveAttribute('aria-expanded', 'false');
  release();
  await untilReady(page);
  await expect(evidenceButton(item)).toHaveAttribute('aria-expanded', 'true');
  await expect(item.getByRole('textbox')).toBeFocused();
});

test('the base-framework switch turned off before the app starts stays off, and is kept', async ({
  page,
}) => {
  const release = await holdApp(page);
  await page.goto(frameworkPath());
  const baseSwitch = page.getByRole('checkbox', {
    name: 'Include the shared criteria of the generic framework',
  });
  await baseSwitch.uncheck();
  // Switching the merge reloads the page, which then shows the framework as its file says.
  const reloaded = page.waitForEvent('framenavigated', { timeout: 30_000 });
  release();
  await reloaded;
  await untilReady(page);
  await expect(baseSwitch).not.toBeChecked();
  await expect(page.getByText(/^153 criteria/)).toHaveCount(0);
  await page.reload();
  await untilReady(page);
  await expect(baseSwitch).not.toBeChecked();
});

test('a page nobody has touched yet takes in a tick made in another tab', async ({
  page,
  context,
}) => {
  await page.goto(frameworkPath());
  const other = await context.newPage();
  await openApp(other);
  await checkbox(other, first.text).check();
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`1/${levelOne.length}`);
});
