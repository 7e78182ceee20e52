/**
 * Offline and installable: after one visit the service worker keeps the whole build, so the app
 * opens, takes ticks, keeps them and shows its overview with the network off. The only browser
 * test that allows the service worker (see playwright.config.ts).
 */
import { expect, test } from '@playwright/test';
import {
  checkbox,
  frameworkPath,
  levelLink,
  openApp,
  reloadApp,
  untilReady,
} from './support/app.ts';
import { criteriaAt } from './support/framework.ts';

test.use({ serviceWorkers: 'allow' });

const first = criteriaAt(1)[0]!;

test('after one visit the app opens and works with the network off', async ({ page, context }) => {
  await openApp(page);
  // Registered once the page is idle; ready once it has kept every file of the build.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

  await context.setOffline(true);
  await reloadApp(page);
  await checkbox(page, first.text).check();
  await expect(levelLink(page, 1)).toContainText(`1/${criteriaAt(1).length}`);
  await reloadApp(page);
  await expect(checkbox(page, first.text)).toBeChecked();

  // Another level, and the overview's code (a chunk loaded on demand), offline too.
  await openApp(page, frameworkPath({ level: 3 }));
  await expect(levelLink(page, 3)).toHaveAttribute('aria-current', 'page');
  await openApp(page, frameworkPath({ tab: 'overview' }));
  await expect(page.getByRole('heading', { name: "What's next" })).toBeVisible();
});

test('the app can be installed: a manifest with its name, start address and icons', async ({
  page,
  request,
}) => {
  await openApp(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).not.toBeNull();
  const manifest = (await (await request.get(new URL(href!, page.url()).href)).json()) as {
    name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string }[];
  };
  expect(manifest).toMatchObject({ name: 'Progression', start_url: './', display: 'standalone' });
  for (const size of ['192x192', '512x512'])
    expect(manifest.icons.some((icon) => icon.sizes === size && icon.type === 'image/png')).toBe(
      true,
    );
  for (const icon of manifest.icons) {
    const response = await request.get(new URL(icon.src, new URL(href!, page.url())).href);
    expect(response.ok(), icon.src).toBe(true);
  }
});

test('robots.txt is a robots file, and an unknown address gets the app rather than an error page', async ({
  page,
  request,
}) => {
  const robots = await request.get('/robots.txt');
  expect(robots.headers()['content-type']).toMatch(/text\/plain/);
  expect(await robots.text()).toMatch(/^User-agent: \*$/m);
  await page.goto('/no/such/framework');
  await untilReady(page);
  await expect(page.getByRole('status').first()).toContainText('There is no framework at');
});
