/**
 * Bringing your own framework, in the production build: opening, dropping, pasting and linking a
 * framework file; a broken file changing nothing; a framework and its progress kept across
 * reloads; removing one; and the generic framework's criteria merged into shared topics.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parseFramework } from '../../src/lib/core/framework.ts';
import { allCriteria, type Framework } from '../../src/lib/core/model.ts';
import { checkbox, openApp, reloadApp } from './support/app.ts';
import { backend } from './support/framework.ts';
import {
  dropFile,
  fixturePath,
  fixtureText,
  startFrameworkServer,
  storedFrameworks,
  storedStates,
  type FrameworkServer,
} from './support/own-framework.ts';

let server: FrameworkServer;
test.beforeAll(async () => {
  server = await startFrameworkServer();
});
test.afterAll(async () => {
  await server.close();
});

/** A fixture as the app reads it, for the ids of its criteria. */
function parsed(name: string): Framework {
  const result = parseFramework(fixtureText(name), name);
  if (!result.ok) throw new Error(`${name} does not parse`);
  return result.framework;
}

function criterionId(framework: Framework, text: string): string {
  const found = allCriteria(framework).find((criterion) => criterion.text === text);
  if (!found) throw new Error(`${framework.id} has no criterion “${text}”`);
  return found.id;
}

const picker = (page: Page) => page.getByRole('combobox', { name: 'Framework', exact: true });
/** The picker's entries for the user's own single files. */
const yours = (page: Page) => picker(page).locator('optgroup[label="Yours"] option');
const addPanel = (page: Page) => page.getByRole('region', { name: 'Add a framework' });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });
/** The home page's list of the frameworks the person added. */
const yourFrameworks = (page: Page) => page.getByRole('navigation', { name: 'Your frameworks' });

/** Opens the "Add a framework" panel from the header. */
async function openAddPanel(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add a framework' }).click();
  await expect(addPanel(page)).toBeVisible();
  return addPanel(page);
}

test('adds frameworks dropped on the page, chosen in the file chooser and pasted', async ({
  page,
}) => {
  await openApp(page);
  await expect(yours(page)).toHaveCount(0);

  // Dropping needs no panel: the page takes files anywhere, and shows what became of them.
  await dropFile(page, 'byo-v1.md', fixtureText('byo-v1.md'), ['dragenter', 'dragover']);
  const hint = page.getByText('Drop framework files to add them');
  await expect(hint).toBeVisible();
  await dropFile(page, 'byo-v1.md', fixtureText('byo-v1.md'), ['drop']);
  await expect(hint).toBeHidden();
  const panel = addPanel(page);
  await expect(panel.getByText('Added “Versioned framework”.')).toBeVisible();

  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    panel.getByRole('button', { name: 'Choose files…' }).click(),
  ]);
  expect(chooser.isMultiple()).toBe(true);
  expect(await panel.getByLabel('Framework files').getAttribute('accept')).toContain(
    '.md,.markdown,.yaml,.yml,.txt',
  );
  await chooser.setFiles(fixturePath('byo-team.md'));
  await expect(panel.getByText('Added “Platform team”.')).toBeVisible();

  const paste = panel.getByLabel('Paste its text');
  await paste.fill(fixtureText('small.md'));
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(panel.getByText('Added “Small framework”.')).toBeVisible();
  await expect(paste).toHaveValue('');

  // Listed after the shipped frameworks, under the user's own heading.
  await expect(picker(page).locator('optgroup').last()).toHaveAttribute('label', 'Yours');
  await expect(yours(page)).toHaveText(['Platform team', 'Small framework', 'Versioned framework']);
  expect(await storedFrameworks(page)).toEqual({
    'team/platform': expect.objectContaining({ origin: 'byo-team.md' }),
    'test/small': expect.objectContaining({ origin: 'pasted text' }),
    'test/versioned': expect.objectContaining({ origin: 'byo-v1.md' }),
  });

  await panel
    .locator('.report')
    .filter({ hasText: 'Added “Small framework”.' })
    .getByRole('link', { name: 'Open it' })
    .click();
  await expect(page).toHaveURL(/\/test\/small$/);
  await expect(heading(page)).toHaveText('Small framework');
  await expect(page.getByText('Your own framework, from pasted text.')).toBeVisible();
  await expect(picker(page)).toHaveValue('test/small');
});

