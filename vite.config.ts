import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { frameworksPlugin } from './scripts/frameworks-plugin.ts';

export default defineConfig({
  plugins: [
    svelte(),
    frameworksPlugin({ folder: 'frameworks', defaultFramework: 'engineering/backend' }),
  ],
  build: { target: 'es2022', modulePreload: { polyfill: false } },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : {},
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/ui/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/setup.ts'],
    expect: { requireAssertions: true },
  },
});
