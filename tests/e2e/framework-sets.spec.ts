/**
 * A team's whole framework repository, in the production build: a folder chosen in the file
 * chooser and a zip built here (as GitHub zips a repository) are each added in one step as a set,
 * listed under the set's name in the picker, each framework opening with its set's generic
 * merged in; an unreadable file is listed with its path while the rest is added; a set is
 * updated by adding it again, and removed as a whole.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mergeBase } from '../../src/lib/core/base-framework.ts';
import { parseFramework } from '../../src/lib/core/framework.ts';
import type { Framework } from '../../src/lib/core/model.ts';
import { checkbox, openApp, untilReady } from './support/app.ts';
import { ACME_FOLDER, acmeRepository, githubZip } from '../fixtures/sets.ts';
import { storedStates } from './support/own-framework.ts';

/** The fixture repository zipped as GitHub zips a repository: under `<name>-main/`. */
const zipFile = (name: string) => ({
  name: `${name}-main.zip`,
  mimeType: 'application/zip',
  buffer: Buffer.from(githubZip(acmeRepository(), `${name}-main`)),
});

/** A fixture framework as the app shows it in its set: with the set's generic merged in. */
function shown(path: string): Framework {
  const read = (file: string) => {
    const result = parseFramework(acmeRepository()[file]!, file);
    if (!result.ok) throw new Error(`${file} does not parse`);
    return result.framework;
  };
  return mergeBase(read(path), read('generic.md'));
}

/** Its level tabs' names as the page shows them: `Level 1, 0 of 4 demonstrated`. */
function levelNames(framework: Framework): string[] {
  return framework.levels.map((level) => {
    const count = framework.topics
      .flatMap((topic) => topic.levels.filter((at) => at.level === level))
      .reduce((sum, at) => sum + at.criteria.length, 0);
    return `Level ${level}, 0 of ${count} demonstrated`;
  });
}

const picker = (page: Page) => page.getByRole('combobox', { name: 'Framework', exact: true });
const addPanel = (page: Page) => page.getByRole('region', { name: 'Add a framework' });

async function openAddPanel(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add a framework' }).click();
  await expect(addPanel(page)).toBeVisible();
  return addPanel(page);
}

async function expectLevels(page: Page, framework: Framework) {
  const nav = page.getByRole('navigation', { name: 'Levels' });
  for (const name of levelNames(framework))
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
}

