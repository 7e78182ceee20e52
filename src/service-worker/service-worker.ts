/**
 * The service worker: keeps the whole build in a cache so the app opens and works with the
 * network off after one visit. The build writes it as `sw.js` at the build's root, with the
 * list of files to keep (`PRECACHE`, paths relative to the root) and a version that changes
 * with any of them (`VERSION`) put in front of this code (scripts/prerender.ts).
 *
 * - Install: fetches and keeps every file of the build in a cache named by the version. The new
 *   version then waits: the page announces it, and moves to it when the person chooses to.
 * - Fetch: a kept file is answered from the cache (the build's file names carry their content's
 *   hash), to `HEAD` too (`404.html` asks that way where the build's root is); an address of the
 *   app gets the page the build wrote for it, or from the network, or offline `404.html` (which
 *   starts the app, and the app routes itself). Only addresses under the worker's scope (the
 *   build's root, wherever the host serves it) are its business: other origins (a framework
 *   loaded from a link) are left to the network.
 * - The level a person works on: the app tells the worker which level of a shipped framework the
 *   person is working on (`WORKING_LEVEL_MESSAGE`, see src/first-view/keys.ts); the worker keeps
 *   that as a hint (`HINTS_CACHE`, kept across versions) and keeps the page the build wrote for
 *   that level (`<id>.level-<N>.html`), so the framework's address opens on it, ticks and all,
 *   in the first paint. An address that names a level (`?level=N`) gets that level's page when
 *   it is kept. A new version keeps the pages of the hinted levels when it installs.
 * - Activate: drops the caches of older versions.
 *
 * Built without imports (types only) and kept apart from the app: it never touches progress.
 */

interface InstallingEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface MessagingEvent extends InstallingEvent {
  data: unknown;
}
interface RequestEvent extends InstallingEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: InstallingEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: RequestEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessagingEvent) => void): void;
}

declare const PRECACHE: readonly string[];
declare const VERSION: string;

