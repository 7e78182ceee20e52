/**
 * Daily use as a newcomer meets it, in the production build: the keyboard-only journey (skip to
 * the criteria, tick a level, move on to the next, mark one not applicable with a reason, open the
 * summary, share), the heading outline in the accessibility tree, the names a screen reader
 * reads, the summary kept in view, and axe in both colour schemes at phone, tablet and desktop
 * widths (with a screenshot of each, kept in the test's output for a person to look at).
 */
import { expect, test, type Page } from '@playwright/test';
import {
  checkbox,
  criterionItem,
  frameworkPath,
  levelLink,
  openApp,
  reloadApp,
  storedRecord,
  storedSettings,
  summary,
  summaryLabel,
} from './support/app.ts';
import { axeViolations } from './support/axe.ts';
import { criteriaAt } from './support/framework.ts';

const focused = (page: Page) => page.locator(':focus');

/** Presses Tab until `target` has focus, at most `limit` times; returns the presses it took. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>, limit: number) {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error(`Not reached in ${limit} Tab presses`);
}

test('the keyboard-only journey: skip, tick a level, next level, not applicable, summary, share', async ({
  page,
}) => {
  await openApp(page);
  const level1 = criteriaAt(1);
  const level2 = criteriaAt(2);

  // One Tab reaches the skip link, Enter and one more Tab the first criterion.
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveAccessibleName('Skip to criteria');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(checkbox(page, level1[0]!.text)).toBeFocused();

  // Space ticks, ↓ moves on: the whole of level 1 without leaving the keyboard's home row.
  for (const [index, criterion] of level1.entries()) {
    await expect(checkbox(page, criterion.text)).toBeFocused();
    await page.keyboard.press('Space');
    if (index < level1.length - 1) await page.keyboard.press('ArrowDown');
  }
  for (const criterion of level1) await expect(checkbox(page, criterion.text)).toBeChecked();
  await expect(levelLink(page, 1)).toHaveAccessibleName(
    `Level 1, ${level1.length} of ${level1.length} demonstrated`,
  );

  // From the last criterion, "Next level" is a few Tabs away (its actions, the topic's buttons).
  const next = page.getByRole('link', { name: 'Next level: Level 2' });
  expect(await tabTo(page, next, 4)).toBeLessThanOrEqual(4);
  await page.keyboard.press('Enter');
  await expect(levelLink(page, 2)).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 2, name: 'Level 2' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(checkbox(page, level2[0]!.text)).toBeFocused();

  // Tab to the criterion's actions: "Not applicable", then the reason.
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveAccessibleName('Not applicable');
  await page.keyboard.press('Enter');
  await expect(focused(page)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveAccessibleName('Why it does not apply (optional)');
  await page.keyboard.type('No such work in my team');
  await page.keyboard.press('Tab');
  await expect
    .poll(async () => (await storedRecord(page, level2[0]!.id))?.reason)
    .toBe('No such work in my team');

  // Escape, from the next criterion, goes up to the summary kept in view; its per-topic
  // coverage opens with Enter.
  await expect(checkbox(page, level2[1]!.text)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(summary(page)).toBeFocused();
  await expect(summaryLabel(page)).toHaveText('2A');
  const byTopic = summary(page).locator('details.topics > summary');
  await expect(byTopic).toHaveAccessibleName('Level 2 by topic');
  // Past the summary's links (why, report, timeline) and Share.
  await tabTo(page, byTopic, 5);
  await page.keyboard.press('Enter');
  await expect(summary(page).getByRole('listitem').first()).toBeVisible();
  await expect(summary(page).getByRole('listitem')).toHaveCount(
    new Set(level2.map((criterion) => criterion.topic)).size,
  );

  // Share, in the same summary: a dialog whose first field takes focus; Escape closes it.
  await page.keyboard.press('Shift+Tab');
  await expect(focused(page)).toHaveAccessibleName('Share');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Share your assessment' });
  await expect(dialog).toBeVisible();
  await expect(focused(page)).toHaveAccessibleName('Close');
  await tabTo(page, dialog.getByRole('button', { name: 'Export snapshot' }), 6);
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/\.json$/);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(summary(page).getByRole('button', { name: 'Share' })).toBeFocused();
});

test('the heading outline in the accessibility tree is framework, level, topic', async ({
  page,
}) => {
  await openApp(page, frameworkPath({ level: 2 }));
  const tree = await page.locator('main').ariaSnapshot();
  const headings = [...tree.matchAll(/heading "([^"]+)" \[level=(\d)\]/g)].map(
    ([, name, level]) => `${level} ${name}`,
  );
  const topics = [...new Set(criteriaAt(2).map((criterion) => criterion.topic))];
  expect(headings[0]).toMatch(/^1 .*Backend Engineering Framework/);
  expect(headings[1]).toBe('2 Level 2');
  expect(headings.slice(2)).toHaveLength(topics.length);
  for (const heading of headings.slice(2)) expect(heading).toMatch(/^3 /);
});

test('level tabs, N/A and the chart buttons have names a listener understands', async ({
  page,
}) => {
  await openApp(page);
  await expect(
    page.getByRole('link', { name: `Level 1, 0 of ${criteriaAt(1).length} demonstrated` }),
  ).toBeVisible();
  const first = criterionItem(page, criteriaAt(1)[0]!.text);
  await expect(first.getByRole('button', { name: 'Not applicable' })).toHaveText('N/A');
  await summary(page).getByRole('link', { name: "Why, and what's next" }).click();
  await expect(
    page.getByRole('button', { name: 'Save as image: the coverage chart' }),
  ).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Save as image: the standing chart' }),
  ).toBeVisible();
});

test('a newcomer is told how to begin, and Share is at the top of every level', async ({
  page,
}) => {
  await openApp(page, frameworkPath({ level: 4 }));
  await expect(summary(page)).toContainText('Not started yet');
  await expect(summary(page)).not.toContainText('1A');
  await expect(page.locator('details.quick-start')).toHaveAttribute('open', '');
  // Far down level 4, the summary and its Share are still on screen.
  await page.getByRole('link', { name: 'Next level: Level 5' }).scrollIntoViewIfNeeded();
  await expect(summary(page).getByRole('button', { name: 'Share' })).toBeInViewport();
  await checkbox(page, criteriaAt(4)[0]!.text).check();
  await expect(summary(page)).toContainText('Suggested level 1A');
});

test('on a phone, a newcomer’s first tick and its undoing move no criterion', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await openApp(page);
  const first = checkbox(page, criteriaAt(1)[0]!.text);
  // Where the next criterion sits on the page, and the height of the summary that sticks on top.
  const layout = () =>
    page.evaluate(() => {
      const next = document.querySelectorAll('li.criterion')[1]!.getBoundingClientRect();
      const bar = document.querySelector('.summary')!.getBoundingClientRect();
      return { next: Math.round(next.top + scrollY), bar: Math.round(bar.height) };
    });
  const before = await layout();
  await first.check();
  await expect(summary(page)).toContainText('Suggested level 1A');
  expect(await layout()).toEqual(before);
  await first.uncheck();
  await expect(summary(page)).toContainText('Not started yet');
  expect(await layout()).toEqual(before);
});

test('the threshold says its range, keeps what was typed, and the name is kept between visits', async ({
  page,
}) => {
  await openApp(page, frameworkPath({ tab: 'overview' }));
  const threshold = page.getByRole('textbox', { name: 'Threshold' });
  await threshold.fill('40');
  await threshold.press('Enter');
  await expect(page.getByRole('alert')).toHaveText(
    'Enter a whole percentage from 50 to 100, not “40”.',
  );
  await expect(threshold).toHaveValue('40');
  await expect(threshold).toHaveAttribute('aria-invalid', 'true');
  await threshold.fill('70');
  await threshold.press('Enter');
  await expect(page.getByRole('alert')).toBeHidden();
  await expect.poll(async () => (await storedSettings(page))?.threshold).toBe(70);

  await summary(page).getByRole('button', { name: 'Share' }).click();
  const name = page.getByRole('textbox', { name: 'Name (optional)' });
  await name.fill('Ada Lovelace');
  await name.press('Tab');
  // The same name is on the report, from the one place it is kept.
  await page.getByRole('link', { name: 'Open the report' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
  await page.goBack();
  await reloadApp(page);
  await summary(page).getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('textbox', { name: 'Name (optional)' })).toHaveValue('Ada Lovelace');
});

test('what is next never shows the same list twice, and folds its lists on a phone', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openApp(page);
  // 9 of 12 at level 1: 1E, where the next sub-level is the next level.
  for (const criterion of criteriaAt(1).slice(0, 9)) await checkbox(page, criterion.text).check();
  await summary(page).getByRole('link', { name: "Why, and what's next" }).click();
  const steps = page.locator('section.step');
  await expect(steps).toHaveCount(1);
  await expect(steps.getByRole('heading')).toHaveText('Next sub-level and next level');
  const list = steps.locator('details.list');
  await expect(list).not.toHaveAttribute('open', '');
  await list.locator('summary').click();
  await expect(steps.getByRole('link')).toHaveCount(1);
});

// Two axe runs and two screenshots each: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 90_000 });

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [360, 768, 1280]) {
    test(`axe finds no violations on the main view at ${width}px (${colorScheme})`, async ({
      page,
    }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      await openApp(page, frameworkPath({ level: 2 }));
      await checkbox(page, criteriaAt(2)[0]!.text).check();
      await summary(page).getByText('Level 2 by topic').click();
      const second = criterionItem(page, criteriaAt(2)[1]!.text);
      await second.getByRole('button', { name: 'Not applicable' }).click();
      await expect(summaryLabel(page)).toHaveText('1A');
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`main-${width}-${colorScheme}.png`) });

      await summary(page).getByRole('button', { name: 'Share' }).click();
      await expect(page.getByRole('dialog', { name: 'Share your assessment' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`share-${width}-${colorScheme}.png`) });
    });
  }
}
