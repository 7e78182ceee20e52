/**
 * Snapshots in the production build: export, delete everything, import and merge gives back the
 * same assessment and "Undo import" empties it again; someone else's file is kept beside one's
 * own and opens read-only; a refused file leaves IndexedDB byte-identical; a dropped file opens
 * the preview.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  checkbox,
  criterionItem,
  evidenceButton,
  markNotApplicable,
  openApp,
  reloadApp,
  storedProgress,
  storedRecord,
  summary,
  type DownloadedBackup,
} from './support/app.ts';
import { axeViolations } from './support/axe.ts';
import { criteriaAt } from './support/framework.ts';
import { dropFile } from './support/own-framework.ts';
import {
  allStoredEntries,
  exportSnapshot,
  importPanel,
  importPreview,
} from './support/snapshots.ts';

const first = criteriaAt(1)[0]!;
const second = criteriaAt(1)[1]!;
const third = criteriaAt(1)[2]!;

/** A snapshot's content without the moment it was exported, which differs between two exports. */
function contentOf(snapshot: DownloadedBackup): Record<string, unknown> {
  // The export id too: "Delete all my data" forgets it, and the next export makes a new one.
  const { exportedAt, exportId, ...content } = snapshot.json;
  expect(typeof exportedAt).toBe('string');
  expect(typeof exportId).toBe('string');
  return content;
}

/** Stored entries without this browser's export id, which the export after an import writes. */
async function withoutExportId(
  entries: Promise<[IDBValidKey, unknown][]>,
): Promise<[IDBValidKey, unknown][]> {
  return (await entries).filter(
    ([key]) => !(Array.isArray(key) && key[0] === 'collection' && key[1] === 'export-id'),
  );
}

/** A downloaded snapshot as the file chooser gives it, under the name it was downloaded as. */
const asFile = (snapshot: DownloadedBackup) => ({
  name: snapshot.fileName,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify(snapshot.json)),
});

/** Ticks `first`, gives `second` evidence and marks `third` not applicable, and waits for them. */
async function assessSome(page: Page): Promise<void> {
  await checkbox(page, first.text).check();
  const item = criterionItem(page, second.text);
  await evidenceButton(item).click();
  await item
    .getByRole('textbox', { name: `Evidence for: ${second.text}` })
    .fill('Ran the on-call rota for a month');
  await markNotApplicable(page, third.text, 'No such work here');
  await expect
    .poll(async () => (await storedRecord(page, second.id))?.evidence)
    .toBe('Ran the on-call rota for a month');
  await expect.poll(async () => (await storedProgress(page)).length).toBe(3);
}

async function deleteAllData(page: Page): Promise<void> {
  const data = page.getByRole('region', { name: 'Your data' });
  page.once('dialog', (dialog) => void dialog.accept());
  await data.getByRole('button', { name: 'Delete all my data' }).click();
  await expect(data.getByRole('status')).toHaveText('All your data was deleted from this browser.');
}

test('export, delete everything, import and merge gives back the same assessment; undo empties it', async ({
  page,
}) => {
  await openApp(page);
  await assessSome(page);
  const before = await exportSnapshot(page);
  expect(before.fileName).toMatch(/^engineering-backend-\d{4}-\d{2}-\d{2}\.progression\.json$/);

  await deleteAllData(page);
  await expect(checkbox(page, first.text)).not.toBeChecked();
  const emptied = await allStoredEntries(page);
  expect(await storedProgress(page)).toEqual([]);

  const panel = importPanel(page);
  await panel.getByLabel('Snapshot file to import').setInputFiles(asFile(before));
  const preview = importPreview(page);
  // This browser forgot its export id with everything else: the person says the file is theirs.
  await expect(preview).toContainText('A self-assessment');
  await preview.getByRole('button', { name: 'It is mine: merge or replace…' }).click();
  await expect(preview).toContainText('3 added');
  await preview.getByRole('button', { name: 'Merge' }).click();
  await expect(preview).toBeHidden();
  await expect(panel.getByRole('status')).toContainText(`Imported ${before.fileName} (merge)`);
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(checkbox(page, second.text)).not.toBeChecked();
  await expect(
    criterionItem(page, third.text).getByRole('button', { name: 'Not applicable' }),
  ).toHaveAttribute('aria-pressed', 'true');
  expect(contentOf(await exportSnapshot(page))).toEqual(contentOf(before));

  await panel.getByRole('button', { name: 'Undo import' }).click();
  await expect(panel.getByRole('status')).toContainText(
    `The import of ${before.fileName} was undone.`,
  );
  await expect(checkbox(page, first.text)).not.toBeChecked();
  await expect(panel.getByRole('button', { name: 'Undo import' })).toBeHidden();
  // The progress is gone again; the checkpoint of what was exported (shared) stays.
  const progress = async () =>
    (await withoutExportId(allStoredEntries(page))).filter(
      ([key]) => !String(key).includes('checkpoints'),
    );
  await expect.poll(progress).toEqual(emptied);
  expect(JSON.stringify(await allStoredEntries(page))).toContain('"cause":"shared"');

  await reloadApp(page);
  await expect(checkbox(page, first.text)).not.toBeChecked();
  expect(await progress()).toEqual(emptied);
});

