/**
 * The report and the share link in the production build: a link copied in one browser opened in
 * a fresh one shows the same report and leaves that browser's own assessment as it was, with no
 * request leaving the app's origin; the report printed to PDF; the evidence switch in the page,
 * the print, the Markdown and the link; the report's address with Back, Forward and reload; and
 * links that are damaged or for a framework this app does not have.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import {
  checkbox,
  criterionItem,
  evidenceButton,
  markNotApplicable,
  openApp,
  reloadApp,
  storedProgress,
  storedRecord,
  untilReady,
} from './support/app.ts';
import { allStoredEntries } from './support/snapshots.ts';
import { backend, criteriaAt } from './support/framework.ts';

const [first, second, third, fourth] = criteriaAt(1) as [
  (typeof backend.topics)[0]['levels'][0]['criteria'][0],
  ...ReturnType<typeof criteriaAt>,
];

// Each test walks through several pages and browsers: give them time on a busy machine.
test.describe.configure({ timeout: 90_000 });

const reportTools = (page: Page) => page.getByRole('group', { name: 'Report' });

/** Gives the first criterion evidence, ticks two and marks a third not applicable. */
async function assessSome(page: Page, evidence: string): Promise<void> {
  const item = criterionItem(page, first.text);
  await evidenceButton(item).click();
  await item.getByRole('textbox', { name: `Evidence for: ${first.text}` }).fill(evidence);
  await expect.poll(async () => (await storedRecord(page, first.id))?.evidence).toBe(evidence);
  await checkbox(page, first.text).check();
  await checkbox(page, second!.text).check();
  await markNotApplicable(page, third!.text, 'No on-call rota here');
  await expect.poll(async () => (await storedProgress(page)).length).toBe(3);
}

async function openReport(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Report', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Suggested level/ })).toBeVisible();
}

/** Copies the share link and gives it back, as the page shows it. */
async function copyShareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const field = page.getByRole('textbox', { name: 'Share link' });
  await expect(field).toHaveValue(/#share=1&/);
  return field.inputValue();
}

