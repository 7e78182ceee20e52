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
 * - Activate: drops the caches of older versions.
 *
 * Built without imports (types only) and kept apart from the app: it never touches progress.
 */

interface InstallingEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
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
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

declare const PRECACHE: readonly string[];
declare const VERSION: string;

{
  const worker = self as unknown as WorkerScope;
  const cacheName = `progression-${VERSION}`;
  const root = new URL(worker.registration.scope);
  const url = (path: string) => new URL(path, root).href;

  worker.addEventListener('install', (event) => {
    event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll(PRECACHE.map(url))));
  });

  worker.addEventListener('activate', (event) => {
    event.waitUntil(
      caches
        .keys()
        .then((names) =>
          Promise.all(
            names
              .filter((name) => name.startsWith('progression-') && name !== cacheName)
              .map((name) => caches.delete(name)),
          ),
        )
        .then(() => worker.clients.claim()),
    );
  });

  // The page asks for this when the person chooses to use the new version.
  worker.addEventListener('message', (event) => {
    if ((event.data as { type?: unknown } | null)?.type === 'progression:update')
      void worker.skipWaiting();
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
    if (!page || !/\/(index\.html)?$/.test(path)) return page;
    return Response.redirect(url(id) + address.search + address.hash, 301);
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
