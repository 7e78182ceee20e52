/**
 * Cold loads in headless Chromium, each in a fresh browser context (empty cache) under CDP's CPU
 * throttling. The page records its own times (`performance.now()` counts from navigation start),
 * so no round trip to the bench adds noise:
 *
 * - `tickOnLoad`: a click on a criterion's checkbox issued as soon as the document is parsed (in
 *   a task after DOMContentLoaded, as a person's click would wait for the page's own work), and
 *   when its effect reached the level's count (DOM) and when that was painted (the first task
 *   after the next animation frame); the first contentful paint; and, before the click, the
 *   number of ticked boxes in every frame that showed the page's criteria.
 * - `firstPaintOnLoad`: the same load left alone (nobody can tick what is not painted yet): the
 *   first contentful paint, and the ticked boxes of every frame until half a second after the
 *   load event (or until the app has taken over, if sooner).
 * - `clickToPaint`: once the page is fully working (the app has taken over), clicks a checkbox
 *   and times until the next paint, five times, and returns the median.
 */
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';

export interface TickTarget {
  url: string;
  /** The label text of the checkbox to click (the first criterion of the first level). */
  criterionText: string;
  /** Selector of the count the tick must change (the first one matching). */
  countSelector: string;
  /** The app's page, fully working once the app has taken over; false: a floor page (at load). */
  isApp: boolean;
}

export interface TickTiming {
  fcpMs: number;
  /** ms from navigation start until the click's effect was in the count */
  domMs: number;
  /** the same, until it was painted */
  paintedMs: number;
  /** Ticked boxes in each frame that showed criteria before the click. */
  frames: number[];
}

interface PageRecord {
  fcp: number | null;
  dom: number | null;
  painted: number | null;
  frames: number[];
  error: string | null;
  /** The tick was timed (or could not be), or, without a click, every frame is recorded. */
  done: boolean;
}

/** The in-page half, as source text (the TypeScript loader may add helpers to functions). */
function instrumentation(target: TickTarget, click: boolean): string {
  return `(() => {
  const criterionText = ${JSON.stringify(target.criterionText)};
  const countSelector = ${JSON.stringify(target.countSelector)};
  const record = (window.__bench = { fcp: null, dom: null, painted: null, frames: [], error: null, clicked: false, done: false });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') record.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  const look = () => {
    if (record.clicked || record.done) return;
    if (document.documentElement.dataset.ready === 'true') {
      // Without a click, the frames to judge end when the app has taken over.
      if (!${click}) record.done = true;
      return;
    }
    const holder = document.getElementById('app') || document.body;
    if (holder && getComputedStyle(holder).visibility === 'visible' && holder.querySelector('li input[type=checkbox]'))
      record.frames.push(holder.querySelectorAll('li input[type=checkbox]:checked').length);
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
  if (!${click}) {
    addEventListener('load', () => setTimeout(() => (record.done = true), 500));
    return;
  }
  const normalise = (text) => (text || '').replace(/\\s+/g, ' ').trim();
  document.addEventListener('DOMContentLoaded', () => setTimeout(() => {
    const box = Array.from(document.querySelectorAll('li input[type=checkbox]')).find(
      (input) => input.labels && input.labels[0] && normalise(input.labels[0].textContent) === criterionText,
    );
    const count = document.querySelector(countSelector);
    if (!box || !count) {
      record.error = box ? 'no count ' + countSelector : 'no checkbox labelled ' + JSON.stringify(criterionText);
      record.done = true;
      return;
    }
    const before = count.textContent;
    const painted = () => requestAnimationFrame(() => setTimeout(() => {
      record.painted = performance.now();
      record.done = true;
    }));
    const check = () => {
      if (record.dom !== null || count.textContent === before) return;
      record.dom = performance.now();
      painted();
    };
    new MutationObserver(check).observe(count, { subtree: true, childList: true, characterData: true });
    record.clicked = true;
    box.click();
    check();
  }));
})();`;
}

async function throttledPage(
  browser: Browser,
  cpuSlowdown: number,
  options: BrowserContextOptions,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  return { page, close: () => context.close() };
}