/** The report's suggested level and the state shown for each listed criterion. */
async function reportContent(page: Page) {
  const heading = await page
    .getByRole('heading', { level: 2, name: /Suggested level/ })
    .innerText();
  const items = await page
    .locator('article.report li.criterion')
    .evaluateAll((lis) =>
      lis.map((li) => [
        li.querySelector('.state')?.textContent,
        li.querySelector('.text')?.textContent,
      ]),
    );
  return { heading, items };
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('a link opened in a fresh browser shows the same report, and saving it keeps theirs as it was', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await assessSome(page, 'Wrote the runbook');
  await openReport(page);
  await reportTools(page).getByLabel('Your name on the report').fill('Ada Lovelace');
  const link = await copyShareLink(page);
  const sent = await reportContent(page);
  expect(sent.items.length).toBe(backend.criterionCount);

  const other = await freshPage(browser);
  await openApp(other);
  await checkbox(other, fourth!.text).check();
  await expect.poll(async () => (await storedProgress(other)).length).toBe(1);
  const ownBefore = await storedProgress(other);

  const origin = new URL(link).origin;
  const elsewhere: string[] = [];
  other.on('request', (request) => {
    if (new URL(request.url()).origin !== origin) elsewhere.push(request.url());
  });
  await other.goto(link);
  await expect(other.getByRole('region', { name: 'Shared assessment' })).toContainText(
    'Ada Lovelace shared this assessment with you by link.',
    { timeout: 20_000 },
  );
  expect(await reportContent(other)).toEqual(sent);
  await expect(other.locator('article.report')).toContainText('Wrote the runbook');
  await expect(other.locator('article.report')).toContainText('No on-call rota here');

  await other.getByRole('button', { name: 'Save to my app' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Saved beside' })).toBeVisible();
  expect(await storedProgress(other)).toEqual(ownBefore);
  expect(elsewhere).toEqual([]);

  // Kept as a received assessment, whose report opens from the app.
  await other.getByRole('link', { name: 'Open it from your app' }).click();
  expect(await reportContent(other)).toEqual(sent);
  await other.getByRole('link', { name: '← Back to the framework' }).click();
  await expect(checkbox(other, fourth!.text)).toBeChecked();
  await expect(checkbox(other, first.text)).not.toBeChecked();
  await expect(
    other.getByRole('link', { name: 'Report of the assessment by Ada Lovelace' }),
  ).toBeVisible();
  expect(await storedProgress(other)).toEqual(ownBefore);
  await other.context().close();
});

test('the report prints to clean pages with every level, page numbers and the name in the margins', async ({
  page,
}) => {
  await openApp(page);
  await assessSome(page, 'Wrote the runbook');
  await openReport(page);
  await reportTools(page).getByLabel('Your name on the report').fill('Ada Lovelace');
  await page.emulateMedia({ media: 'print' });
  const folder = mkdtempSync(join(tmpdir(), 'progression-report-'));
  const pdf = join(folder, 'report.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true });

  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  // Every criterion of six levels, one to a line or two: several pages, not one, not dozens.
  expect(pages).toBeGreaterThanOrEqual(5);
  expect(pages).toBeLessThanOrEqual(20);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(
    /\s+/g,
    ' ',
  );
  const firstListed = backend.topics.flatMap((topic) =>
    topic.levels.filter((level) => level.level === backend.levels[0]).flatMap((l) => l.criteria),
  )[0]!;
  const lastLevel = backend.levels.at(-1)!;
  const lastListed = backend.topics
    .flatMap((topic) =>
      topic.levels.filter((level) => level.level === lastLevel).flatMap((l) => l.criteria),
    )
    .at(-1)!;
  expect(text).toContain(firstListed.text);
  expect(text).toContain(lastListed.text.replace(/\s+/g, ' '));
  expect(text).toContain('Wrote the runbook');
  for (const level of backend.levels) expect(text).toContain(`Level ${level}`);
  // The margins: the name and date on every page, and "Page n of N".
  const today = new Date().toISOString().slice(0, 10);
  expect(text.split(`Ada Lovelace · ${today}`).length - 1).toBe(pages);
  expect(text).toContain(`Page 1 of ${pages}`);
  expect(text).toContain(`Page ${pages} of ${pages}`);
  // No app chrome or controls.
  for (const chrome of ['Add a framework', 'Copy as Markdown', 'Copy share link', 'Your data'])
    expect(text).not.toContain(chrome);
  // Text of the last page, to look at while developing: `pdftoppm -png -f 1 -l 1 report.pdf`.
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
});

test('the evidence switch takes evidence out of the page, the print, the Markdown and the link', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await assessSome(page, 'Evidence-7f3a');
  await openReport(page);
  const report = page.locator('article.report');
  await expect(report).toContainText('Evidence-7f3a');
  const markdown = async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      reportTools(page).getByRole('button', { name: 'Download .md' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^engineering-backend-\d{4}-\d{2}-\d{2}\.report\.md$/,
    );
    return readFileSync(await download.path(), 'utf8');
  };
  expect(await markdown()).toContain('Evidence: Evidence-7f3a');

  await reportTools(page).getByLabel('Include evidence').uncheck();
  await expect(report).not.toContainText('Evidence-7f3a');
  await expect(report).toContainText('Evidence is left out.');
  const withoutEvidence = await markdown();
  expect(withoutEvidence).not.toContain('Evidence-7f3a');
  expect(withoutEvidence).toContain('No on-call rota here');

  const link = await copyShareLink(page);
  const other = await freshPage(browser);
  await other.goto(link);
  await expect(other.locator('article.report')).toContainText('Evidence is left out.');
  await expect(other.locator('article.report')).toContainText('No on-call rota here');
  await expect(other.locator('article.report')).not.toContainText('Evidence-7f3a');
  await other.context().close();

  await page.emulateMedia({ media: 'print' });
  const folder = mkdtempSync(join(tmpdir(), 'progression-report-'));
  await page.pdf({ path: join(folder, 'report.pdf') });
  const printed = execFileSync('pdftotext', [join(folder, 'report.pdf'), '-'], {
    encoding: 'utf8',
  });
  expect(printed).toContain(first.text.split(' ').slice(0, 3).join(' '));
  expect(printed).not.toContain('Evidence-7f3a');
});

test('the report has an address that survives reload, Back and Forward, and keeps the name', async ({
  page,
}) => {
  await openApp(page);
  await checkbox(page, first.text).check();
  await openReport(page);
  await expect(page).toHaveURL(/\/engineering\/backend\?view=report$/);
  await reportTools(page).getByLabel('Your name on the report').fill('Grace Hopper');
  await expect(page.getByRole('heading', { level: 1, name: 'Grace Hopper' })).toBeVisible();
  // Kept in storage before the page goes away.
  await expect
    .poll(async () => JSON.stringify(await allStoredEntries(page)))
    .toContain('Grace Hopper');

  await reloadApp(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Grace Hopper' })).toBeVisible();
  await expect(reportTools(page).getByLabel('Your name on the report')).toHaveValue('Grace Hopper');
  await page.goBack();
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(page.locator('article.report')).toHaveCount(0);
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'Grace Hopper' })).toBeVisible();
});

