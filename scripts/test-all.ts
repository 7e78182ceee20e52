/**
 * `npm test`: every suite in turn (unit and component tests, the production build, the browser
 * tests), each one run even when the one before failed, then one totals line over all of them as
 * the last line of output: `N passed, N failed` (`, N skipped` when some were).
 *
 * Exits non-zero when any test failed or any step could not run. A suite that crashes, or fails
 * without naming a failed test, counts as one failure: never as "0 failed".
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  /** Why the suite counts a failure beyond its failed tests, if it does. */
  note?: string;
}

/** The parts of Vitest's JSON report read here. */
interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

/** The parts of Playwright's JSON report read here. */
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors: unknown[];
}

const bin = resolve('node_modules/.bin');
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
const reports = mkdtempSync(join(tmpdir(), 'progression-tests-'));

/** Runs a command with the console as its output; resolves to its exit code (1 if it could not start). */
function run(command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** A suite whose exit code says it failed counts at least one failure, whatever it reported. */
function settle(tally: Tally, exitCode: number): Tally {
  if (exitCode !== 0 && tally.failed === 0) {
    return {
      ...tally,
      failed: 1,
      note: tally.note ?? `exited with code ${exitCode} without a failed test`,
    };
  }
  return tally;
}

function heading(title: string): void {
  console.log(`\n=== ${title} ===\n`);
}

async function unitTests(): Promise<Tally> {
  heading('unit and component tests (vitest)');
  const file = join(reports, 'vitest.json');
  const exitCode = await run('vitest', [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ]);
  const report = readJson<VitestReport>(file);
  if (!report) return { passed: 0, failed: 1, skipped: 0, note: 'crashed: no report' };
  // A test file that fails to load has no failed test, only a failed status.
  const brokenFiles = report.testResults.filter(
    (result) =>
      result.status === 'failed' &&
      !result.assertionResults.some((assertion) => assertion.status === 'failed'),
  ).length;
  return settle(
    {
      passed: report.numPassedTests,
      failed: report.numFailedTests + brokenFiles,
      skipped: report.numPendingTests + report.numTodoTests,
      ...(brokenFiles > 0 ? { note: `${brokenFiles} test file(s) could not run` } : {}),
    },
    exitCode,
  );
}

async function build(): Promise<Tally> {
  heading('production build');
  const exitCode = await run('npm', ['run', 'build']);
  return exitCode === 0
    ? { passed: 0, failed: 0, skipped: 0 }
    : { passed: 0, failed: 1, skipped: 0, note: `failed with code ${exitCode}` };
}

async function browserTests(): Promise<Tally> {
  heading('browser tests (playwright)');
  const file = join(reports, 'playwright.json');
  const exitCode = await run('playwright', ['test'], { PROGRESSION_E2E_JSON: file });
  const report = readJson<PlaywrightReport>(file);
  if (!report) return { passed: 0, failed: 1, skipped: 0, note: 'could not run: no report' };
  const { expected, unexpected, flaky, skipped } = report.stats;
  // Errors outside any test (a broken config, a server that did not start) fail the suite too.
  const errors = report.errors.length;
  return settle(
    {
      passed: expected + flaky,
      failed: unexpected + (unexpected === 0 && errors > 0 ? 1 : 0),
      skipped,
      ...(errors > 0 ? { note: `${errors} error(s) outside the tests` } : {}),
    },
    exitCode,
  );
}

function describe(tally: Tally): string {
  const skipped = tally.skipped > 0 ? `, ${tally.skipped} skipped` : '';
  return `${tally.passed} passed, ${tally.failed} failed${skipped}`;
}

const suites: [string, Tally][] = [];
suites.push(['unit', await unitTests()]);
suites.push(['build', await build()]);
suites.push(['browser', await browserTests()]);
rmSync(reports, { recursive: true, force: true });

const total: Tally = { passed: 0, failed: 0, skipped: 0 };
console.log('');
for (const [name, tally] of suites) {
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  const summary = name === 'build' ? (tally.failed === 0 ? 'ok' : 'FAILED') : describe(tally);
  console.log(`${name}: ${summary}${tally.note ? ` (${tally.note})` : ''}`);
}
console.log(describe(total));
process.exitCode = total.failed > 0 ? 1 : 0;
