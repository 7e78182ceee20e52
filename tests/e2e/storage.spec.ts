/**
 * Keeping progress in the production build: two tabs stay in step, a browser that refuses to
 * store still lets people work and take a backup, backup / delete / restore round-trips exactly,
 * and progress of a criterion a changed framework no longer has is kept and re-attached.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  checkbox,
  criterionItem,
  downloadBackup,
  evidenceButton,
  frameworkId,
  levelLink,
  markNotApplicable,
  openApp,
  putStoredValues,
  reloadApp,
  showLevel,
  storedDetachedIds,
  storedProgress,
  storedRecord,
  type DownloadedBackup,
} from './support/app.ts';
import { backend, criteriaAt } from './support/framework.ts';

const first = criteriaAt(1)[0]!;
const second = criteriaAt(1)[1]!;
const third = criteriaAt(1)[2]!;

/** The backup's content without the moment it was made, which differs between two backups. */
function contentOf(backup: DownloadedBackup): Record<string, unknown> {
  const { exportedAt, ...content } = backup.json;
  expect(typeof exportedAt).toBe('string');
  return content;
}

/** Names of the criteria a backup holds as demonstrated. */
function demonstratedIn(backup: DownloadedBackup): string[] {
  const frameworks = backup.json.frameworks as {
    frameworkId: string;
    criteria: { criterionId: string; state: string }[];
  }[];
  return frameworks
    .filter((entry) => entry.frameworkId === frameworkId)
    .flatMap((entry) => entry.criteria)
    .filter((record) => record.state === 'demonstrated')
    .map((record) => record.criterionId);
}

const yourData = (page: Page) => page.getByRole('region', { name: 'Your data' });

test('two tabs on the same framework stay in step, and both tabs’ edits are kept', async ({
  context,
}) => {
  const left = await context.newPage();
  const right = await context.newPage();
  await openApp(left);
  await openApp(right);
  for (const page of [left, right])
    await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();

  await checkbox(left, first.text).check();
  await expect(checkbox(right, first.text)).toBeChecked({ timeout: 1000 });
  await expect(levelLink(right, 1)).toContainText(`1/${criteriaAt(1).length}`);

  // Different criteria in each tab, at nearly the same time.
  await Promise.all([
    checkbox(left, second.text).check(),
    markNotApplicable(right, third.text, 'Not in my team'),
  ]);
  await expect(checkbox(left, second.text)).toBeChecked();
  await expect(
    criterionItem(left, third.text).getByRole('button', { name: 'Not applicable' }),
  ).toHaveAttribute('aria-pressed', 'true', { timeout: 1000 });
  await expect(checkbox(right, second.text)).toBeChecked({ timeout: 1000 });
  await expect
    .poll(async () => (await storedRecord(right, third.id))?.reason)
    .toBe('Not in my team');

  for (const page of [left, right]) {
    await reloadApp(page);
    await expect(checkbox(page, first.text)).toBeChecked();
    await expect(checkbox(page, second.text)).toBeChecked();
    const thirdItem = criterionItem(page, third.text);
    await expect(thirdItem.getByRole('button', { name: 'Not applicable' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(thirdItem.getByLabel('Why it does not apply (optional)')).toHaveValue(
      'Not in my team',
    );
  }
});

/**
 * Ways a browser refuses IndexedDB: no `indexedDB` at all (as with storage disabled), and an
 * `open` that throws a SecurityError (as in Firefox's private windows before version 115).
 */
const blockedStorage = {
  'has no indexedDB': () => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  },
  'throws when IndexedDB is opened': () => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  },
};

for (const [how, block] of Object.entries(blockedStorage)) {
  test(`when the browser ${how}, the app says so, works in memory and backs up`, async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(block);
    await openApp(page);

    const notice = page.getByRole('alert').filter({
      hasText: 'This browser is not letting Progression save.',
    });
    await expect(notice).toBeVisible();
    await checkbox(page, first.text).check();
    await expect(checkbox(page, first.text)).toBeChecked();
    await expect(levelLink(page, 1)).toContainText(`1/${criteriaAt(1).length}`);

    const backup = await downloadBackup(
      page,
      notice.getByRole('button', { name: 'Download a backup' }),
    );
    expect(backup.fileName).toMatch(/^progression-backup-\d{4}-\d{2}-\d{2}\.json$/);
    expect(demonstratedIn(backup)).toEqual([first.id]);
    expect(errors).toEqual([]);
  });
}

test('when reading `indexedDB` itself throws, the app says so and keeps working', async ({
  page,
}) => {
  // Some browsers throw when a page merely reads `indexedDB` with storage denied.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
  });
  await openApp(page);
  await expect(page.getByRole('alert')).toContainText(
    'This browser is not letting Progression save.',
    { timeout: 2000 },
  );
  await checkbox(page, first.text).check();
  const backup = await downloadBackup(
    page,
    page.getByRole('alert').getByRole('button', { name: 'Download a backup' }),
  );
  expect(demonstratedIn(backup)).toEqual([first.id]);
  expect(errors).toEqual([]);
});