/** A link's payload with one field changed and its check made again, as a forger would. */
function forged(link: string, change: (body: string) => string): string {
  const [address, payload] = link.split('#share=') as [string, string];
  const body = change(payload.slice(0, payload.lastIndexOf('&k=')));
  const check = createHash('sha256')
    .update(body)
    .digest()
    .subarray(0, 5)
    .toString('base64url')
    .slice(0, 6);
  return `${address}#share=${body}&k=${check}`;
}

test('damaged, hostile and unknown-framework links say so in the page and change nothing', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await checkbox(page, first.text).check();
  await openReport(page);
  const link = await copyShareLink(page);

  const other = await freshPage(browser);
  const errors: string[] = [];
  other.on('pageerror', (error) => errors.push(error.message));
  other.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await openApp(other);
  await checkbox(other, second!.text).check();
  await expect.poll(async () => (await storedProgress(other)).length).toBe(1);
  // Everything stored: opening a link, refused or not, changes none of it.
  const stored = (page: Page) => allStoredEntries(page);
  const before = await stored(other);

  const refused = other.getByRole('alert').filter({ hasText: 'This share link cannot be shown' });
  const cases: [string, RegExp][] = [
    [link.slice(0, link.length - 20), /This link is damaged: it was cut short or changed/],
    [link.replace('&t=80', '&t=90'), /This link is damaged: it was cut short or changed/],
    [
      forged(link, (body) =>
        body.replace(
          /&p=[^&]*|(?=&d=)/,
          `&p=${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
        ),
      ),
      /./,
    ],
    [
      forged(link, (body) => body.replace('f=engineering/backend', 'f=yours/team-framework')),
      /This link is for the framework “yours\/team-framework”, which this app does not have[\s\S]*ask them for the snapshot file/,
    ],
    [
      forged(link, (body) => body.replace(/&h=[^&]+/, '&h=AAAAAAAAAAA')),
      /This link was made with another version of “🛠️ Backend Engineering Framework”/,
    ],
    [`${link.split('#')[0]}#share=${'A'.repeat(20_000)}`, /longer than any link Progression makes/],
    [`${link.split('#')[0]}#share=3&f=x`, /made by a newer version of Progression/],
  ];
  for (const [address, message] of cases) {
    await other.goto('about:blank');
    await other.goto(address);
    await untilReady(other);
    if (message.source === '.') {
      // A hostile name is only text: shown as written, never run.
      await expect(other.getByRole('region', { name: 'Shared assessment' })).toContainText(
        '<img src=x onerror=alert(1)> shared this assessment',
      );
    } else {
      await expect(refused).toBeVisible();
      await expect(refused).toContainText(message);
      await expect(refused).toContainText('Nothing in this browser was changed.');
    }
  }
  expect(errors).toEqual([]);
  expect(await stored(other)).toEqual(before);
  await other.context().close();
});
