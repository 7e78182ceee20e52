/**
 * The weight of the first usable view: every response the browser receives while loading a page
 * until its ready mark is set (the first criterion can be ticked), each body gzipped at level 9
 * (what a host serving compressed files would send). What the page then loads in the background
 * until the network is idle (storage code, say) is weighed apart, as `deferred`.
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';

export interface Transfer {
  /** Path and query of the request. */
  path: string;
  contentType: string;
  bytes: number;
  gzipBytes: number;
}

export interface FirstViewWeight {
  /** gzipped bytes of the JavaScript responses */
  js: number;
  /** gzipped bytes of every response: HTML, CSS, JS and anything else requested */
  total: number;
  transfers: Transfer[];
  /** Responses after the ready mark, until the network was idle. */
  deferred: Transfer[];
}

/** Loads `url` in a fresh context and weighs what it requested. */
export async function weighFirstView(browser: Browser, url: string): Promise<FirstViewWeight> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const bodies: Promise<Transfer | null>[] = [];
    page.on('response', (response) => {
      bodies.push(
        response.body().then(
          (body) => ({
            path: new URL(response.url()).pathname + new URL(response.url()).search,
            contentType: response.headers()['content-type'] ?? '',
            bytes: body.length,
            gzipBytes: gzipSync(body, { level: 9 }).length,
          }),
          // Redirects and aborted requests have no body to weigh.
          () => null,
        ),
      );
    });
    await page.goto(url);
    await page.waitForFunction("document.documentElement.dataset.ready === 'true'");
    await page.waitForLoadState('networkidle');
    // The page's own clock tells which requests started before it was usable: the document, and
    // every resource whose fetch began before the ready mark (the app's `progression:ready`).
    const startedLate = new Set(
      await page.evaluate(() => {
        const ready = performance.getEntriesByName('progression:ready')[0]?.startTime ?? Infinity;
        return performance
          .getEntriesByType('resource')
          .filter((entry) => entry.startTime >= ready)
          .map((entry) => new URL(entry.name).pathname + new URL(entry.name).search);
      }),
    );
    const all = (await Promise.all(bodies)).filter((transfer) => transfer !== null);
    const transfers = all.filter((transfer) => !startedLate.has(transfer.path));
    const deferred = all.filter((transfer) => startedLate.has(transfer.path));
    const sum = (list: Transfer[]) =>
      list.reduce((bytes, transfer) => bytes + transfer.gzipBytes, 0);
    return {
      js: sum(transfers.filter((transfer) => /javascript/.test(transfer.contentType))),
      total: sum(transfers),
      transfers,
      deferred,
    };
  } finally {
    await context.close();
  }
}