// After "Delete all my data" nothing is stored, so a merge takes the file's threshold.
test('the threshold comes back too after deleting everything and importing', async ({ page }) => {
  await openApp(page);
  await checkbox(page, first.text).check();
  await page.getByRole('link', { name: "Why, and what's next" }).click();
  const threshold = page.getByRole('textbox', { name: 'Threshold' });
  await threshold.fill('70');
  await threshold.press('Enter');
  await expect(summary(page)).toContainText('at 70%');
  const before = await exportSnapshot(page);
  await deleteAllData(page);
  await expect(summary(page)).toContainText('at 80%');
  await importPanel(page).getByLabel('Snapshot file to import').setInputFiles(asFile(before));
  await importPreview(page).getByRole('button', { name: 'It is mine: merge or replace…' }).click();
  await importPreview(page).getByRole('button', { name: 'Merge' }).click();
  await expect(summary(page)).toContainText('at 70%', { timeout: 2000 });
});

test('a manager’s file, dropped on the page, is kept beside one’s own and opens read-only', async ({
  page,
}) => {
  await openApp(page);
  await checkbox(page, first.text).check();
  await expect.poll(async () => (await storedProgress(page)).length).toBe(1);
  const mine = await exportSnapshot(page);
  const progress = await storedProgress(page);
  // Sam's view differs from the person's: the second criterion demonstrated too.
  const review = {
    ...mine.json,
    role: 'manager',
    person: 'Sam',
    criteria: (mine.json.criteria as { id: string; state: string }[]).map((criterion) =>
      criterion.id === second.id ? { ...criterion, state: 'demonstrated' } : criterion,
    ),
  };

  await dropFile(page, 'sam-review.json', JSON.stringify(review));
  const preview = importPreview(page);
  await expect(preview).toContainText('A manager’s review of Sam’s assessment');
  await preview.getByRole('button', { name: 'Keep it beside mine' }).click();
  await expect(preview).toBeHidden();

  const panel = importPanel(page);
  await expect(panel.getByRole('heading', { name: 'Received assessments' })).toBeVisible();
  const received = panel.getByRole('listitem').filter({ hasText: 'A manager’s review of Sam' });
  await expect(received).toHaveCount(1);
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(checkbox(page, second.text)).not.toBeChecked();
  expect(await storedProgress(page)).toEqual(progress);

  await received.getByRole('button', { name: 'Open' }).click();
  await expect(received.getByRole('button', { name: 'Close' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(received.getByRole('checkbox')).toHaveCount(0);
  const row = received.getByRole('row', { name: second.text });
  await expect(row).toContainText('Demonstrated');
  await expect(received.getByRole('table').first()).toContainText(first.text);

  // Still listed after a reload; one's own file dropped opens the own preview beside it.
  await reloadApp(page);
  await expect(received).toHaveCount(1);
  await received.getByRole('button', { name: 'Open' }).click();
  await dropFile(page, mine.fileName, JSON.stringify(mine.json));
  await expect(preview.getByRole('button', { name: 'Merge' })).toBeVisible();
  await expect(preview).toContainText('0 added, 0 changed, 1 unchanged');
  expect(await axeViolations(page)).toEqual([]);
  await preview.getByRole('button', { name: 'Cancel' }).click();

  page.once('dialog', (dialog) => void dialog.accept());
  await received.getByRole('button', { name: 'Delete' }).click();
  await expect(panel.getByRole('heading', { name: 'Received assessments' })).toBeHidden();
  expect(await storedProgress(page)).toEqual(progress);
});

test('a file from a newer version is refused with its message and changes nothing', async ({
  page,
}) => {
  await openApp(page);
  await assessSome(page);
  const before = await allStoredEntries(page);
  const panel = importPanel(page);
  await panel.getByLabel('Snapshot file to import').setInputFiles({
    name: 'future.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'progression.snapshot', version: 99 })),
  });
  const status = panel.getByRole('status');
  await expect(status).toContainText('future.json could not be imported, so nothing was changed:');
  await expect(status.getByRole('listitem')).toContainText([
    'made by a newer version of Progression',
  ]);
  await expect(importPreview(page)).toBeHidden();
  await expect(checkbox(page, first.text)).toBeChecked();
  expect(await allStoredEntries(page)).toEqual(before);
});
