/**
 * The service worker as the build writes it, run against an in-memory Cache API and network:
 * what it keeps, and which page it answers a framework's address with.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_VIEW_MESSAGE, HINTS_CACHE } from '../../../src/first-view/keys.ts';
import { inlineScript } from '../../../scripts/first-view/build.ts';

const ROOT = 'https://example.test/app/';
const ENTRY = 'assets/main-abc.js';
const PRECACHE = ['index.html', 'engineering/backend.html', ENTRY, '404.html'];

/** A page of the build: its entry in `data-entry`, as the prerendered pages carry it. */
const page = (name: string, entry = ENTRY) =>
  `<!doctype html><div id="app" data-entry="${entry}" data-root="../">${name}</div>`;

/** The Cache API in memory: caches by name, each answers by URL (options are not needed here). */
class MemoryCaches {
  readonly stores = new Map<string, Map<string, Response>>();
  /** How long each next write takes, in ms (a real cache's writes take their own time). */
  readonly writeTimes: number[] = [];
  async open(name: string) {
    const store = this.stores.get(name) ?? new Map<string, Response>();
    this.stores.set(name, store);
    const href = (request: string | { url: string }) =>
      typeof request === 'string' ? request : request.url;
    return {
      match: async (request: string | { url: string }) => store.get(href(request))?.clone(),
      put: async (request: string | Request, response: Response) => {
        const time = this.writeTimes.shift() ?? 0;
        if (time > 0) await new Promise((done) => setTimeout(done, time));
        store.set(href(request), response);
      },
      delete: async (request: string | { url: string }) => store.delete(href(request)),
      keys: async () => [...store.keys()].map((url) => new Request(url)),
      addAll: async (urls: string[]) => {
        for (const url of urls) store.set(url, await network(url));
      },
    };
  }
  async match(request: string | Request, options: { cacheName?: string } = {}) {
    const url = typeof request === 'string' ? request : request.url;
    const names = options.cacheName ? [options.cacheName] : [...this.stores.keys()];
    for (const name of names) {
      const found = this.stores.get(name)?.get(url);
      if (found) return found.clone();
    }
    return undefined;
  }
  async keys() {
    return [...this.stores.keys()];
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
}

/** The host: this build's files, and level pages (one of them from a newer build). */
let served: Record<string, string> = {};
const fetched: string[] = [];
async function network(request: string | { url: string }): Promise<Response> {
  const url = typeof request === 'string' ? request : request.url;
  fetched.push(url);
  const path = url.slice(ROOT.length).split('?')[0] ?? '';
  const body = served[path];
  return body === undefined
    ? new Response('Not found', { status: 404 })
    : new Response(body, { headers: { 'content-type': 'text/html' } });
}

type Listener = (event: Record<string, unknown>) => void;
let code = '';
beforeAll(async () => {
  code = (await inlineScript('src/service-worker/service-worker.ts')).code;
});

/** Starts a worker of version `version` on `caches`: its listeners, to dispatch events to. */
function startWorker(caches: MemoryCaches, version = 'v1') {
  const listeners = new Map<string, Listener>();
  const self = {
    registration: { scope: ROOT },
    skipWaiting: async () => {},
    clients: { claim: async () => {} },
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
  };
  new Function('self', 'caches', 'fetch', 'PRECACHE', 'VERSION', code)(
    self,
    caches,
    network,
    PRECACHE,
    version,
  );
  /** Dispatches an extendable event and waits for what it was extended with. */
  const dispatch = async (type: string, fields: Record<string, unknown> = {}) => {
    const waits: Promise<unknown>[] = [];
    let answer: Promise<Response> | undefined;
    listeners.get(type)?.({
      ...fields,
      waitUntil: (promise: Promise<unknown>) => waits.push(promise),
      respondWith: (response: Promise<Response>) => (answer = response),
    });
    await Promise.all(waits);
    return answer;
  };
  return {
    install: () => dispatch('install'),
    activate: () => dispatch('activate'),
    tell: (frameworkId: unknown, level: unknown, merged: unknown = true) =>
      dispatch('message', { data: { type: FIRST_VIEW_MESSAGE, frameworkId, level, merged } }),
    /** The page the worker answers a navigation to `path` with. */
    navigate: async (path: string) => {
      const answer = await dispatch('fetch', {
        request: { url: ROOT + path, method: 'GET', mode: 'navigate' },
      });
      return answer ? (await answer).text() : undefined;
    },
  };
}

function freshHost() {
  served = {
    'index.html': page('home'),
    'engineering/backend.html': page('level 1'),
    'engineering/backend.level-3.html': page('level 3'),
    'engineering/backend.level-4.html': page('level 4 of a newer build', 'assets/main-new.js'),
    'engineering/backend.unmerged.html': page('unmerged level 1'),
    'engineering/backend.unmerged.level-3.html': page('unmerged level 3'),
    [ENTRY]: 'app',
    '404.html': page('not found'),
  };
  fetched.length = 0;
}

describe('the service worker and the level a person works on', () => {
  it('answers the framework’s address with the told level’s page, and with the first once told so', async () => {
    freshHost();
    const caches = new MemoryCaches();
    const worker = startWorker(caches);
    await worker.install();
    expect(await worker.navigate('engineering/backend')).toContain('level 1');
    await worker.tell('engineering/backend', 3);
    expect(await worker.navigate('engineering/backend')).toContain('level 3');
    // Kept: answered with the network gone.
    served = {};
    expect(await worker.navigate('engineering/backend')).toContain('level 3');
    await worker.tell('engineering/backend', null);
    expect(await worker.navigate('engineering/backend')).toContain('level 1');
  });

  it('answers an address naming a kept level with its page, and any other with the framework’s', async () => {
    freshHost();
    const worker = startWorker(new MemoryCaches());
    await worker.install();
    await worker.tell('engineering/backend', 3);
    expect(await worker.navigate('engineering/backend?level=3')).toContain('level 3');
    expect(await worker.navigate('engineering/backend?level=2')).toContain('level 1');
    expect(await worker.navigate('engineering/backend?q=feedback')).toContain('level 1');
  });

  it('answers with the pages without the base framework for someone who switched it off', async () => {
    freshHost();
    const worker = startWorker(new MemoryCaches());
    await worker.install();
    await worker.tell('engineering/backend', 3, false);
    served = {};
    expect(await worker.navigate('engineering/backend')).toContain('unmerged level 3');
    expect(await worker.navigate('engineering/backend?level=1')).toContain('unmerged level 1');
    expect(await worker.navigate('engineering/backend?q=feedback')).toContain('unmerged level 1');
    await worker.tell('engineering/backend', null, true);
    expect(await worker.navigate('engineering/backend')).toContain('level 1');
    expect(await worker.navigate('engineering/backend')).not.toContain('unmerged');
  });

  it('keeps what it is told in the order it was told', async () => {
    freshHost();
    const caches = new MemoryCaches();
    const worker = startWorker(caches);
    await worker.install();
    // The first hint's write is the slower: told at once, it would land last.
    caches.writeTimes.push(30, 0);
    await Promise.all([
      worker.tell('engineering/backend', 3, true),
      worker.tell('engineering/backend', 3, false),
    ]);
    expect(await worker.navigate('engineering/backend')).toContain('unmerged level 3');
  });

  it('keeps no page of a newer build, and nothing for a framework it has no page for', async () => {
    freshHost();
    const caches = new MemoryCaches();
    const worker = startWorker(caches);
    await worker.install();
    await worker.tell('engineering/backend', 4);
    expect(await worker.navigate('engineering/backend')).toContain('level 1');
    await worker.tell('../../elsewhere', 3);
    expect(fetched.filter((url) => url.includes('elsewhere'))).toEqual([]);
    const hints = () => [...(caches.stores.get(HINTS_CACHE)?.keys() ?? [])];
    expect(hints()).toEqual([`${ROOT}first-view-level/engineering/backend`]);
    // What is not a level is no hint.
    await worker.tell('engineering/backend', 'three');
    expect(hints()).toEqual([]);
  });

  it('keeps the hinted level’s page when a new version installs, and the hints when it takes over', async () => {
    freshHost();
    const caches = new MemoryCaches();
    const old = startWorker(caches, 'v1');
    await old.install();
    await old.tell('engineering/backend', 3);
    const next = startWorker(caches, 'v2');
    await next.install();
    expect([...(caches.stores.get('progression-v2')?.keys() ?? [])]).toContain(
      `${ROOT}engineering/backend.level-3.html`,
    );
    await next.activate();
    expect([...caches.stores.keys()].sort()).toEqual([HINTS_CACHE, 'progression-v2']);
    served = {};
    expect(await next.navigate('engineering/backend')).toContain('level 3');
  });
});
