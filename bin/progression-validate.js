#!/usr/bin/env node
// progression-validate <files or folders>: checks progression framework files and prints each
// problem as "file:line:column: error|warning: message" (see scripts/validate.ts).
// Runs on plain Node: it loads the bundle that `npm run validate` builds into dist-cli/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist-cli/validate.js', import.meta.url);

if (!existsSync(fileURLToPath(bundle))) {
  console.error(
    'progression-validate: the validator is not built yet. Build it with\n' +
      '  npm run validate -- <files or folders>\n' +
      'which builds it and runs it (or build only: npx vite build --config vite.cli.config.ts).',
  );
  process.exit(2);
}

const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
