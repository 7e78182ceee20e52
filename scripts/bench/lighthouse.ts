/**
 * Lighthouse 12 against a page of the bench's server, mobile and desktop, in the system's
 * Chromium: the four category scores, 0–100. Null when Lighthouse could not run (the reason is
 * printed). It runs through `npx` at a pinned version rather than as a dev dependency: its 200
 * packages would slow every `npm ci` for a tool only the bench uses.
 *
 * Lighthouse runs as a child process while this process goes on serving the page it loads: it
 * must never be waited for synchronously (a blocked server answers nothing, and the run only
 * ends at its time limit). `fetchLighthouse` fetches the package first, with its own time limit,
 * so a slow or unreachable registry is told apart from a run that fails.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../../tests/e2e/support/chromium.ts';

export type FormFactor = 'mobile' | 'desktop';
export const LIGHTHOUSE_VERSION = '12.8.2';
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Scores = Record<(typeof CATEGORIES)[number], number>;

/** Fetching the package: some 200 packages, a minute or two on a slow registry. */
const FETCH_TIMEOUT_MS = 10 * 60_000;
/** One run: about 15 s on an idle machine, several times that on a busy one. */
const RUN_TIMEOUT_MS = 5 * 60_000;

interface Report {
  categories: Record<string, { score: number | null }>;
}

interface Finished {
  /** Exit code; null when it did not exit by itself. */
  code: number | null;
  /** Whether it was stopped at its time limit. */
  timedOut: boolean;
  /** The last line it wrote to stderr, or why it could not start. */
  lastLine: string;
}

/** Runs `npx --yes lighthouse@<version> …args`, stopped (with its browser) after `timeoutMs`. */
function npxLighthouse(args: readonly string[], timeoutMs: number): Promise<Finished> {
  return new Promise((resolve) => {
    let stderr = '';
    let timedOut = false;
    const child = spawn('npx', ['--yes', `lighthouse@${LIGHTHOUSE_VERSION}`, ...args], {
      env: { ...process.env, CHROME_PATH: chromiumPath },
      // A group of its own, so a run stopped at its limit takes its Chromium with it.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    const done = (code: number | null, error?: Error) => {
      clearTimeout(timer);
      const lastLine = error?.message ?? stderr.trim().split('\n').at(-1) ?? '';
      resolve({ code, timedOut, lastLine });
    };
    child.on('error', (error) => done(null, error));
    child.on('close', (code, signal) => done(signal === null ? code : null));
  });
}

/**
 * Fetches Lighthouse into npx's cache (or finds it there). False, with the reason printed, when it
 * cannot be fetched in `FETCH_TIMEOUT_MS`.
 */
export async function fetchLighthouse(): Promise<boolean> {
  const started = performance.now();
  const { code, timedOut, lastLine } = await npxLighthouse(['--version'], FETCH_TIMEOUT_MS);
  if (code === 0) return true;
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `  Lighthouse ${LIGHTHOUSE_VERSION} could not be fetched with npx ${timedOut ? `in ${seconds} s` : `(${lastLine})`}. Is the npm registry reachable (\`npm view lighthouse@12 version\`)? The other figures stand; Lighthouse's are not measured.`,
  );
  return false;
}

/** Lighthouse's scores for `url`, or null when the run fails (the reason is printed). */
export async function lighthouse(url: string, formFactor: FormFactor): Promise<Scores | null> {
  const folder = mkdtempSync(join(tmpdir(), 'progression-lighthouse-'));
  const output = join(folder, 'report.json');
  try {
    const { code, timedOut, lastLine } = await npxLighthouse(
      [
        url,
        '--quiet',
        '--output=json',
        `--output-path=${output}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        `--chrome-flags=--headless=new ${chromiumArgs.join(' ')}`,
        ...(formFactor === 'desktop' ? ['--preset=desktop'] : []),
      ],
      RUN_TIMEOUT_MS,
    );
    if (code !== 0) {
      console.log(
        timedOut
          ? `  Lighthouse (${formFactor}) was stopped after ${RUN_TIMEOUT_MS / 60_000} minutes: ${lastLine}`
          : `  Lighthouse (${formFactor}) could not run: ${lastLine}`,
      );
      return null;
    }
    const report = JSON.parse(readFileSync(output, 'utf8')) as Report;
    const score = (id: string) => Math.round((report.categories[id]?.score ?? 0) * 100);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
