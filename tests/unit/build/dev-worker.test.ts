import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';

describe('the development server', () => {
  it(
    'gives the framework parser’s worker the entity decoder that needs no document',
    { timeout: 30_000 },
    async () => {
      const server = await createServer({
        configFile: 'vite.config.ts',
        logLevel: 'silent',
        server: { middlewareMode: true, hmr: false, ws: false },
      });
      try {
        // Left out of pre-bundling (which would take the DOM build into micromark's bundle) ...
        expect(server.config.optimizeDeps.exclude).toContain('decode-named-character-reference');
        // ... and resolved, for micromark's import of it, to the build without `document`.
        const resolved = await server.pluginContainer.resolveId(
          'decode-named-character-reference',
          `${process.cwd()}/node_modules/micromark/lib/compile.js`,
        );
        expect(resolved?.id).toMatch(/decode-named-character-reference\/index\.js$/);
      } finally {
        await server.close();
      }
    },
  );
});