test('a folder is added as a set in one step, listed under its name, and removed as a whole', async ({
  page,
}) => {
  const small = shown('engineering/small copy.md');
  const platform = shown('engineering/platform team/platform.md');
  // By hand: small has 3/2/1 criteria at levels 1–3 and the generic lends 1/1/1.
  expect(levelNames(small)).toEqual([
    'Level 1, 0 of 4 demonstrated',
    'Level 2, 0 of 3 demonstrated',
    'Level 3, 0 of 2 demonstrated',
  ]);
  await openApp(page);
  const panel = await openAddPanel(page);
  await panel.getByLabel('Framework repository folder').setInputFiles(ACME_FOLDER);

  const pending = panel.getByRole('form', { name: 'Framework set to add' });
  await expect(pending.getByText('3 frameworks of acme-frameworks can be added.')).toBeVisible();
  // Each file that cannot be read is listed with its path and problems.
  await expect(pending.getByText(/^broken\.md:\d+:\d+: error: /).first()).toBeVisible();
  await expect(
    pending.getByText(
      'small.md: error: The framework id "test/small" is already used by engineering/small copy.md; give one of them another "path". (path)',
    ),
  ).toBeVisible();
  await expect(pending.getByText('Not framework files, left out: README.md.')).toBeVisible();
  const name = pending.getByLabel('Name of the set');
  await expect(name).toHaveValue('acme-frameworks');
  // A name whose frameworks would take shipped addresses (engineering/…) is refused.
  await name.fill('Engineering');
  await expect(pending.getByText(/It cannot be called “Engineering”/)).toBeVisible();
  await expect(pending.getByRole('button', { name: 'Add the set' })).toBeDisabled();
  await name.fill('Acme');
  await pending.getByRole('button', { name: 'Add the set' }).click();

  await expect(
    panel.getByText(
      'Added the set “Acme”: 3 frameworks, listed under its name in the framework picker.',
    ),
  ).toBeVisible();
  await expect(panel.getByText(/^broken\.md:\d+:\d+: error: /).first()).toBeVisible();
  await expect(picker(page).locator('optgroup[label="Acme"] option')).toHaveText([
    'Generic engineering',
    'Platform team',
    'Small framework',
  ]);

  await picker(page).selectOption({ label: 'Small framework' });
  await expect(page).toHaveURL(/\/acme\/test\/small$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Small framework');
  await expectLevels(page, small);
  // The set's generic lends its topic title to the shared topic.
  await expect(page.getByRole('region', { name: 'Communication (shared)' })).toBeVisible();
  await checkbox(page, 'Gives status updates').check();
  await expect
    .poll(async () => Object.keys(await storedStates(page, 'acme/test/small')))
    .toHaveLength(1);

  await openApp(page, '/acme/team/platform');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Platform team');
  await expectLevels(page, platform);

  await openApp(page, '/acme/test/small');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Remove the set…' }).click();
  await expect(page).toHaveURL(/\/$/);
  await untilReady(page);
  await expect(picker(page).locator('optgroup[label="Acme"]')).toHaveCount(0);
  expect(await storedStates(page, 'acme/test/small')).toEqual({});
});

test('a zip of a repository is added as a set, updated by adding it again, and removed', async ({
  page,
}) => {
  await openApp(page);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  const panel = await openAddPanel(page);
  // A file that is no zip: refused by the reader in the worker, with its name.
  await panel.getByLabel('Framework repository zip').setInputFiles({
    name: 'broken.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from('not a zip at all'),
  });
  await expect(
    panel.getByText('broken.zip was not read: it is not a zip file, or it is damaged.'),
  ).toBeVisible();
  const zip = zipFile('globex-frameworks');
  await panel.getByLabel('Framework repository zip').setInputFiles(zip);
  const pending = panel.getByRole('form', { name: 'Framework set to add' });
  await expect(pending.getByLabel('Name of the set')).toHaveValue('globex-frameworks');
  // The zip was inflated off the page's thread.
  expect(workers.some((path) => /\/zip\.worker[-.\w]*\.js$/.test(path))).toBe(true);
  await pending.getByRole('button', { name: 'Add the set' }).click();
  await expect(panel.getByText(/^Added the set “globex-frameworks”: 3 frameworks/)).toBeVisible();
  await expect(picker(page).locator('optgroup[label="Globex-frameworks"] option')).toHaveCount(3);

  // The same zip again updates the set instead of adding another.
  await panel.getByLabel('Framework repository zip').setInputFiles(zip);
  await expect(pending.getByText(/This updates the set “globex-frameworks”/)).toBeVisible();
  await pending.getByRole('button', { name: 'Update the set' }).click();
  await expect(panel.getByText(/^Updated the set “globex-frameworks”: 3 frameworks/)).toBeVisible();
  await expect(picker(page).locator('optgroup[label="Globex-frameworks"] option')).toHaveCount(3);

  await openApp(page, '/globex-frameworks/team/platform');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Platform team');
  await expectLevels(page, shown('engineering/platform team/platform.md'));

  const again = await openAddPanel(page);
  page.once('dialog', (dialog) => void dialog.accept());
  await again.getByRole('button', { name: 'Remove the set “globex-frameworks”…' }).click();
  await expect(again.getByText('Your sets')).toHaveCount(0);
  await expect(picker(page).locator('optgroup[label="Globex-frameworks"]')).toHaveCount(0);
});