test('a backup, deleting everything and restoring it gives back exactly what there was', async ({
  page,
}) => {
  const levelTwo = criteriaAt(2)[0]!;
  await openApp(page);
  await checkbox(page, first.text).check();
  await checkbox(page, second.text).check();
  await showLevel(page, 2);
  await markNotApplicable(page, levelTwo.text, 'No such work here');
  // A setting, kept with the progress: the threshold.
  await page.getByRole('link', { name: "Why, and what's next" }).click();
  const threshold = page.getByRole('textbox', { name: 'Threshold' });
  await threshold.fill('70');
  await threshold.press('Enter');
  await expect(page.getByRole('region', { name: 'Your standing' })).toContainText('at 70%');
  await page.getByRole('link', { name: 'Back to criteria' }).click();
  await expect.poll(async () => (await storedProgress(page)).length).toBe(3);

  const data = yourData(page);
  const before = await downloadBackup(
    page,
    data.getByRole('button', { name: 'Download a backup' }),
  );
  expect(demonstratedIn(before).sort()).toEqual([first.id, second.id].sort());

  page.once('dialog', (dialog) => void dialog.accept());
  await data.getByRole('button', { name: 'Delete all my data' }).click();
  await expect(data.getByRole('status')).toHaveText('All your data was deleted from this browser.');
  await expect(page.getByRole('region', { name: 'Your standing' })).toContainText('at 80%');
  await showLevel(page, 1);
  await expect(checkbox(page, first.text)).not.toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`0/${criteriaAt(1).length}`);
  await expect(levelLink(page, 2)).toContainText(`0/${criteriaAt(2).length}`);
  expect(await storedProgress(page)).toEqual([]);

  page.once('dialog', (dialog) => void dialog.accept());
  await data.getByLabel('Backup file to restore').setInputFiles(before.path);
  await expect(data.getByRole('status')).toContainText('Restored from');
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(checkbox(page, second.text)).toBeChecked();
  await expect(levelLink(page, 2)).toContainText(`0/${criteriaAt(2).length - 1}`);
  await expect(page.getByRole('region', { name: 'Your standing' })).toContainText('at 70%');

  const after = await downloadBackup(page, data.getByRole('button', { name: 'Download a backup' }));
  expect(contentOf(after)).toEqual(contentOf(before));

  // Restored into storage, not only into the page.
  await reloadApp(page);
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(checkbox(page, second.text)).toBeChecked();
});