{
  const worker = self as unknown as WorkerScope;
  const cacheName = `progression-${VERSION}`;
  const root = new URL(worker.registration.scope);
  const url = (path: string) => new URL(path, root).href;
  // Repeated from src/first-view/keys.ts (this file is built without imports).
  const hintsName = 'progression-hints';
  const workingLevelMessage = 'progression:working-level';
  /** Where the hint of a framework's working level is kept, in the hints cache. */
  const hintAddress = (id: string) => url(`first-view-level/${id}`);
  const levelPage = (id: string, level: number) => `${id}.level-${level}.html`;
  /** Whether `id` is a framework this build wrote a page for (and so pages per level). */
  const isShipped = (id: unknown): id is string =>
    typeof id === 'string' && PRECACHE.includes(`${id}.html`);
  const isLevel = (level: unknown): level is number =>
    typeof level === 'number' && Number.isInteger(level) && level > 0 && level < 100;

  /**
   * Keeps the page of a framework's level in this version's cache, fetched once. Only a page of
   * this build is kept: one that loads an app entry this version keeps (the host may already
   * serve a newer build, whose page would ask for files this version does not have).
   */
  const keepLevelPage = async (id: string, level: number) => {
    const cache = await caches.open(cacheName);
    const address = url(levelPage(id, level));
    if (await cache.match(address, { ignoreVary: true })) return;
    const response = await fetch(address);
    if (!response.ok) return;
    const entry = /\sdata-entry="([^"]+)"/.exec(await response.clone().text())?.[1];
    if (entry !== undefined && PRECACHE.includes(entry)) await cache.put(address, response);
  };

  /** The hinted working level of a framework, or null. */
  const hintedLevel = async (id: string): Promise<number | null> => {
    const hint = await caches.match(hintAddress(id), { cacheName: hintsName });
    const level: unknown = hint ? await hint.json().catch(() => null) : null;
    return isLevel(level) ? level : null;
  };

  /** Keeps the page of every hinted level (a new version, installing). Never fails the install. */
  const keepHintedLevelPages = async () => {
    const hints = await caches.open(hintsName);
    const prefix = hintAddress('');
    for (const request of await hints.keys()) {
      const id = request.url.startsWith(prefix) ? request.url.slice(prefix.length) : null;
      const level = id !== null && isShipped(id) ? await hintedLevel(id) : null;
      if (id !== null && level !== null) await keepLevelPage(id, level).catch(() => {});
    }
  };

  worker.addEventListener('install', (event) => {
    event.waitUntil(
      caches
        .open(cacheName)
        .then((cache) => cache.addAll(PRECACHE.map(url)))
        .then(() => keepHintedLevelPages().catch(() => {})),
    );
  });

  worker.addEventListener('activate', (event) => {
    event.waitUntil(
      caches
        .keys()
        .then((names) =>
          Promise.all(
            names
              .filter(
                (name) =>
                  name.startsWith('progression-') && name !== cacheName && name !== hintsName,
              )
              .map((name) => caches.delete(name)),
          ),
        )
        .then(() => worker.clients.claim()),
    );
  });

  worker.addEventListener('message', (event) => {
    const data = event.data as { type?: unknown; frameworkId?: unknown; level?: unknown } | null;
    // The page asks for this when the person chooses to use the new version.
    if (data?.type === 'progression:update') void worker.skipWaiting();
    // The app says which level of a framework the person works on (null: the first, no hint).
    if (data?.type === workingLevelMessage && isShipped(data.frameworkId)) {
      const id = data.frameworkId;
      const level = data.level;
      event.waitUntil(
        caches.open(hintsName).then(async (hints) => {
          if (!isLevel(level)) return void (await hints.delete(hintAddress(id)));
          await hints.put(hintAddress(id), Response.json(level));
          await keepLevelPage(id, level);
        }),
      );
    }
  });

  /**
   * The kept page of an address: the home page, or the framework page the build wrote for it.
   * Each framework page is kept once, as `<id>.html`, whose links are relative to `<root><id>`:
   * the address with a `/` after it is sent there, so they resolve under the root.
   */
  const keptPage = async (request: Request): Promise<Response | undefined> => {
    const cache = await caches.open(cacheName);
    const address = new URL(request.url);
    const path = address.pathname.slice(root.pathname.length);
    if (path === '' || path === 'index.html')
      return cache.match(url('index.html'), { ignoreVary: true });
    const id = path.replace(/\/(index\.html)?$|\.html$/, '');
    const page = await cache.match(url(`${id}.html`), { ignoreVary: true });
    if (!page) return undefined;
    if (/\/(index\.html)?$/.test(path))
      return Response.redirect(url(id) + address.search + address.hash, 301);
    // The level the address names, or else the one the person works on: its page, when kept.
    const named = /^\?level=(\d{1,2})$/.exec(address.search)?.[1];
    const level =
      named !== undefined ? Number(named) : address.search === '' ? await hintedLevel(id) : null;
    const levelShown =
      level === null
        ? undefined
        : await cache.match(url(levelPage(id, level)), { ignoreVary: true });
    return levelShown ?? page;
  };

  worker.addEventListener('fetch', (event) => {
    const { request } = event;
    if (!['GET', 'HEAD'].includes(request.method) || !request.url.startsWith(root.href)) return;
    event.respondWith(
      (async () => {
        if (request.mode === 'navigate') {
          const page = await keptPage(request);
          if (page) return page;
          try {
            return await fetch(request);
          } catch {
            // Offline, at an address the build has no page for (a framework the user added):
            // the page a host answers such addresses with, which starts the app.
            const notFound = await caches.match(url('404.html'), { cacheName });
            if (notFound) return notFound;
            throw new Error(`${request.url} is not kept for offline use.`);
          }
        }
        // A module script's request carries `Origin`; the kept answer may vary on it: the file is the same.
        const kept = await caches.match(request, {
          cacheName,
          ignoreSearch: true,
          ignoreVary: true,
          ignoreMethod: true,
        });
        if (kept) return kept;
        return fetch(request);
      })(),
    );
  });
}
