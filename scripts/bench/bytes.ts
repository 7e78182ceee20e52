/**
 * The weight of a page's load window: every response the browser receives from navigation until
 * the network has been idle for 500 ms (Playwright's `networkidle`), each body gzipped at level 9
 * (what a host serving compressed files would send). Nothing is left out; what the page fetches
 * later (the app at idle, after the window) is not in the window and is listed by the caller.
 */
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContextOptions } from '@playwright/test';

export interface Transfer {
  /** Path and query of the request. */
  path: string;
  contentType: string;
  bytes: number;
  gzipBytes: number;
  /** ms from navigation start until the request started. */
  startMs: number;
}

export interface LoadWindow {
  /** gzipped bytes of the JavaScript responses */
  js: number;
  /** gzipped bytes of every response: HTML, CSS, JS and anything else requested */
  total: number;
  transfers: Transfer[];
}

/** Loads `url` in a fresh context (cold cache) and weighs every response of its load window. */
export async function weighLoadWindow(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<LoadWindow> {
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  try {
    const page = await context.newPage();
    const bodies: Promise<Transfer | null>[] = [];
    page.on('response', (response) => {
      const timing = response.request().timing();
      bodies.push(
        response.body().then(
          (body) => ({
            path: new URL(response.url()).pathname + new URL(response.url()).search,
            contentType: response.headers()['content-type'] ?? '',
            bytes: body.length,
            gzipBytes: gzipSync(body, { level: 9 }).length,
            // Epoch milliseconds here; from the first request's start once all are in.
            startMs: timing.startTime,
          }),
          // Redirects and aborted requests have no body to weigh.
          () => null,
        ),
      );
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    const weighed = (await Promise.all(bodies)).filter((transfer) => transfer !== null);
    // A request's timing is known once it is answered: the window starts with the first request.
    const started = Math.min(...weighed.map((transfer) => transfer.startMs));
    const transfers = weighed.map((transfer) => ({
      ...transfer,
      startMs: transfer.startMs - started,
    }));
    const sum = (list: Transfer[]) =>
      list.reduce((bytes, transfer) => bytes + transfer.gzipBytes, 0);
    return {
      js: sum(transfers.filter((transfer) => /javascript/.test(transfer.contentType))),
      total: sum(transfers),
      transfers,
    };
  } finally {
    await context.close();
  }
}
