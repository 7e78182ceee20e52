/**
 * The production build as a plain static host serves it from a sub-path, as GitHub Pages does
 * for a project site: under `/<folder>/`, an address is its file, or the same with `.html`, or
 * (ending in `/`) its folder's `index.html`; a folder without the `/` is redirected to it; any
 * other address is answered with `404.html` and status 404. Nothing outside the folder is
 * served. It knows nothing of the app: what works here works on any host of that kind.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

const kind = (path: string) =>
  stat(path).then(
    (found) => (found.isFile() ? 'file' : found.isDirectory() ? 'folder' : null),
    () => null,
  );

export interface StaticHost {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** Serves the folder `root` at `/<folder>/` on a free local port. */
export async function serveFolder(root: string, folder: string): Promise<StaticHost> {
  const dist = resolve(root);
  const prefix = `/${folder}/`;
  const server = createServer((request, response) => {
    void (async () => {
      const { pathname } = new URL(request.url ?? '/', 'http://host');
      if (!pathname.startsWith(prefix)) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not here');
        return;
      }
      const file = join(dist, decodeURIComponent(pathname.slice(prefix.length)));
      const candidates = pathname.endsWith('/')
        ? [join(file, 'index.html')]
        : [file, `${file}.html`];
      for (const candidate of candidates)
        if ((await kind(candidate)) === 'file') {
          const body = await readFile(candidate);
          response.writeHead(200, { 'content-type': types[extname(candidate)] ?? '' });
          response.end(request.method === 'HEAD' ? undefined : body);
          return;
        }
      if ((await kind(file)) === 'folder' && !pathname.endsWith('/')) {
        response.writeHead(301, { location: `${pathname}/` }).end();
        return;
      }
      response.writeHead(404, { 'content-type': types['.html'] });
      response.end(request.method === 'HEAD' ? undefined : await readFile(join(dist, '404.html')));
    })().catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}
