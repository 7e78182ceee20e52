/**
 * Private and safe: a whole session asks nothing of any other origin, and every page the build
 * writes carries a Content-Security-Policy that allows no evaluated and no inline script except
 * the first-view scripts by their hash (and no `eval`: it has no 'unsafe-eval'). The policy is in
 * the built pages, so it is on in every browser test; here it is also checked to be enforced.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  checkbox,
  criterionItem,
  downloadBackup,
  evidenceButton,
  frameworkPath,
  openApp,
  storedRecord,
} from './support/app.ts';
import { criteriaAt } from './support/framework.ts';
import { exportSnapshot } from './support/snapshots.ts';

const first = criteriaAt(1)[0]!;
const second = criteriaAt(1)[1]!;

/** Every `.html` file under `folder`, as paths relative to it. */
function htmlFiles(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) return htmlFiles(folder, path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

/** Notes every CSP violation the page reports, in `window.__violations`. */
const watchViolations = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});`;

const violations = (page: Page) => page.evaluate('window.__violations') as Promise<string[]>;

test('every built page carries the policy: scripts only from the app or by hash, no inline handlers', () => {
  const pages = htmlFiles('dist');
  expect(pages).toContain('index.html');
  for (const file of pages) {
    const html = readFileSync(join('dist', file), 'utf8');
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(policy, file).toBeDefined();
    const scriptSrc = /script-src ([^;]+)/.exec(policy ?? '')?.[1] ?? '';
    expect(scriptSrc, file).toMatch(/^'self'( 'sha256-[A-Za-z0-9+/=]+')+$/);
    expect(policy, file).toContain("object-src 'none'");
    // No `onclick=` and the like: inline handlers would need 'unsafe-inline'.
    expect(html, file).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  }
});

test('the policy is enforced: an injected inline script and inline handler are refused', async ({
  page,
}) => {
  await page.addInitScript(watchViolations);
  await openApp(page);
  const outcome = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.append(script);
    const button = document.createElement('button');
    button.setAttribute('onclick', 'window.__handled = true;');
    document.body.append(button);
    button.click();
    button.remove();
    return { injected: '__injected' in window, handled: '__handled' in window };
  });
  expect(outcome).toEqual({ injected: false, handled: false });
  await expect.poll(async () => (await violations(page)).length).toBe(2);
});

test('a whole session asks nothing of any other origin and breaks no rule of the policy', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? '').origin;
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.addInitScript(watchViolations);

  // Load, and assess: a tick, evidence.
  await openApp(page);
  await checkbox(page, first.text).check();
  const item = criterionItem(page, second.text);
  await evidenceButton(item).click();
  await item.getByRole('textbox', { name: `Evidence for: ${second.text}` }).fill('Led the review');
  await expect
    .poll(async () => (await storedRecord(page, second.id))?.evidence)
    .toBe('Led the review');
  // The report: the overview with its charts, one saved as an image.
  await openApp(page, frameworkPath({ tab: 'overview' }));
  const save = page.getByRole('button', { name: /^Save as image/ }).first();
  await expect(save).toBeEnabled();
  const image = page.waitForEvent('download');
  await save.click();
  await image;
  // Export: a snapshot to share with a manager, and a backup.
  await openApp(page);
  await exportSnapshot(page);
  await downloadBackup(
    page,
    page
      .getByRole('region', { name: 'Your data' })
      .getByRole('button', { name: 'Download a backup' }),
  );
  await page.waitForLoadState('networkidle');

  expect(requests.length).toBeGreaterThan(3);
  const elsewhere = requests.filter(
    (url) => !/^(data|blob):/.test(url) && new URL(url).origin !== origin,
  );
  expect(elsewhere).toEqual([]);
  expect(await violations(page)).toEqual([]);
});
