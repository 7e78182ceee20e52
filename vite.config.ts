import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { frameworksPlugin } from './scripts/frameworks-plugin.ts';

/**
 * The framework parser runs in a worker, where there is no `document`: it takes the build of
 * micromark's entity decoder that needs none rather than its DOM one. The development server
 * serves workers through its own pipeline, so there it applies to every module (the page's size
 * does not matter there).
 */
const workerEntities: Plugin = {
  name: 'progression-worker-entities',
  enforce: 'pre',
  resolveId(id) {
    return id === 'decode-named-character-reference'
      ? fileURLToPath(
          new URL('./node_modules/decode-named-character-reference/index.js', import.meta.url),
        )
      : null;
  },
};

export default defineConfig({
  // Every URL the build writes is relative, and the app finds its folder at run time
  // (src/lib/state/app-base.ts): one build works from the root or any sub-path of any host.
  base: './',
  plugins: [
    { ...workerEntities, apply: 'serve' },
    svelte(),
    frameworksPlugin({
      // The bench builds once with a generated large framework added (see scripts/bench.ts).
      folder: process.env.PROGRESSION_FRAMEWORKS || 'frameworks',
      defaultFramework: 'engineering/backend',
    }),
    {
      // The preview answers as static hosts do: an address with no file (itself, with `.html`,
      // or its folder's `index.html`) gets `404.html` (the app routes itself), never the home
      // page at an address where its relative URLs would not resolve. The development server
      // keeps its own fallback, where every URL is from the root.
      name: 'progression-preview-not-found',
      configurePreviewServer(server) {
        const dist = server.config.build.outDir;
        const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
        server.middlewares.use((request, response, next) => {
          const page = join(dist, '404.html');
          let path: string;
          try {
            path = join(
              dist,
              decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname),
            );
          } catch {
            return next();
          }
          const files = [path, `${path}.html`, join(path, 'index.html')];
          if (files.some(isFile) || !isFile(page)) return next();
          response.statusCode = 404;
          response.setHeader('content-type', 'text/html; charset=utf-8');
          response.end(readFileSync(page));
        });
      },
    },
  ],
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    // Names each page's entry chunk for the prerender, which loads it from the first-view script.
    manifest: true,
    // index.html is the home page (and the fallback for other paths); app.html is the template
    // of each framework's prerendered page.
    rollupOptions: { input: { index: 'index.html', app: 'app.html' } },
  },
  // Pre-bundling would take the DOM build of the entity decoder into micromark's bundle, past
  // the plugin above: left out, it is resolved by the plugin.
  optimizeDeps: { exclude: ['decode-named-character-reference'] },
  worker: {
    format: 'es',
    plugins: () => [workerEntities],
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : {},
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/ui/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/setup.ts'],
    expect: { requireAssertions: true },
    // Property tests and component renders take a few seconds on a busy two-core machine: a
    // limit of 5 s (10 s for hooks) fails tests that are right.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
