/**
 * Cold-load time until the first criterion checkbox works: from navigation start until the page
 * has set its ready mark AND a real click on the checkbox has taken effect. Each load is in a fresh
 * browser context (empty cache), under CDP's CPU throttling.
 *
 * The page records the times itself (`performance.now()` counts from navigation start). When the
 * ready mark appears, it clicks the checkbox in a new task (so after any work the page already
 * queued, as a user's click would wait for it) and notes when the click's effect shows. The click
 * comes from the page rather than as mouse input from the bench: that round trip would add
 * 40-200 ms of noise to both sides. A page that sets its ready mark before its checkboxes work
 * is caught: the effect never shows and the run fails.
 */
import type { Browser } from '@playwright/test';

/** How a click shows it took effect: the app's level count text changes; the floor page's listener sets a mark. */
export type Effect = 'level-count' | 'changed-mark';

export interface LoadTarget {
  url: string;
  /** The label text of the checkbox to click (the first criterion of the first level). */
  criterionText: string;
  effect: Effect;
}

export interface LoadTiming {
  /** ms from navigation start until the ready mark was set */
  readyMs: number;
  /** ms from navigation start until the click on the first criterion had taken effect */
  workingMs: number;
}

interface PageRecord {
  readyAt: number | null;
  workingAt: number | null;
  error: string | null;
}

/**
 * The in-page half, as source text rather than a serialised function (the TypeScript loader may
 * add helpers to functions that the page would not have).
 */
function instrumentation({ criterionText, effect }: LoadTarget): string {
  return `(() => {
  const criterionText = ${JSON.stringify(criterionText)};
  const effect = ${JSON.stringify(effect)};
  const record = (window.__bench = { readyAt: null, workingAt: null, error: null });
  const normalise = (text) => (text || '').replace(/\\s+/g, ' ').trim();
  let watched = null;
  let before = null;
  const check = () => {
    if (record.workingAt !== null) return;
    const done =
      effect === 'changed-mark'
        ? document.documentElement.dataset.changed === 'true'
        : watched.textContent !== before;
    if (done) record.workingAt = performance.now();
  };
  const ready = () => {
    record.readyAt = performance.now();
    const box = Array.from(document.querySelectorAll('input[type=checkbox]')).find(
      (input) => input.labels && input.labels[0] && normalise(input.labels[0].textContent) === criterionText,
    );
    if (!box) return void (record.error = 'no checkbox labelled ' + JSON.stringify(criterionText));
    if (effect === 'changed-mark') {
      new MutationObserver(check).observe(document.documentElement, {
        attributes: true,
        attributeFilter: ['data-changed'],
      });
    } else {
      watched = document.querySelector('nav[aria-label="Levels"]');
      if (!watched) return void (record.error = 'no navigation named Levels');
      before = watched.textContent;
      new MutationObserver(check).observe(watched, { subtree: true, childList: true, characterData: true });
    }
    setTimeout(() => box.click(), 0);
  };
  new MutationObserver((records, observer) => {
    if (document.documentElement.dataset.ready !== 'true') return;
    observer.disconnect();
    ready();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
})();`;
}

/** One cold load of `target` with the CPU slowed down `cpuSlowdown` times. */
export async function coldLoad(
  browser: Browser,
  target: LoadTarget,
  cpuSlowdown: number,
): Promise<LoadTiming> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    await page.addInitScript(instrumentation(target));
    await page.goto(target.url);
    try {
      await page.waitForFunction(
        'window.__bench && (window.__bench.workingAt !== null || window.__bench.error !== null)',
        undefined,
        { timeout: 30_000 },
      );
    } catch {
      const seen = (await page.evaluate('window.__bench')) as PageRecord | undefined;
      throw new Error(
        seen?.readyAt == null
          ? `${target.url} never set its ready mark.`
          : `${target.url} set its ready mark, but a click on "${target.criterionText}" did not take effect.`,
      );
    }
    const { readyAt, workingAt, error } = (await page.evaluate('window.__bench')) as PageRecord;
    if (error !== null || readyAt === null || workingAt === null)
      throw new Error(`${target.url}: ${error ?? 'no timings recorded'}`);
    return { readyMs: readyAt, workingMs: workingAt };
  } finally {
    await context.close();
  }
}
