/**
 * The bench's static server: the built app as its host would serve it, plus in-memory pages (the
 * floor page) at fixed paths. Every response is sent the same way, uncompressed and with
 * `no-store`, so neither page gains from how it is served.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Serves `html` at `path` from now on. */
  setPage(path: string, html: string): void;
  close(): Promise<void>;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the files under `root` and the given in-memory `pages` (path -> HTML) on a free local
 * port. A path with no file and no extension gets `404.html`, as the app's host answers it (the
 * app routes itself), though with status 200; a missing file with an extension is a 404.
 */
export async function serveStatic(
  root: string,
  pages: Record<string, string>,
): Promise<StaticServer> {
  const base = resolve(root);
  const server = createServer((request, response) => {
    const send = (status: number, type: string, body: Buffer | string) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      const page = pages[path];
      if (page !== undefined) return send(200, contentTypes['.html'] ?? '', page);
      let file = resolve(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) return send(403, 'text/plain', '');
      if (!(await isFile(file))) {
        // As hosts do: `/<id>` is `<id>.html`, `/<id>/` is `<id>/index.html`.
        const page = path.endsWith('/') ? join(file, 'index.html') : `${file}.html`;
        if (await isFile(page)) file = page;
        else if (extname(path) === '') file = join(base, '404.html');
        else return send(404, 'text/plain', 'Not found');
      }
      send(200, contentTypes[extname(file)] ?? 'application/octet-stream', await readFile(file));
    })().catch((error: unknown) => send(500, 'text/plain', String(error)));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setPage: (path, html) => {
      pages[path] = html;
    },
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}
