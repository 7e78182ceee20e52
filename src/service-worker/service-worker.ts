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
 * - What a person works on: the app tells the worker which level of a shipped framework the
 *   person works on, and whether its shared (base) criteria are switched off (`FIRST_VIEW_MESSAGE`,
 *   see src/first-view/keys.ts); the worker keeps that as a hint (`HINTS_CACHE`, kept across
 *   versions) and keeps the pages the build wrote for it (`<id>.level-<N>.html`,
 *   `<id>.unmerged.html`, `<id>.unmerged.level-<N>.html`), so the framework's address opens on
 *   it, ticks and all, in the first paint. An address that names a level (`?level=N`) gets that
 *   level's page when it is kept. A new version keeps the hinted pages when it installs.
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
  const firstViewMessage = 'progression:first-view';
  /** What the first paint of a framework's page shows a person, as the app last told it. */
  interface Hint {
    /** The level they work on; null for the first. */
    level: number | null;
    /** False when they switched the base framework's criteria off. */
    merged: boolean;
  }
  /** Where the hint of a framework is kept, in the hints cache. */
  const hintAddress = (id: string) => url(`first-view-level/${id}`);
  /** The page the build wrote for a framework at a level (null: the first), merged or not. */
  const variantPage = (id: string, level: number | null, merged: boolean) =>
    `${id}${merged ? '' : '.unmerged'}${level === null ? '' : `.level-${level}`}.html`;
  /** Whether `id` is a framework this build wrote a page for (and so pages per level). */
  const isShipped = (id: unknown): id is string =>
    typeof id === 'string' && PRECACHE.includes(`${id}.html`);
  const isLevel = (level: unknown): level is number =>
    typeof level === 'number' && Number.isInteger(level) && level > 0 && level < 100;
  /** A hint as told or kept, checked field by field; null for anything else. */
  const asHint = (value: unknown): Hint | null => {
    const { level, merged } = (value ?? {}) as { level?: unknown; merged?: unknown };
    if (!(level === null || isLevel(level)) || typeof merged !== 'boolean') return null;
    return { level, merged };
  };
  /**
   * The pages a hint needs kept, in the order they answer the framework's address: its level's,
   * then the framework's first level without its base (the one for any other address).
   */
  const pagesOf = (id: string, hint: Hint) => [
    ...(hint.level === null ? [] : [variantPage(id, hint.level, hint.merged)]),
    ...(hint.merged ? [] : [variantPage(id, null, false)]),
  ];

  /**
   * Keeps a page the build wrote in this version's cache, fetched once. Only a page of this build
   * is kept: one that loads an app entry this version keeps (the host may already serve a newer
   * build, whose page would ask for files this version does not have).
   */
  const keepPage = async (file: string) => {
    const cache = await caches.open(cacheName);
    const address = url(file);
    if (await cache.match(address, { ignoreVary: true })) return;
    const response = await fetch(address);
    if (!response.ok) return;
    const entry = /\sdata-entry="([^"]+)"/.exec(await response.clone().text())?.[1];
    if (entry !== undefined && PRECACHE.includes(entry)) await cache.put(address, response);
  };

  /** The hint kept for a framework, or null. */
  const hintOf = async (id: string): Promise<Hint | null> => {
    const hint = await caches.match(hintAddress(id), { cacheName: hintsName });
    return asHint(hint ? await hint.json().catch(() => null) : null);
  };

  /** Keeps the pages of every hint (a new version, installing). Never fails the install. */
  const keepHintedPages = async () => {
    const hints = await caches.open(hintsName);
    const prefix = hintAddress('');
    for (const request of await hints.keys()) {
      const id = request.url.startsWith(prefix) ? request.url.slice(prefix.length) : null;
      const hint = id !== null && isShipped(id) ? await hintOf(id) : null;
      if (id === null || hint === null) continue;
      for (const file of pagesOf(id, hint)) await keepPage(file).catch(() => {});
    }
  };

  /** Keeps what the app told of a framework, in the order it was told. */
  let telling: Promise<unknown> = Promise.resolve();
  const keepHint = (id: string, hint: Hint | null) => {
    telling = telling
      .then(async () => {
        const hints = await caches.open(hintsName);
        // The first level, merged: the framework's own page, which needs no hint.
        if (hint === null || (hint.level === null && hint.merged))
          return void (await hints.delete(hintAddress(id)));
        await hints.put(hintAddress(id), Response.json(hint));
        for (const file of pagesOf(id, hint)) await keepPage(file);
      })
      .catch(() => {
        // Not kept (offline, storage full): the framework's own page is shown, as without a hint.
      });
    return telling;
  };

  worker.addEventListener('install', (event) => {
    event.waitUntil(
      caches
        .open(cacheName)
        .then((cache) => cache.addAll(PRECACHE.map(url)))
        .then(() => keepHintedPages().catch(() => {})),
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
    const data = event.data as { type?: unknown; frameworkId?: unknown } | null;
    // The page asks for this when the person chooses to use the new version.
    if (data?.type === 'progression:update') void worker.skipWaiting();
    // The app says what a framework's first paint should show (see `Hint`).
    if (data?.type === firstViewMessage && isShipped(data.frameworkId))
      event.waitUntil(keepHint(data.frameworkId, asHint(data)));
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
    // What the person works on (the level the address names, or else theirs), when kept: a page
    // of that level, or the framework's first, without its base when they switched that off.
    // What the app told just before this page was asked for (a switch that reloads) comes first.
    await telling;
    const hint = await hintOf(id);
    const named = /^\?level=(\d{1,2})$/.exec(address.search)?.[1];
    const level =
      named !== undefined ? Number(named) : address.search === '' ? (hint?.level ?? null) : null;
    for (const file of pagesOf(id, { level, merged: hint?.merged ?? true })) {
      const kept = await cache.match(url(file), { ignoreVary: true });
      if (kept) return kept;
    }
    return page;
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
