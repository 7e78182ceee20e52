/**
 * Builds the validator CLI (`scripts/validate.ts`) into one Node module, `dist-cli/validate.js`,
 * with its dependencies (js-yaml, micromark, @noble/hashes) inside, so that
 * `bin/progression-validate.js` runs on plain Node without a TypeScript loader.
 * `npm run validate` builds it and then runs it.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: 'scripts/validate.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: { output: { entryFileNames: 'validate.js', format: 'es' } },
  },
  ssr: { target: 'node', noExternal: true },
});
