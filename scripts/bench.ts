/**
 * `npm run bench`: builds the app, then prints the first view's figures beside their targets and
 * writes them to `bench-results/latest.json` (the README's figures are copied from there):
 *
 * - the gzipped JS and total bytes the browser requests for the backend framework's page
 *   (targets 35 kB and 60 kB), and for the home page `/` and a second framework's page beside it;
 * - the cold-load time until the first criterion checkbox works, as a ratio to a floor page with
 *   the same criteria as plain static HTML, median of 7 at 1× and 4× CPU slowdown (target ≤ 1.2×),
 *   for the backend page and for a second framework's page (which should be no slower).
 *
 * It measures and prints; missing a target is not an error. It exits non-zero only when it could
 * not measure (no build, no browser, a page that never became usable).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium, type Browser } from '@playwright/test';
import { mergeBase } from '../src/lib/core/base-framework.ts';
import { parseFramework } from '../src/lib/core/framework.ts';
import type { Framework } from '../src/lib/core/model.ts';
import {
  chromiumArgs,
  chromiumPath,
  missingChromiumMessage,
} from '../tests/e2e/support/chromium.ts';
import { weighFirstView, type FirstViewWeight } from './bench/bytes.ts';
import { floorPage } from './bench/floor.ts';
import { coldLoad, type LoadTarget, type LoadTiming } from './bench/load.ts';
import { serveStatic } from './bench/server.ts';

const RUNS = 7;
const CPU_SLOWDOWNS = [1, 4];
/** 1 kB = 1000 bytes, as Vite reports sizes. */
const TARGETS = { jsBytes: 35_000, totalBytes: 60_000, loadRatio: 1.2 };
const FRAMEWORK_FILE = 'frameworks/monzo/engineering/backend.md';
/** A second shipped framework, larger than the backend one: its page must be no slower. */
const SECOND_FILE = 'frameworks/monzo/engineering/web.md';
const GENERIC_FILE = 'frameworks/monzo/generic.md';
const FLOOR_PATH = '/__bench/floor.html';
const SECOND_FLOOR_PATH = '/__bench/second-floor.html';
const RESULTS_FILE = 'bench-results/latest.json';

interface LoadFigures {
  cpuSlowdown: number;
  /** medians, ms */
  appMs: number;
  floorMs: number;
  ratio: number;
  app: LoadTiming[];
  floor: LoadTiming[];
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const verdict = (met: boolean) => (met ? 'meets' : 'MISSES');
const round = (value: number) => Math.round(value * 10) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** A shipped framework as its page shows it: Monzo's generic framework merged in. */
function loadFramework(file: string): Framework {
  const parse = (path: string) => {
    const result = parseFramework(readFileSync(path, 'utf8'), path);
    if (!result.ok) throw new Error(`${path} does not parse.`);
    return result.framework;
  };
  return mergeBase(parse(file), parse(GENERIC_FILE));
}

/** The first criterion a newcomer sees on a framework's page. */
function firstCriterion(framework: Framework, file: string): string {
  const firstLevel = framework.levels[0];
  const first = framework.topics
    .flatMap((topic) => topic.levels.find((entry) => entry.level === firstLevel)?.criteria ?? [])
    .at(0);
  if (!first) throw new Error(`${file} has no criteria.`);
  return first.text;
}

function build(): void {
  process.stdout.write('Building the app (npm run build)... ');
  const started = performance.now();
  const result = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
  if (result.status !== 0) {
    console.log('failed.');
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error('The build failed, so there is nothing to measure.');
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
}

function commit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim();
    return dirty === '' ? head : `${head} (with uncommitted changes)`;
  } catch {
    return null;
  }
}

function printWeight(weight: FirstViewWeight, path: string): void {
  console.log(
    `First usable view of ${path} (what the browser requested, each body gzipped at level 9)`,
  );
  const jsMet = weight.js <= TARGETS.jsBytes;
  const totalMet = weight.total <= TARGETS.totalBytes;
  console.log(
    `  JS     ${kB(weight.js).padStart(9)}   target ≤ ${kB(TARGETS.jsBytes)}   ${verdict(jsMet)}`,
  );
  console.log(
    `  Total  ${kB(weight.total).padStart(9)}   target ≤ ${kB(TARGETS.totalBytes)}   ${verdict(totalMet)}`,
  );
  for (const transfer of weight.transfers) {
    const type = transfer.contentType.split(';')[0] ?? '';
    console.log(
      `         ${kB(transfer.gzipBytes).padStart(9)}   ${transfer.path}  (${type}, ${kB(transfer.bytes)} uncompressed)`,
    );
  }
  if (weight.deferred.length > 0) {
    console.log('  Loaded after the view was usable, in the background:');
    for (const transfer of weight.deferred) {
      console.log(`         ${kB(transfer.gzipBytes).padStart(9)}   ${transfer.path}`);
    }
  }
  console.log('');
}