test('the home page lists the frameworks the person added above the shipped ones', async ({
  page,
}) => {
  // A newcomer's home page reads no storage and lists only what ships.
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await openApp(page, '/');
  await expect(page.getByRole('heading', { name: 'Choose your framework' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your frameworks' })).toHaveCount(0);
  expect(requested.filter((path) => path.includes('home-own'))).toEqual([]);

  await openApp(page);
  const panel = await openAddPanel(page);
  await panel.getByLabel('Framework files').setInputFiles([fixturePath('small.md')]);
  await expect(panel.getByText('Added “Small framework”.')).toBeVisible();
  // The brand link leads back to the chooser, to choose again.
  await page.getByRole('link', { name: 'Progression', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(yourFrameworks(page).getByRole('heading')).toHaveText(['Files you added']);
  await expect(yourFrameworks(page).getByRole('link')).toHaveText(['Small framework']);
  await expect(yourFrameworks(page).getByRole('listitem')).toContainText('criteria, levels 1–');
  const shipped = page.getByRole('navigation', { name: 'Choose your framework' });
  await expect(
    shipped.getByRole('link', { name: backend.sidebarTitle ?? backend.title }),
  ).toBeVisible();
  await expect(shipped.getByRole('link', { name: 'Small framework' })).toHaveCount(0);

  await yourFrameworks(page).getByRole('link', { name: 'Small framework' }).click();
  await expect(page).toHaveURL(/\/test\/small$/);
  await expect(heading(page)).toHaveText('Small framework');
});

test('loads a framework from a link only when its server lets other sites read it', async ({
  page,
}) => {
  const tag = 'link-field';
  await openApp(page);
  const panel = await openAddPanel(page);
  const field = panel.getByLabel('From a link');
  const load = panel.getByRole('button', { name: 'Load', exact: true });

  const closed = server.url('byo-team.md', { cors: false, tag });
  await field.fill(closed);
  await load.click();
  const refused = panel.locator('.report').filter({ hasText: `${closed} was not added` });
  await expect(refused).toContainText('nothing changed');
  await expect(refused.getByRole('listitem')).toContainText(
    'must send the header "Access-Control-Allow-Origin: *"',
  );
  // The server answered; the browser kept the answer from the page.
  expect(server.requests(tag)).toEqual([new URL(closed).pathname + new URL(closed).search]);
  await expect(yours(page)).toHaveCount(0);
  expect(await storedFrameworks(page)).toEqual({});

  const open = server.url('byo-team.md', { cors: true, tag });
  await field.fill(open);
  await load.click();
  await expect(panel.getByText('Added “Platform team”.')).toBeVisible();
  await expect(yours(page)).toHaveText(['Platform team']);
  expect(await storedFrameworks(page)).toEqual({
    'team/platform': expect.objectContaining({ origin: open, source: fixtureText('byo-team.md') }),
  });
});

test('a loaded framework and its ticks survive a reload, and a broken file changes none of it', async ({
  page,
}) => {
  const v1 = parsed('byo-v1.md');
  const ticked = 'Writes tests first';
  await openApp(page);
  let panel = await openAddPanel(page);
  await panel.getByLabel('Framework files').setInputFiles(fixturePath('byo-v1.md'));
  await expect(panel.getByText('Added “Versioned framework”.')).toBeVisible();

  await openApp(page, '/test/versioned');
  await expect(heading(page)).toHaveText('Versioned framework');
  await checkbox(page, ticked).check();
  await expect
    .poll(() => storedStates(page, v1.id))
    .toEqual({ [criterionId(v1, ticked)]: 'demonstrated' });
  // The reload opens the framework as it was parsed and kept: no parser worker starts.
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await reloadApp(page);
  await expect(heading(page)).toHaveText('Versioned framework');
  await expect(checkbox(page, ticked)).toBeChecked();
  await expect(page.getByText('Your own framework, from byo-v1.md.')).toBeVisible();
  expect(workers).toEqual([]);

  // A broken file with the same id: its problems, with their lines, and nothing else happens.
  const before = await storedFrameworks(page);
  panel = await openAddPanel(page);
  await panel.getByLabel('Framework files').setInputFiles(fixturePath('byo-broken.md'));
  const report = panel.locator('.report').filter({ hasText: 'byo-broken.md was not added' });
  await expect(report.getByRole('paragraph')).toHaveText(
    'byo-broken.md was not added, and nothing changed:',
  );
  await expect(report.getByRole('listitem')).toHaveText([
    'byo-broken.md:8:16: error: "level" should be a whole number from 0 to 99, but is the text "one". (topics[0].content[0].level)',
    'byo-broken.md:11:13: error: A criterion should be text, but this one reads as "key: value". Put the whole criterion in quotes. (topics[0].content[0].criteria[1])',
  ]);
  await expect(report.getByRole('link', { name: 'Open it' })).toHaveCount(0);
  await expect(checkbox(page, ticked)).toBeChecked();
  expect(await storedFrameworks(page)).toEqual(before);
  expect(await storedStates(page, v1.id)).toEqual({ [criterionId(v1, ticked)]: 'demonstrated' });

  await reloadApp(page);
  await expect(heading(page)).toHaveText('Versioned framework');
  await expect(checkbox(page, ticked)).toBeChecked();
  await expect(checkbox(page, 'Reviews pull requests within a day')).not.toBeChecked();
});

test('removing a framework asks first, takes it out of the picker, and its address then shows the backend framework', async ({
  page,
}) => {
  const small = parsed('small.md');
  await openApp(page);
  const panel = await openAddPanel(page);
  await panel
    .getByLabel('Framework files')
    .setInputFiles([fixturePath('small.md'), fixturePath('byo-v1.md')]);
  await expect(panel.getByText('Added “Versioned framework”.')).toBeVisible();
  await expect(panel.getByText('Added “Small framework”.')).toBeVisible();

  await openApp(page, '/test/small');
  await checkbox(page, 'Gives status updates').check();
  await expect
    .poll(() => storedStates(page, small.id))
    .toEqual({ [criterionId(small, 'Gives status updates')]: 'demonstrated' });

  const remove = page.getByRole('button', { name: 'Remove it…' });
  let question = '';
  page.once('dialog', (dialog) => {
    question = dialog.message();
    void dialog.dismiss();
  });
  await remove.click();
  await expect.poll(() => question).toContain('Remove “Small framework” and your progress on it');
  await expect(heading(page)).toHaveText('Small framework');
  expect(Object.keys(await storedFrameworks(page))).toEqual(['test/small', 'test/versioned']);

  page.once('dialog', (dialog) => void dialog.accept());
  await remove.click();
  // The home page, to choose again: it no longer takes this person to the removed framework.
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByRole('heading', { name: 'Choose your framework' })).toBeVisible();
  // It lists the framework the person still has, not the one just removed.
  await expect(yourFrameworks(page).getByRole('link')).toHaveText(['Versioned framework']);
  await openApp(page);
  await expect(yours(page)).toHaveText(['Versioned framework']);
  expect(Object.keys(await storedFrameworks(page))).toEqual(['test/versioned']);
  expect(await storedStates(page, small.id)).toEqual({});

  await openApp(page, '/test/small');
  await expect(page.getByRole('status').filter({ hasText: 'There is no framework' })).toHaveText(
    'There is no framework at “test/small” in this browser, so the default one is shown.',
  );
  await expect(heading(page)).toHaveText(backend.title);
});

test('a generic framework lends its criteria to the topics it shares, and the switch turns them off', async ({
  page,
}) => {
  const team = parsed('byo-team.md');
  const lent = 'Explains decisions and their trade-offs';
  await openApp(page);
  const panel = await openAddPanel(page);
  await panel
    .getByLabel('Framework files')
    .setInputFiles([fixturePath('byo-generic.md'), fixturePath('byo-team.md')]);
  await expect(panel.getByText('Added “Platform team”.')).toBeVisible();
  // Monzo's generic framework ships as `generic`: the user's own is kept apart, as their base.
  await expect(
    panel.getByText(
      'Added “Generic engineering” as yours/generic: a framework that ships with the app already has the id generic.',
    ),
  ).toBeVisible();

  await openApp(page, '/team/platform?level=2');
  // The shared topic, with the generic topic's title, holds the generic criterion of level 2.
  const shared = page.getByRole('region', { name: 'Communication (shared)' });
  await expect(shared.getByRole('checkbox', { name: lent, exact: true })).toBeVisible();
  // A topic only the generic framework has is not added.
  await expect(page.getByRole('heading', { name: 'Mentoring' })).toHaveCount(0);
  await checkbox(page, lent).check();
  await expect
    .poll(() => storedStates(page, team.id))
    .toEqual({ [`base.${criterionId(parsed('byo-generic.md'), lent)}`]: 'demonstrated' });

  const include = page.getByRole('checkbox', {
    name: 'Include the shared criteria of the generic framework',
  });
  await expect(include).toBeChecked();
  await include.uncheck();
  await expect(checkbox(page, lent)).toHaveCount(0);
  await expect(shared).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Delivery impact' })).toBeVisible();
  await reloadApp(page);
  await expect(include).not.toBeChecked();
  await expect(checkbox(page, lent)).toHaveCount(0);

  // Switched on again, the progress on the lent criterion is still there.
  await include.check();
  await expect(checkbox(page, lent)).toBeChecked();
});

// Progress on lent criteria is parked while the merge is off, not offered for re-attaching:
// the file has not changed, and switching the merge on again brings it back as it was.
test('switching the merge off does not offer the lent criteria’s progress for re-attaching', async ({
  page,
}) => {
  const team = parsed('byo-team.md');
  const lent = 'Explains decisions and their trade-offs';
  await openApp(page);
  const panel = await openAddPanel(page);
  await panel
    .getByLabel('Framework files')
    .setInputFiles([fixturePath('byo-generic.md'), fixturePath('byo-team.md')]);
  await expect(panel.getByText('Added “Platform team”.')).toBeVisible();
  await openApp(page, '/team/platform?level=2');
  await checkbox(page, lent).check();
  await page
    .getByRole('checkbox', { name: 'Include the shared criteria of the generic framework' })
    .uncheck();
  await expect(checkbox(page, lent)).toHaveCount(0);
  // Once a tick made now is kept, the page has read the saved progress (and set out any orphans).
  const own = 'Ships a feature with a partner team';
  await checkbox(page, own).check();
  await expect
    .poll(async () => (await storedStates(page, team.id))[criterionId(team, own)])
    .toBe('demonstrated');
  await page.waitForLoadState('networkidle');
  const orphans = page.getByRole('heading', {
    name: 'Progress for criteria this framework no longer has',
  });
  expect(await orphans.count()).toBe(0);
});