test('restoring a file that is not a valid backup lists its problems and changes nothing', async ({
  page,
}) => {
  await openApp(page);
  await checkbox(page, first.text).check();
  await expect.poll(async () => (await storedRecord(page, first.id))?.state).toBe('demonstrated');
  const data = yourData(page);
  const backup = await downloadBackup(
    page,
    data.getByRole('button', { name: 'Download a backup' }),
  );
  const stored = await storedProgress(page);

  // A backup damaged by hand: a record with an unknown state beside a valid record for another
  // criterion, which must not be restored on its own.
  const frameworks = structuredClone(backup.json.frameworks) as {
    criteria: Record<string, unknown>[];
  }[];
  const record = frameworks[0]!.criteria[0]!;
  frameworks[0]!.criteria = [
    { ...record, state: 'maybe' },
    { ...record, criterionId: second.id, text: second.text },
  ];
  const status = data.getByRole('status');
  // A file that cannot be restored is refused before anything asks to replace progress.
  const dialogs: string[] = [];
  const noteDialog = (dialog: { message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  };
  page.on('dialog', noteDialog);
  for (const [name, text] of [
    ['damaged-backup.json', JSON.stringify({ ...backup.json, frameworks })],
    ['notes.json', 'These are my notes, not a backup.'],
  ] as const) {
    await data.getByLabel('Backup file to restore').setInputFiles({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    await expect(status).toContainText(`${name} could not be restored, so nothing was changed:`);
    await expect(status.getByRole('listitem').first()).toContainText(`${name}: error:`);
    await expect(checkbox(page, first.text)).toBeChecked();
    await expect(checkbox(page, second.text)).not.toBeChecked();
    expect(await storedProgress(page)).toEqual(stored);
  }
  await expect(status).toContainText('not JSON');
  expect(dialogs).toEqual([]);
  page.off('dialog', noteDialog);

  // Declining the confirmation changes nothing either, even for a valid backup.
  await checkbox(page, second.text).check();
  const declined = page.waitForEvent('dialog').then((dialog) => dialog.dismiss());
  await data.getByLabel('Backup file to restore').setInputFiles(backup.path);
  await declined;
  await expect(checkbox(page, second.text)).toBeChecked();
  await expect(status).not.toContainText('Restored from');
  await expect.poll(async () => (await storedProgress(page)).length).toBe(2);
});

test('progress of a criterion the framework no longer has is listed and re-attached', async ({
  page,
}) => {
  const communication = backend.topics.find((topic) => topic.name === 'communication')!;
  const current = communication.levels
    .find((entry) => entry.level === 1)!
    .criteria.find((criterion) => criterion.text.startsWith('Writes PR descriptions'))!;
  // The text as an older framework file worded it.
  const oldText = current.text.replace('provide', 'give').replace('the change', 'each change');
  expect(oldText).not.toBe(current.text);
  const oldId = 'communication.1.000000000000';
  expect(
    backend.topics.flatMap((topic) => topic.levels).flatMap((level) => level.criteria),
  ).not.toContainEqual(expect.objectContaining({ id: oldId }));

  await openApp(page);
  await putStoredValues(page, [
    [
      ['progress', frameworkId, oldId],
      {
        v: 1,
        frameworkId,
        criterionId: oldId,
        state: 'demonstrated',
        evidence: 'Reviewed by my lead',
        updatedAt: '2024-05-01T09:00:00.000Z',
        topic: 'communication',
        level: 1,
        text: oldText,
      },
    ],
  ]);
  await reloadApp(page);

  const orphans = page.getByRole('region', {
    name: 'Progress for criteria this framework no longer has',
  });
  await expect(orphans).toBeVisible();
  await expect(orphans.getByRole('listitem')).toHaveCount(1);
  await expect(orphans).toContainText(`“${oldText}”`);
  const attachTo = orphans.getByLabel('Attach to');
  await expect(attachTo).toHaveValue(current.id);
  await expect(attachTo.locator('option:checked')).toHaveText(`Level 1: ${current.text}`);
  await expect(checkbox(page, current.text)).not.toBeChecked();

  await orphans.getByRole('button', { name: 'Attach' }).click();
  await expect(checkbox(page, current.text)).toBeChecked();
  await expect(orphans).toBeHidden();
  await expect
    .poll(async () => (await storedProgress(page)).map((record) => record.criterionId))
    .toEqual([current.id]);
  expect((await storedRecord(page, current.id))?.evidence).toBe('Reviewed by my lead');

  await reloadApp(page);
  await expect(checkbox(page, current.text)).toBeChecked();
  // "Evidence" (not "Add evidence"): the criterion has its evidence back.
  await expect(evidenceButton(criterionItem(page, current.text))).toHaveAccessibleName('Evidence');
  await expect(orphans).toBeHidden();
});

test('a restored backup’s thousands of records for vanished criteria are kept aside and shown on request', async ({
  page,
}) => {
  const vanished = Array.from({ length: 3_000 }, (_, index) => ({
    frameworkId,
    criterionId: `reworded.1.${index.toString(16).padStart(12, '0')}`,
    state: 'demonstrated',
    evidence: `Evidence ${index}`,
    updatedAt: '2026-01-05T09:30:00.000Z',
    topic: 'communication',
    level: 1,
    text: `${first.text} (as worded before, ${index})`,
  }));
  const backupFile = {
    name: 'old.backup.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'progression.backup',
        version: 1,
        exportedAt: '2026-01-05T10:00:00.000Z',
        frameworks: [{ frameworkId, settings: null, criteria: vanished }],
        collections: {},
      }),
    ),
  };
  await openApp(page);
  page.on('dialog', (dialog) => void dialog.accept());
  const data = page.getByRole('region', { name: 'Your data' });
  await data.getByLabel('Backup file to restore').setInputFiles(backupFile);
  await expect(data.getByRole('status')).toContainText('Restored from');

  // Kept as two entries, not 3,000 records that every load would read.
  expect(await storedProgress(page)).toEqual([]);
  expect(await storedDetachedIds(page)).toHaveLength(3_000);
  const orphans = page.getByRole('region', {
    name: 'Progress for criteria this framework no longer has',
  });
  await reloadApp(page);
  await expect(orphans).toContainText('since you saved these 3,000');
  await expect(orphans.getByRole('listitem')).toHaveCount(0);

  await orphans.getByRole('button', { name: 'Show them' }).click();
  await expect(orphans.getByRole('listitem')).toHaveCount(20);
  await expect(orphans).toContainText('1–20 of 3,000');
  const row = orphans.getByRole('listitem').first();
  await expect(row.getByLabel('Attach to')).toHaveValue(first.id);
  await row.getByRole('button', { name: 'Attach' }).click();
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(orphans).toContainText('since you saved these 2,999');
  await expect.poll(async () => (await storedDetachedIds(page)).length).toBe(2_999);

  await reloadApp(page);
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(orphans).toContainText('since you saved these 2,999');
  expect((await storedRecord(page, first.id))?.evidence).toBe('Evidence 0');
});
