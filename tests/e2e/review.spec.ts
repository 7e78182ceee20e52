/**
 * The manager's review and the comparison, round trip without a server, in two browsers that
 * share nothing (two browser contexts): the engineer exports their assessment, the manager
 * keeps it beside their own, reviews it by keyboard (one disagreement, one needs evidence, a
 * verdict) and sends it back as a file; the engineer opens it beside their own assessment, sees
 * the disagreement and the verdict, and jumps from "needs evidence" to the evidence field. Each
 * person's own ticks stay exactly as they were throughout.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  checkbox,
  downloadBackup,
  openApp,
  storedProgress,
  summary,
  type DownloadedBackup,
} from './support/app.ts';
import { axeViolations } from './support/axe.ts';
import { criteriaAt } from './support/framework.ts';
import { importPanel, importPreview, shareDialog } from './support/snapshots.ts';

const [agreed, disputed, unproven] = criteriaAt(1);

/** A downloaded file as the file chooser gives it. */
const asFile = (file: DownloadedBackup) => ({
  name: file.fileName,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify(file.json)),
});

/** The person's own progress as stored, in criterion order, to tell it never changed. */
async function ownTicks(page: Page) {
  return (await storedProgress(page))
    .map(({ criterionId, state, evidence }) => ({ criterionId, state, evidence }))
    .sort((a, b) => a.criterionId.localeCompare(b.criterionId));
}

test('an engineer and a manager: review, send back, compare, and jump to the evidence', async ({
  browser,
}) => {
  const engineer = await (await browser.newContext()).newPage();
  const manager = await (await browser.newContext()).newPage();

  // The engineer assesses three criteria and exports the file with their name.
  await openApp(engineer);
  for (const criterion of [agreed!, disputed!, unproven!])
    await checkbox(engineer, criterion.text).check();
  await expect.poll(async () => (await storedProgress(engineer)).length).toBe(3);
  const engineersTicks = await ownTicks(engineer);
  await summary(engineer).getByRole('button', { name: 'Share' }).click();
  const dialog = shareDialog(engineer);
  await dialog.getByLabel('Name (optional)').fill('Ada Lovelace');
  const assessment = await downloadBackup(
    engineer,
    dialog.getByRole('button', { name: 'Export snapshot' }),
  );
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The manager, with a tick of their own, keeps it beside their assessment.
  await openApp(manager);
  await checkbox(manager, criteriaAt(1)[5]!.text).check();
  await expect.poll(async () => (await storedProgress(manager)).length).toBe(1);
  const managersTicks = await ownTicks(manager);
  await importPanel(manager)
    .getByLabel('Snapshot file to import')
    .setInputFiles(asFile(assessment));
  const preview = importPreview(manager);
  await expect(preview.locator('.who')).toHaveText('A self-assessment by Ada Lovelace');
  await preview.getByRole('button', { name: 'Keep it beside mine' }).click();
  const kept = importPanel(manager).getByRole('status');
  await expect(kept).toContainText('Kept Ada Lovelace’s assessment');
  await expect(
    importPanel(manager).getByRole('listitem').filter({ hasText: 'not reviewed yet' }),
  ).toHaveCount(1);
  await kept.getByRole('link', { name: 'Review it' }).click();

  // Review mode: the engineer's states read-only, a radio group per criterion, by keyboard.
  await expect(
    manager.getByRole('heading', { name: 'Review of Ada Lovelace’s assessment' }),
  ).toBeVisible();
  await expect(manager.locator('div.review').getByRole('checkbox')).toHaveCount(0);
  const group = (text: string) => manager.getByRole('radiogroup', { name: text, exact: true });
  await expect(group(agreed!.text).getByRole('radio')).toHaveCount(3);
  await group(agreed!.text).getByRole('radio', { name: 'Agree', exact: true }).focus();
  await manager.keyboard.press('Space');
  await manager.keyboard.press('Tab'); // the comment on the criterion just reviewed
  await manager.keyboard.press('Tab'); // the next criterion's group
  await expect(
    group(disputed!.text).getByRole('radio', { name: 'Agree', exact: true }),
  ).toBeFocused();
  await manager.keyboard.press('ArrowRight');
  await expect(group(disputed!.text).getByRole('radio', { name: 'Disagree' })).toBeChecked();
  await manager.keyboard.press('Tab');
  await manager.keyboard.type('Not on your own yet.');
  await manager.keyboard.press('Tab');
  await manager.keyboard.press('ArrowRight');
  await manager.keyboard.press('ArrowRight');
  await expect(group(unproven!.text).getByRole('radio', { name: 'Needs evidence' })).toBeChecked();
  await manager.keyboard.press('Tab');
  await manager.keyboard.type('Link the pull request.');
  await expect(manager.getByText(/^3 of \d+ reviewed$/)).toBeVisible();

  await manager.getByRole('radio', { name: 'Another level' }).check();
  await manager.getByRole('combobox', { name: 'Level', exact: true }).selectOption('1');
  await manager.getByRole('combobox', { name: 'Sub-level' }).selectOption('B');
  await manager.getByLabel('Comment on the whole assessment').fill('A good start.');
  await manager.getByLabel('Your name (optional)').fill('Grace Hopper');
  expect(await axeViolations(manager)).toEqual([]);

  const review = await downloadBackup(
    manager,
    manager.getByRole('button', { name: 'Send back as a file' }),
  );
  expect(review.fileName).toMatch(
    /^engineering-backend-review-of-ada-lovelace-\d{4}-\d{2}-\d{2}\.progression\.json$/,
  );
  expect(review.json).toMatchObject({ version: 2, role: 'manager', person: 'Ada Lovelace' });
  expect(await ownTicks(manager)).toEqual(managersTicks);

  // Kept in the manager's browser: the list says how far the review has got.
  await manager.getByRole('link', { name: '← Back to the framework' }).click();
  await expect(
    importPanel(manager)
      .getByRole('listitem')
      .filter({ hasText: /3 of \d+ reviewed/ }),
  ).toHaveCount(1);

  // The engineer opens the review: beside their own, never over it.
  await importPanel(engineer).getByLabel('Snapshot file to import').setInputFiles(asFile(review));
  const returned = importPreview(engineer);
  await expect(returned.locator('.who')).toHaveText('A review of your assessment by Grace Hopper');
  await returned.getByRole('button', { name: 'Keep it beside mine' }).click();
  const status = importPanel(engineer).getByRole('status');
  await expect(status).toContainText('Kept Ada Lovelace’s review');
  expect(await ownTicks(engineer)).toEqual(engineersTicks);
  await status.getByRole('link', { name: 'Compare it with yours' }).click();

  // Side by side: the levels, the verdict, the disagreement with its comment.
  await expect(
    engineer.getByRole('heading', {
      name: 'Ada Lovelace’s assessment beside Grace Hopper’s review',
    }),
  ).toBeVisible();
  const standing = engineer.getByRole('table', {
    name: 'Suggested levels and the manager’s verdict',
  });
  await expect(standing.getByRole('row', { name: /Manager’s verdict/ })).toContainText(
    '1B A good start.',
  );
  await engineer.getByRole('radio', { name: /^Disagreements \(1\)$/ }).check();
  const listed = engineer.locator('ul.criteria > li');
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(disputed!.text);
  await expect(listed).toContainText('Grace Hopper: Disagree');
  await expect(listed).toContainText('“Not on your own yet.”');
  expect(await axeViolations(engineer)).toEqual([]);

  // From "needs evidence" straight to the evidence field of the engineer's own criterion.
  await engineer.getByRole('radio', { name: /^Needs evidence \(1\)$/ }).check();
  await expect(listed).toContainText('“Link the pull request.”');
  await engineer.getByRole('button', { name: `Add evidence for: ${unproven!.text}` }).click();
  const field = engineer.getByRole('textbox', { name: `Evidence for: ${unproven!.text}` });
  await expect(field).toBeFocused();
  await field.fill('https://github.com/acme/pay/pull/7');
  await expect
    .poll(
      async () =>
        (await storedProgress(engineer)).find((r) => r.criterionId === unproven!.id)?.evidence,
    )
    .toBe('https://github.com/acme/pay/pull/7');
  expect(
    (await ownTicks(engineer)).map(({ criterionId, state }) => ({ criterionId, state })),
  ).toEqual(engineersTicks.map(({ criterionId, state }) => ({ criterionId, state })));
});

