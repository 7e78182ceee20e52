/**
 * What the browser tests of the user's own frameworks need besides the page: the fixture files,
 * a local web server to load them from (with or without the cross-origin header), a drop of
 * files on the page as a browser makes it, and what the app keeps of them in IndexedDB.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { StoredFramework } from '../../../src/lib/core/library.ts';
import type { CriterionState } from '../../../src/lib/core/progress.ts';

/** The path of a framework fixture, for the file chooser. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/frameworks/${name}`, import.meta.url));
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** A web server on 127.0.0.1 (another origin than the app's) serving the framework fixtures. */
export interface FrameworkServer {
  /**
   * The address of a fixture: under `/open/` the server lets any site read it
   * (`Access-Control-Allow-Origin: *`), under `/closed/` it sends no such header. `tag` is added
   * as a query so each test can tell its own requests apart.
   */
  url(name: string, options: { cors: boolean; tag: string }): string;
  /** Paths (with query) of the requests with `tag` that the server has answered. */
  requests(tag: string): string[];
  close(): Promise<void>;
}

/** Starts a `FrameworkServer` on a free port. */
export async function startFrameworkServer(): Promise<FrameworkServer> {
  const answered: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    answered.push(`${url.pathname}${url.search}`);
    const match = /^\/(open|closed)\/(byo-[a-z0-9-]+\.md|small\.md)$/.exec(url.pathname);
    if (!match) {
      response.writeHead(404).end('Not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/markdown; charset=utf-8',
      ...(match[1] === 'open' ? { 'Access-Control-Allow-Origin': '*' } : {}),
    });
    response.end(fixtureText(match[2]!));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name, { cors, tag }) =>
      `http://127.0.0.1:${port}/${cors ? 'open' : 'closed'}/${name}?tag=${encodeURIComponent(tag)}`,
    requests: (tag) => answered.filter((path) => path.endsWith(`?tag=${encodeURIComponent(tag)}`)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Drags a file over the page and drops it on the body, with a `DataTransfer` made in the page as
 * the browser makes one for files dragged in from the desktop.
 */
export async function dropFile(
  page: Page,
  name: string,
  text: string,
  events: readonly ('dragenter' | 'dragover' | 'drop')[] = ['dragenter', 'dragover', 'drop'],
): Promise<void> {
  await page.evaluate(
    ({ name, text, events }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: 'text/markdown' }));
      for (const type of events) {
        document.body.dispatchEvent(
          new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
        );
      }
    },
    { name, text, events },
  );
}

/** Every `[key, value]` under one key prefix of the app's IndexedDB, in key order. */
function storedUnder(page: Page, prefix: readonly string[]): Promise<[string[], unknown][]> {
  return page.evaluate(async (prefix) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('progression');
      request.onupgradeneeded = () => request.result.createObjectStore('records');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<[string[], unknown][]>((resolve, reject) => {
        const entries: [string[], unknown][] = [];
        const request = db
          .transaction('records', 'readonly')
          .objectStore('records')
          // An array sorts after every string, so [...prefix, []] ends the prefix's range.
          .openCursor(IDBKeyRange.bound(prefix, [...prefix, []]));
        request.onsuccess = () => {
          const cursor = request.result;
          if (!cursor) return resolve(entries);
          entries.push([cursor.key as string[], cursor.value]);
          cursor.continue();
        };
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, prefix);
}

/** The framework files the user added, as kept, by framework id. */
export async function storedFrameworks(page: Page): Promise<Record<string, StoredFramework>> {
  const entries = await storedUnder(page, ['collection', 'frameworks']);
  // Kept as `{ v: 1, value }`, the version of the record format around the entry.
  return Object.fromEntries(
    entries.map(([key, stored]) => [key[2], (stored as { value: StoredFramework }).value]),
  );
}

/** The state kept for each criterion of one framework that has progress, by criterion id. */
export async function storedStates(
  page: Page,
  frameworkId: string,
): Promise<Record<string, CriterionState>> {
  const entries = await storedUnder(page, ['progress', frameworkId]);
  return Object.fromEntries(
    entries.map(([key, stored]) => [key[2], (stored as { state: CriterionState }).state]),
  );
}
