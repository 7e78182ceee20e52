/**
 * Checkpoints and the timeline in the production build: tick, save a checkpoint, tick more,
 * save another; the timeline charts and tables show both with their levels, the comparison
 * lists what changed, a restore and its undo work and survive a reload, and a returning person
 * lands on the level they are working on.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  checkbox,
  levelLink,
  openApp,
  reloadApp,
  showLevel,
  storedProgress,
  summary,
  summaryLabel,
} from './support/app.ts';
import { axeViolations } from './support/axe.ts';
import { canvasPixels } from './support/chart.ts';
import { importPanel, importPreview } from './support/snapshots.ts';
import { criteriaAt } from './support/framework.ts';

// The backend framework has 12 criteria at level 1 and 25 at level 2 (threshold 80%).
const level1 = criteriaAt(1);
const level2 = criteriaAt(2);

async function tick(page: Page, texts: string[]): Promise<void> {
  const before = (await storedProgress(page)).length;
  for (const text of texts) await checkbox(page, text).check();
  await expect.poll(async () => (await storedProgress(page)).length).toBe(before + texts.length);
}

const timeline = (page: Page) => page.getByRole('article', { name: 'Timeline' });

async function openTimeline(page: Page): Promise<void> {
  await summary(page).getByRole('link', { name: 'Timeline' }).click();
  await expect(page).toHaveURL(/view=timeline/);
  await expect(timeline(page).getByRole('heading', { name: 'Timeline', level: 1 })).toBeVisible();
}

async function saveCheckpoint(page: Page, name: string): Promise<void> {
  await timeline(page).getByLabel('Name of the checkpoint').fill(name);
  await timeline(page).getByRole('button', { name: 'Save checkpoint' }).click();
  await expect(timeline(page).getByRole('status')).toContainText('Checkpoint saved.');
}

async function backToFramework(page: Page): Promise<void> {
  await timeline(page).getByRole('link', { name: '← Back to the framework' }).click();
  await expect(page).not.toHaveURL(/view=timeline/);
}

test('checkpoints, the timeline, comparing, restoring and undoing, kept across reloads', async ({
  page,
}) => {
  await openApp(page);
  // 5 of 12 at level 1: 1C.
  await tick(
    page,
    level1.slice(0, 5).map((criterion) => criterion.text),
  );
  await expect(summaryLabel(page)).toHaveText('1C');
  await openTimeline(page);
  await saveCheckpoint(page, 'Before the review');

  // 10 of 12 at level 1 meets it; 5 of 25 at level 2: 2B.
  await backToFramework(page);
  await tick(
    page,
    level1.slice(5, 10).map((criterion) => criterion.text),
  );
  await showLevel(page, 2);
  await tick(
    page,
    level2.slice(0, 5).map((criterion) => criterion.text),
  );
  await expect(summaryLabel(page)).toHaveText('2B');
  await expect(summary(page)).toContainText('10 more demonstrated, now 2B from 1C');
  await openTimeline(page);
  await saveCheckpoint(page, 'After the review');

  // Two checkpoints and now, each with its level; both charts are painted.
  const table = timeline(page).getByRole('table').first();
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row').nth(1)).toContainText('Before the review');
  await expect(table.getByRole('row').nth(1)).toContainText('1C');
  await expect(table.getByRole('row').nth(2)).toContainText('After the review');
  await expect(table.getByRole('row').nth(2)).toContainText('2B');
  for (const name of [/Suggested level at each checkpoint/, /Each topic’s coverage/]) {
    const chart = timeline(page)
      .locator('figure')
      .filter({ has: page.getByRole('img', { name }) });
    await expect.poll(async () => (await canvasPixels(chart)).coloured).toBeGreaterThan(50);
  }
  expect(await axeViolations(page)).toEqual([]);

  // The comparison of the two lists the ten newly demonstrated criteria.
  // Checkpoint ids count from 1, oldest first.
  await timeline(page).getByRole('combobox', { name: 'Compare from' }).selectOption('1');
  await timeline(page).getByRole('combobox', { name: 'to', exact: true }).selectOption('2');
  const comparison = timeline(page).getByRole('region', { name: /What changed between/ });
  await expect(comparison).toContainText('10 newly demonstrated');
  await expect(comparison).toContainText(level2[0]!.text);
  await expect(comparison.getByRole('listitem')).toHaveCount(10);

  // Restore the first: back to 1C, the present kept as a checkpoint first.
  await table
    .getByRole('row')
    .nth(1)
    .getByRole('button', { name: 'Restore “Before the review”' })
    .click();
  await expect(timeline(page).getByRole('status')).toContainText('Restored the checkpoint');
  await expect(table.getByRole('row').last()).toContainText('1C');
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect.poll(async () => (await storedProgress(page)).length).toBe(5);

  // A reload keeps it all, the undo included.
  await reloadApp(page);
  await expect(timeline(page).getByRole('table').first().getByRole('row')).toHaveCount(4);
  await expect(timeline(page).getByRole('table').first().getByRole('row').last()).toContainText(
    '1C',
  );
  const undo = timeline(page).getByRole('button', {
    name: 'Undo the restore of “Before the review”',
  });
  await undo.click();
  await expect(timeline(page).getByRole('status')).toContainText('was undone');
  await expect(undo).toHaveCount(0);
  await expect.poll(async () => (await storedProgress(page)).length).toBe(15);

  // Back on the framework page a reload lands on level 2, the level being worked on.
  await backToFramework(page);
  await expect(summaryLabel(page)).toHaveText('2B');
  await openApp(page);
  await expect(levelLink(page, 2)).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveURL(/level=2/);
  await expect(checkbox(page, level2[0]!.text)).toBeChecked();
  await expect(summary(page)).toContainText('since');
});

test('“Undo import” survives a reload: it restores the checkpoint taken in the import’s transaction', async ({
  page,
}) => {
  await openApp(page);
  await tick(
    page,
    level1.slice(0, 2).map((criterion) => criterion.text),
  );
  // A snapshot of one's own with a single other criterion ticked, replacing what is there.
  const snapshot = {
    format: 'progression.snapshot',
    version: 1,
    exportedAt: '2026-11-01T10:00:00.000Z',
    role: 'self',
    framework: { id: 'engineering/backend', title: 'Backend', sha256: '0'.repeat(64) },
    settings: { threshold: 80 },
    criteria: [
      {
        id: level1[5]!.id,
        topic: level1[5]!.topic,
        level: 1,
        text: level1[5]!.text,
        state: 'demonstrated',
        updatedAt: '2026-11-01T09:00:00.000Z',
      },
    ],
    summary: { label: null, level: null, subLevel: null, levels: [], topics: [] },
  };
  await importPanel(page)
    .getByLabel('Snapshot file to import')
    .setInputFiles({
      name: 'mine.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(snapshot)),
    });
  // A file with no export id of this browser: the person says it is theirs, then replaces.
  await importPreview(page)
    .getByRole('button', { name: /^It is mine/ })
    .click();
  await importPreview(page).getByRole('button', { name: 'Replace', exact: true }).click();
  await expect(checkbox(page, level1[5]!.text)).toBeChecked();
  await expect(checkbox(page, level1[0]!.text)).not.toBeChecked();

  await reloadApp(page);
  const undo = importPanel(page).getByRole('button', { name: 'Undo import' });
  await undo.click();
  await expect(importPanel(page).getByRole('status')).toContainText(
    'The import of mine.json was undone.',
  );
  await expect(checkbox(page, level1[0]!.text)).toBeChecked();
  await expect(checkbox(page, level1[5]!.text)).not.toBeChecked();
  await reloadApp(page);
  await expect(checkbox(page, level1[1]!.text)).toBeChecked();
  await expect(importPanel(page).getByRole('button', { name: 'Undo import' })).toHaveCount(0);
});

test('a quick start and a shared link each keep a checkpoint, listed in the timeline', async ({
  page,
}) => {
  await openApp(page);
  await tick(page, [level1[0]!.text]);
  // Still open: a tick does not fold it.
  const toolbar = page.locator('.quick-start');
  await toolbar.getByRole('button', { name: 'Mark them' }).click();
  await expect(summaryLabel(page)).toHaveText('2A');
  await summary(page).getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Copy share link' }).click();
  await expect(dialog.getByRole('status').first()).toContainText(/share link|copy/i);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await openTimeline(page);
  const table = timeline(page).getByRole('table').first();
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row').nth(1)).toContainText('Before a quick start');
  await expect(table.getByRole('row').nth(1)).toContainText('1A');
  await expect(table.getByRole('row').nth(2)).toContainText('Shared');
  await expect(table.getByRole('row').nth(2)).toContainText('2A');

  // On a phone the tables scroll within themselves; the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(390);
});