/** One cold load of `target` with the in-page half recording, until that half is done. */
async function recordedLoad(
  browser: Browser,
  target: TickTarget,
  cpuSlowdown: number,
  options: BrowserContextOptions,
  click: boolean,
): Promise<PageRecord & { fcp: number }> {
  const { page, close } = await throttledPage(browser, cpuSlowdown, options);
  try {
    await page.addInitScript(instrumentation(target, click));
    await page.goto(target.url);
    // Predicates as functions: a string would be evaluated, which the app's policy refuses.
    await page.waitForFunction(
      () => {
        const seen = (window as unknown as { __bench?: PageRecord }).__bench;
        return seen && seen.fcp !== null && seen.done;
      },
      undefined,
      { timeout: 30_000 },
    );
    const seen = (await page.evaluate('window.__bench')) as PageRecord;
    if (seen.error !== null || seen.fcp === null)
      throw new Error(`${target.url}: ${seen.error ?? 'no first paint recorded'}`);
    return { ...seen, fcp: seen.fcp };
  } finally {
    await close();
  }
}

/** One cold load of `target`, ticking its first criterion as soon as the page is parsed. */
export async function tickOnLoad(
  browser: Browser,
  target: TickTarget,
  cpuSlowdown: number,
  options: BrowserContextOptions = {},
): Promise<TickTiming> {
  const seen = await recordedLoad(browser, target, cpuSlowdown, options, true);
  if (seen.dom === null || seen.painted === null)
    throw new Error(`${target.url}: the tick was not timed`);
  return { fcpMs: seen.fcp, domMs: seen.dom, paintedMs: seen.painted, frames: seen.frames };
}

/** One cold load of `target` that nobody touches: its first paint and what every frame showed. */
export async function firstPaintOnLoad(
  browser: Browser,
  target: TickTarget,
  cpuSlowdown: number,
  options: BrowserContextOptions = {},
): Promise<Pick<TickTiming, 'fcpMs' | 'frames'>> {
  const seen = await recordedLoad(browser, target, cpuSlowdown, options, false);
  return { fcpMs: seen.fcp, frames: seen.frames };
}

/**
 * Waits until the app has taken over the page. A prerendered page starts it at the first sign of a
 * person, so the bench presses Shift (a key that does nothing) until it has. It asks with plain
 * evaluations: Playwright's `waitForFunction` installs its own script in the page, which the heap
 * figure would then count (half a megabyte).
 */
export async function untilAppReady(page: Page, timeout = 60_000): Promise<void> {
  const deadline = performance.now() + timeout;
  const ready = () => page.evaluate(() => document.documentElement.dataset.ready === 'true');
  for (;;) {
    await page.keyboard.press('Shift');
    for (let look = 0; look < 10; look++) {
      if (await ready()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (performance.now() > deadline)
      throw new Error(`${page.url()}: the app did not start in ${timeout / 1000} s`);
  }
}

/** Loads `target`, waits until it is fully working, then times click → next paint (median of 5). */
export async function clickToPaint(
  browser: Browser,
  target: TickTarget,
  cpuSlowdown: number,
): Promise<number> {
  const { page, close } = await throttledPage(browser, cpuSlowdown, {});
  try {
    await page.goto(target.url);
    if (target.isApp) await untilAppReady(page, 30_000);
    await page.waitForLoadState('networkidle');
    return (await page.evaluate(`(async () => {
      const normalise = (text) => (text || '').replace(/\\s+/g, ' ').trim();
      const box = Array.from(document.querySelectorAll('li input[type=checkbox]')).find(
        (input) => input.labels && input.labels[0] && normalise(input.labels[0].textContent) === ${JSON.stringify(target.criterionText)},
      );
      const times = [];
      for (let run = 0; run < 5; run++) {
        await new Promise((done) => setTimeout(done, 50));
        const start = performance.now();
        box.click();
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      return times[2];
    })()`)) as number;
  } finally {
    await close();
  }
}

/** The JS heap in use once `target` is fully working, after a garbage collection (bytes). */
export async function heapInUse(browser: Browser, target: TickTarget): Promise<number> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(target.url);
    if (target.isApp) await untilAppReady(page);
    await page.waitForLoadState('networkidle');
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await context.close();
  }
}
