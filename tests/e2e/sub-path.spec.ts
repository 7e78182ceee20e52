/**
 * The same build served from a sub-path of a plain static host (`/sub/`, as a GitHub Pages
 * project site is), not rebuilt for it: its pages, their links and files, the stored ticks, the
 * addresses the host does not know (answered with `404.html`) and the service worker all stay
 * under the sub-path, and no request leaves it.
 */
import { expect, test, type Page } from '@playwright/test';
import { checkbox, frameworkId, levelLink, untilReady } from './support/app.ts';
import { criteriaAt } from './support/framework.ts';
import { serveFolder, type StaticHost } from './support/static-host.ts';

let host: StaticHost;
test.beforeAll(async () => {
  host = await serveFolder('dist', 'sub');
});
test.afterAll(() => host.close());

const at = (path: string) => `${host.origin}/sub/${path}`;
const ready = untilReady;
const first = criteriaAt(1)[0]!;

/** Every address the page asks for, checked after the test to be under the sub-path. */
function recordRequests(page: Page): string[] {
  const requested: string[] = [];
  page.on('request', (request) => {
    if (/^https?:/.test(request.url())) requested.push(request.url());
  });
  return requested;
}
const outside = (requested: string[]) =>
  requested.filter((url) => !url.startsWith(`${host.origin}/sub/`));

test('the home page and its links to the frameworks work under the sub-path', async ({ page }) => {
  const requested = recordRequests(page);
  await page.goto(at(''));
  await ready(page);
  await page
    .getByRole('link', { name: /Backend/ })
    .first()
    .click();
  await expect(page).toHaveURL(at(frameworkId));
  await expect(checkbox(page, first.text)).toBeVisible();
  await ready(page);
  // The brand link leads back to the home page under the sub-path, not the host's root.
  await expect(page.getByRole('link', { name: 'Progression', exact: true })).toHaveAttribute(
    'href',
    '/sub/',
  );
  expect(outside(requested)).toEqual([]);
});

test('a framework page under the sub-path keeps its ticks across reloads', async ({ page }) => {
  const requested = recordRequests(page);
  for (const path of [frameworkId, `${frameworkId}/`]) {
    await page.goto(at(path));
    await ready(page);
    await expect(levelLink(page, 1)).toContainText(`0/${criteriaAt(1).length}`);
  }
  await page.goto(at(frameworkId));
  await ready(page);
  await checkbox(page, first.text).check();
  await expect(levelLink(page, 1)).toContainText(`1/${criteriaAt(1).length}`);
  await page.reload();
  await ready(page);
  await expect(checkbox(page, first.text)).toBeChecked();
  await expect(levelLink(page, 1)).toContainText(`1/${criteriaAt(1).length}`);
  // The app's own links (another level) stay under the sub-path.
  await levelLink(page, 2).click();
  await expect(page).toHaveURL(at(`${frameworkId}?level=2`));
  // A returning user who arrives at the home page is taken to their framework, under the sub-path.
  await page.goto(at(''));
  await expect(page).toHaveURL(at(frameworkId));
  await ready(page);
  expect(outside(requested)).toEqual([]);
});

test('an address the host does not know gets the app through 404.html', async ({ page }) => {
  const requested = recordRequests(page);
  const response = await page.goto(at('yours/no/such-framework'));
  expect(response?.status()).toBe(404);
  await ready(page);
  await expect(page.getByRole('status').first()).toContainText(
    'There is no framework at “yours/no/such-framework”',
  );
  await expect(checkbox(page, first.text)).toBeVisible();
  expect(outside(requested)).toEqual([]);
});

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('it is registered for the sub-path and keeps the build there for offline use', async ({
    page,
    context,
  }) => {
    const requested = recordRequests(page);
    await page.goto(at(frameworkId));
    await ready(page);
    const scope = await page.evaluate(() =>
      navigator.serviceWorker.ready.then((registration) => registration.scope),
    );
    expect(scope).toBe(at(''));

    await context.setOffline(true);
    await page.reload();
    await ready(page);
    await checkbox(page, first.text).check();
    await page.goto(at('yours/offline-address'));
    await ready(page);
    await expect(page.getByRole('status').first()).toContainText('There is no framework at');
    await page.goto(at(frameworkId));
    await ready(page);
    await expect(checkbox(page, first.text)).toBeChecked();
    // The page is kept once, for the address without a `/` after it: the other is sent there.
    await page.goto(at(`${frameworkId}/`));
    await expect(page).toHaveURL(at(frameworkId));
    await ready(page);
    await expect(checkbox(page, first.text)).toBeChecked();
    expect(outside(requested)).toEqual([]);
  });
});
