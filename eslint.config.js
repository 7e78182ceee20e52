import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/** What draws the screen: only components and state may use it. */
const UI = ['svelte', 'svelte/*', 'chart.js', 'chart.js/*', '$app/*'];

export default ts.config(
  {
    ignores: [
      'dist',
      'dist-ssr',
      'node_modules',
      'test-results',
      'playwright-report',
      'bench-results',
      'dist-cli',
      // Vite's bundled config, left behind when a server or build is stopped while loading it.
      '**/*.timestamp-*.mjs',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // State classes hold plain Maps and Dates on purpose for values nobody renders (write
    // queues, clocks, lookups); what is shown is declared with $state, $derived or SvelteMap.
    files: ['src/lib/state/**/*.svelte.ts'],
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
  // The layers, and what each may import (its tests included, since they mirror src/):
  // core imports only core; storage only storage and core; state never components; the
  // parse worker only core. Data flows one way: file -> core -> state -> components.
  layer(['src/lib/core/**/*.ts', 'tests/unit/core/**/*.ts'], 'The core', [
    ...UI,
    'idb-keyval',
    'vite',
    '**/state/**',
    '**/storage/**',
    '**/components/**',
    '**/workers/**',
  ]),
  layer(['src/lib/storage/**/*.ts', 'tests/unit/storage/**/*.ts'], 'Storage', [
    ...UI,
    '**/state/**',
    '**/components/**',
    '**/workers/**',
  ]),
  layer(['src/lib/state/**/*.ts', 'tests/unit/state/**/*.ts'], 'State', [
    'chart.js',
    'chart.js/*',
    '**/components/**',
  ]),
  layer(['src/lib/workers/**/*.ts'], 'The parse worker', [
    ...UI,
    'idb-keyval',
    '**/state/**',
    '**/storage/**',
    '**/components/**',
  ]),
);

/**
 * An ESLint block that keeps `files` from importing what matches `patterns`.
 * @param {string[]} files
 * @param {string} name
 * @param {string[]} patterns
 * @returns {import('eslint').Linter.Config}
 */
function layer(files, name, patterns) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: patterns,
              message: `${name} may not import this: see the layers in README.md (Layout).`,
            },
          ],
        },
      ],
    },
  };
}