async function measureLoads(
  browser: Browser,
  app: LoadTarget,
  floor: LoadTarget,
  cpuSlowdown: number,
): Promise<LoadFigures> {
  // One discarded load of each first, then alternate the two so drift affects both alike.
  await coldLoad(browser, app, cpuSlowdown);
  await coldLoad(browser, floor, cpuSlowdown);
  const appRuns: LoadTiming[] = [];
  const floorRuns: LoadTiming[] = [];
  for (let run = 0; run < RUNS; run++) {
    appRuns.push(await coldLoad(browser, app, cpuSlowdown));
    floorRuns.push(await coldLoad(browser, floor, cpuSlowdown));
  }
  const appMs = median(appRuns.map((timing) => timing.workingMs));
  const floorMs = median(floorRuns.map((timing) => timing.workingMs));
  const figures: LoadFigures = {
    cpuSlowdown,
    appMs: round(appMs),
    floorMs: round(floorMs),
    ratio: Math.round((appMs / floorMs) * 100) / 100,
    app: appRuns.map(({ readyMs, workingMs }) => ({
      readyMs: round(readyMs),
      workingMs: round(workingMs),
    })),
    floor: floorRuns.map(({ readyMs, workingMs }) => ({
      readyMs: round(readyMs),
      workingMs: round(workingMs),
    })),
  };
  console.log(
    `  CPU ${cpuSlowdown}×   app ${ms(appMs).padStart(7)}   floor ${ms(floorMs).padStart(7)}   ` +
      `ratio ${figures.ratio.toFixed(2)}×   target ≤ ${TARGETS.loadRatio}×   ${verdict(figures.ratio <= TARGETS.loadRatio)}`,
  );
  return figures;
}

async function main(): Promise<void> {
  const missing = missingChromiumMessage();
  if (missing !== null) throw new Error(missing);
  build();

  const framework = loadFramework(FRAMEWORK_FILE);
  const second = loadFramework(SECOND_FILE);
  const server = await serveStatic('dist', {
    [FLOOR_PATH]: floorPage(framework),
    [SECOND_FLOOR_PATH]: floorPage(second),
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const load = loadavg()[0] ?? 0;
    console.log(
      `Chromium ${browser.version()}, Node ${process.version}, ${cpus().length} CPUs ` +
        `(load average ${load.toFixed(1)}), ${framework.criterionCount} criteria (${FRAMEWORK_FILE})`,
    );
    if (load > cpus().length)
      console.log('The machine is busy: the timings below are noisier than usual.');
    console.log('');
    const weight = await weighFirstView(browser, `${server.origin}/${framework.id}`);
    printWeight(weight, `/${framework.id}`);
    const home = await weighFirstView(browser, `${server.origin}/`);
    printWeight(home, '/ (the home page, for a newcomer)');
    const secondWeight = await weighFirstView(browser, `${server.origin}/${second.id}`);
    printWeight(secondWeight, `/${second.id} (${second.criterionCount} criteria)`);

    console.log(
      `Cold load until the first criterion checkbox works (median of ${RUNS}, a fresh context each;\n` +
        `floor: the same ${framework.criterionCount} criteria as plain checkboxes in static HTML)`,
    );
    const target = (url: string, criterionText: string, floor: boolean): LoadTarget => ({
      url,
      criterionText,
      effect: floor ? 'changed-mark' : 'level-count',
    });
    const app = target(
      `${server.origin}/${framework.id}`,
      firstCriterion(framework, FRAMEWORK_FILE),
      false,
    );
    const floor = target(
      `${server.origin}${FLOOR_PATH}`,
      firstCriterion(framework, FRAMEWORK_FILE),
      true,
    );
    const loads: LoadFigures[] = [];
    for (const cpuSlowdown of CPU_SLOWDOWNS) {
      loads.push(await measureLoads(browser, app, floor, cpuSlowdown));
    }
    console.log(
      `\nThe same for /${second.id}, against its own floor (${second.criterionCount} criteria)`,
    );
    const secondApp = target(
      `${server.origin}/${second.id}`,
      firstCriterion(second, SECOND_FILE),
      false,
    );
    const secondFloor = target(
      `${server.origin}${SECOND_FLOOR_PATH}`,
      firstCriterion(second, SECOND_FILE),
      true,
    );
    const secondLoads: LoadFigures[] = [];
    for (const cpuSlowdown of CPU_SLOWDOWNS) {
      secondLoads.push(await measureLoads(browser, secondApp, secondFloor, cpuSlowdown));
    }

    mkdirSync('bench-results', { recursive: true });
    const results = {
      date: new Date().toISOString(),
      commit: commit(),
      chromium: browser.version(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: round(loadavg()[0] ?? 0),
      framework: FRAMEWORK_FILE,
      firstView: {
        jsBytes: weight.js,
        totalBytes: weight.total,
        targets: { jsBytes: TARGETS.jsBytes, totalBytes: TARGETS.totalBytes },
        transfers: weight.transfers,
        deferred: weight.deferred,
      },
      coldLoad: { runs: RUNS, targetRatio: TARGETS.loadRatio, results: loads },
      home: { jsBytes: home.js, totalBytes: home.total, transfers: home.transfers },
      secondFramework: {
        framework: SECOND_FILE,
        jsBytes: secondWeight.js,
        totalBytes: secondWeight.total,
        coldLoad: secondLoads,
      },
    };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nWritten to ${RESULTS_FILE}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(`\nThe benchmark could not run: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