test('a review sent back as a link opens beside the engineer’s assessment, with its verdicts', async ({
  browser,
}) => {
  const engineer = await (await browser.newContext()).newPage();
  const manager = await (await browser.newContext()).newPage();
  await openApp(engineer);
  await checkbox(engineer, agreed!.text).check();
  await expect.poll(async () => (await storedProgress(engineer)).length).toBe(1);
  const engineersTicks = await ownTicks(engineer);
  await summary(engineer).getByRole('button', { name: 'Share' }).click();
  const assessment = await downloadBackup(
    engineer,
    shareDialog(engineer).getByRole('button', { name: 'Export snapshot' }),
  );
  await shareDialog(engineer).getByRole('button', { name: 'Close' }).click();

  await openApp(manager);
  await importPanel(manager)
    .getByLabel('Snapshot file to import')
    .setInputFiles(asFile(assessment));
  await importPreview(manager).getByRole('button', { name: 'Keep it beside mine' }).click();
  await importPanel(manager).getByRole('status').getByRole('link', { name: 'Review it' }).click();
  await manager
    .getByRole('radiogroup', { name: agreed!.text, exact: true })
    .getByRole('radio', { name: 'Disagree' })
    .check();
  await manager.getByLabel(`Comment on: ${agreed!.text}`).fill('Not yet seen.');
  await manager.getByRole('radio', { name: /^Agree with / }).check();
  await manager.getByRole('button', { name: 'Copy review link' }).click();
  const link = await manager.getByRole('textbox', { name: 'Review link' }).inputValue();
  expect(link).toMatch(/#share=2&/);

  // The engineer opens the link: read-only until kept, then compared with their own.
  await openApp(engineer, link.slice(link.indexOf('/engineering/')));
  const shared = engineer.getByRole('region', { name: 'Shared assessment' });
  await expect(shared).toContainText('sent back a review');
  await shared.getByRole('button', { name: 'Save to my app' }).click();
  await shared.getByRole('link', { name: 'Compare it with yours' }).click();
  await engineer.getByRole('radio', { name: /^Disagreements \(1\)$/ }).check();
  const listed = engineer.locator('ul.criteria > li');
  await expect(listed).toContainText(agreed!.text);
  await expect(listed).toContainText('“Not yet seen.”');
  expect(await ownTicks(engineer)).toEqual(engineersTicks);
});
