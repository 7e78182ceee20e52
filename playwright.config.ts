import { defineConfig, devices } from '@playwright/test';
import {
  chromiumArgs,
  chromiumPath,
  missingChromiumMessage,
} from './tests/e2e/support/chromium.ts';

// Stop before anything starts, with the one thing to do about it, when there is no browser.
const missingChromium = missingChromiumMessage();
if (missingChromium !== null) {
  console.error(missingChromium);
  process.exit(1);
}

/** `E2E_PORT` moves the preview server off 4173 when something else already serves there. */
const port = Number(process.env.E2E_PORT || 4173);
/** Set by `scripts/test-all.ts`, which reads the results from this file. */
const jsonReport = process.env.PROGRESSION_E2E_JSON;

/**
 * Browser tests run against the production build (`npm run test:e2e` builds first), served by
 * `vite preview`, in the system's Chromium.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: jsonReport ? [['list'], ['json', { outputFile: jsonReport }]] : [['list']],
  // A test opens several pages of up to 200 criteria each; on a busy two-core machine that alone
  // can pass 30 s. Generous limits keep such a machine from failing a test that is right. The
  // app takes over the prerendered page at the first sign of a person (`untilReady` in
  // support/app.ts gives one): waiting for it may take a few seconds more.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    // A kept build would hide a change from the next test: only the offline test allows the
    // service worker.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
