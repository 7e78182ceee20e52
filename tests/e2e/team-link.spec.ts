/**
 * A team's link to its framework, `/?framework=<address>`, as a new user and then a returning one
 * meets it: asked once, the framework opened at its own address, never fetched again unasked,
 * and a newer version offered when the person checks for one. The file is served by the test.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, reloadApp, untilReady } from './support/app.ts';
import { fixtureText, storedFrameworks } from './support/own-framework.ts';

const ADDRESS = 'https://frameworks.example.test/team/framework.md';
const LINK = `/?framework=${encodeURIComponent(ADDRESS)}`;
const OWN_PAGE = '/test/versioned';

/** Serves the framework file at `ADDRESS`, as a raw file host does; counts each request. */
async function serveFramework(page: Page, text: string) {
  const served = { text, requests: 0 };
  await page.route(ADDRESS, async (route) => {
    served.requests++;
    await route.fulfill({
      status: 200,
      headers: {
        'access-control-allow-origin': '*',
        'content-type': 'text/plain; charset=utf-8',
      },
      body: served.text,
    });
  });
  return served;
}

const prompt = (page: Page) =>
  page.getByRole('alertdialog', { name: 'Load a framework from a link?' });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const checkButton = (page: Page) => page.getByRole('button', { name: 'Check for a newer version' });

test('a team link asks once, opens its framework at its own address, and is not fetched again unasked', async ({
  page,
}) => {
  const served = await serveFramework(page, fixtureText('byo-v1.md'));

  // Ignoring the link fetches nothing and adds nothing.
  await openApp(page, LINK);
  await expect(prompt(page)).toContainText(ADDRESS);
  await prompt(page).getByRole('button', { name: 'Ignore' }).click();
  await expect(prompt(page)).toBeHidden();
  expect(served.requests).toBe(0);
  expect(await storedFrameworks(page)).toEqual({});

  // "Load it" fetches the file once and opens the framework at its own address.
  await openApp(page, LINK);
  await prompt(page).getByRole('button', { name: 'Load it' }).click();
  await expect(page).toHaveURL(OWN_PAGE);
  await untilReady(page);
  await expect(heading(page)).toHaveText('Versioned framework');
  expect(served.requests).toBe(1);
  expect(Object.keys(await storedFrameworks(page))).toEqual(['test/versioned']);

  // A reload neither asks nor fetches.
  await reloadApp(page);
  await expect(heading(page)).toHaveText('Versioned framework');
  await expect(prompt(page)).toBeHidden();
  expect(served.requests).toBe(1);

  // The link again, once the framework is added: opened at once, without asking or fetching.
  await openApp(page, LINK);
  await expect(page).toHaveURL(OWN_PAGE);
  await expect(heading(page)).toHaveText('Versioned framework');
  await expect(prompt(page)).toBeHidden();
  expect(served.requests).toBe(1);
});

test('“Check for a newer version” fetches the address again and offers what changed', async ({
  page,
}) => {
  const served = await serveFramework(page, fixtureText('byo-v1.md'));
  await openApp(page, LINK);
  await prompt(page).getByRole('button', { name: 'Load it' }).click();
  await expect(page).toHaveURL(OWN_PAGE);
  await untilReady(page);
  await expect(page.getByText('Reviews pull requests within a day')).toBeVisible();
  expect(served.requests).toBe(1);

  // The same file: said so, and nothing changes.
  await checkButton(page).click();
  await expect(
    page.getByText('You have the newest version: the file at its address has not changed.'),
  ).toBeVisible();
  expect(served.requests).toBe(2);

  // A newer file: offered, not taken until the person says so.
  served.text = fixtureText('byo-v2.md');
  await checkButton(page).click();
  const offer = page.getByText('A newer version of “Versioned framework” is at its address');
  await expect(offer).toBeVisible();
  expect(served.requests).toBe(3);
  expect((await storedFrameworks(page))['test/versioned']!.source).toBe(fixtureText('byo-v1.md'));
  await page.getByRole('button', { name: 'Update to it' }).click();
  await expect(page.getByText('Reviews pull requests within one working day')).toBeVisible();
  await expect(page.getByText('Reviews pull requests within a day')).toBeHidden();
  expect((await storedFrameworks(page))['test/versioned']!.source).toBe(fixtureText('byo-v2.md'));
  expect(served.requests).toBe(3);

  // Declining a newer version keeps the one there is.
  served.text = fixtureText('byo-v1.md');
  await checkButton(page).click();
  await page.getByRole('button', { name: 'Keep this version' }).click();
  await expect(page.getByText('You kept this version.')).toBeVisible();
  expect((await storedFrameworks(page))['test/versioned']!.source).toBe(fixtureText('byo-v2.md'));
});
