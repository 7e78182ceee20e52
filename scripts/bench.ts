/**
 * `npm run bench`: builds the app and prints every performance target of the first view beside
 * its figure, then writes them to `bench-results/latest.json` (the README's figures come from
 * there). The app and its floor pages (the same criteria as plain labelled checkboxes in static
 * HTML, with one tiny inline script that counts ticks) are measured in the same run, alternately,
 * medians of 7 cold loads each, with the machine's load printed beside them.
 *
 * It measures and prints; missing a target is not an error. It exits non-zero only when it could
 * not measure (no build, no browser, a page that never worked).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium, type Browser, type BrowserContextOptions } from '@playwright/test';
import { coverageData } from '../src/lib/core/coverage.ts';
import { describeSuggestion, explainSuggestion } from '../src/lib/core/explanation.ts';
import { mergeBase } from '../src/lib/core/base-framework.ts';
import { parseFramework } from '../src/lib/core/framework.ts';
import { allCriteria, type Criterion, type Framework } from '../src/lib/core/model.ts';
import type { CriterionState } from '../src/lib/core/progress.ts';
import { whatsNext } from '../src/lib/core/next-steps.ts';
import { levelTallies, suggestLevel, topicStandings } from '../src/lib/core/scoring.ts';
import {
  chromiumArgs,
  chromiumPath,
  missingChromiumMessage,
} from '../tests/e2e/support/chromium.ts';
import { weighLoadWindow, type LoadWindow } from './bench/bytes.ts';
import { floorPage } from './bench/floor.ts';
import { generatedFramework } from './bench/generate.ts';
import { CATEGORIES, fetchLighthouse, lighthouse, type Scores } from './bench/lighthouse.ts';
import {
  clickToPaint,
  heapInUse,
  tickOnLoad,
  type TickTarget,
  type TickTiming,
} from './bench/load.ts';
import { ownFrameworkLoads } from './bench/own-framework.ts';
import { largestBackup, loadTimes, restoreTimes } from './bench/restore.ts';
import { serveStatic, type StaticServer } from './bench/server.ts';

const RUNS = 7;
const CPU_SLOWDOWNS = [1, 4] as const;
/** 1 kB = 1000 bytes, as Vite reports sizes. */
const TARGETS = {
  tickRatio: 1.2,
  firstPaintRatio: 1.2,
  jsBytes: 35_000,
  totalBytes: 40_000,
  clickRatio: 1.2,
  largeRatio: 1.5,
  parseMs: 50,
  overviewMs: 200,
  heapBytes: 10_000_000,
  restoreMs: 5_000,
  restoreLoadRatio: 1.2,
  lighthouse: 100,
};
const FRAMEWORK_FILE = 'frameworks/monzo/engineering/backend.md';
const GENERIC_FILE = 'frameworks/monzo/generic.md';
const FRAMEWORK_PATH = '/engineering/backend';
/** A second shipped framework, to check that its page is no slower than the backend's. */
const SECOND_FILE = 'frameworks/monzo/engineering/web.md';
const SECOND_PATH = '/engineering/web';
const LARGE = 5_000;
const HUGE = 20_000;
const RETURNING_TICKS = 20;
const RESULTS_FILE = 'bench-results/latest.json';
const LARGE_FOLDER = 'bench-results/frameworks';
const LARGEST_BACKUP_FILE = 'bench-results/largest-backup.json';
/** Restores of the largest backup: each takes seconds, so fewer than the page loads. */
const RESTORE_RUNS = 3;

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const round = (value: number) => Math.round(value * 10) / 10;
const ratio = (app: number, floor: number) => Math.round((app / floor) * 100) / 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** One line of the summary: a figure beside its target. */
interface Line {
  figure: string;
  value: string;
  target: string;
  met: boolean;
}
const lines: Line[] = [];
function report(figure: string, value: string, target: string, met: boolean): void {
  lines.push({ figure, value, target, met });
  console.log(`  ${figure}: ${value}   target ${target}   ${met ? 'meets' : 'MISSES'}`);
}

function parse(text: string, origin: string): Framework {
  const result = parseFramework(text, origin);
  if (!result.ok) throw new Error(`${origin} does not parse: ${result.problems[0]?.message ?? ''}`);
  return result.framework;
}

function build(env: NodeJS.ProcessEnv = {}): void {
  process.stdout.write('Building the app (npm run build)... ');
  const started = performance.now();
  const result = spawnSync('npm', ['run', 'build'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    console.log('failed.');
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error('The build failed, so there is nothing to measure.');
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
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

function machine(): string {
  return `load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} CPUs`;
}

/** The first criterion of the first level, as the page shows it first. */
function firstCriterion(framework: Framework): Criterion {
  const level = framework.levels[0];
  const first = framework.topics
    .flatMap((topic) => topic.levels.find((entry) => entry.level === level)?.criteria ?? [])
    .at(0);
  if (!first) throw new Error(`${framework.id} has no criteria.`);
  return first;
}

const appTarget = (url: string, framework: Framework): TickTarget => ({
  url,
  criterionText: firstCriterion(framework).text,
  countSelector: 'nav[aria-label="Levels"] a .count',
  readySelector: 'html',
});
const floorTarget = (url: string, framework: Framework): TickTarget => ({
  url,
  criterionText: firstCriterion(framework).text,
  countSelector: 'section[data-level] .count',
  readySelector: null,
});

/** `RUNS` cold loads of each, alternating (after one discarded load of each) so drift hits both. */
async function alternate<T>(
  runs: number,
  app: () => Promise<T>,
  floor: () => Promise<T>,
): Promise<{ app: T[]; floor: T[] }> {
  await app();
  await floor();
  const result: { app: T[]; floor: T[] } = { app: [], floor: [] };
  for (let run = 0; run < runs; run++) {
    result.app.push(await app());
    result.floor.push(await floor());
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

/** Parse and validate time of a generated framework in Node (median of RUNS), and the model. */
function nodeFigures() {
  console.log(`\nIn Node ${process.version} (${machine()})`);
  const large = generatedFramework(LARGE);
  parse(large, 'generated.md');
  const parseTimes = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    parse(large, 'generated.md');
    return performance.now() - started;
  });
  const parseMs = median(parseTimes);
  report(
    `parse and validate ${LARGE.toLocaleString('en')} criteria`,
    ms(parseMs),
    `≤ ${TARGETS.parseMs} ms`,
    parseMs <= TARGETS.parseMs,
  );

  // The overview's work, as Overview.svelte and the assessment derive it: tallies, suggestion,
  // standings, the explanation, what's next and the coverage of every topic.
  const huge = parse(generatedFramework(HUGE), 'huge.md');
  const states = new Map<string, CriterionState>();
  allCriteria(huge).forEach((criterion, index) => {
    if (criterion.level <= 2 || index % 3 === 0) states.set(criterion.id, 'demonstrated');
  });
  const lookup = (id: string): CriterionState => states.get(id) ?? 'not-yet';
  const overviewTimes = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    const tallies = levelTallies(huge, lookup);
    const suggestion = suggestLevel(tallies, 80);
    const standings = topicStandings(huge, lookup, 80);
    describeSuggestion(explainSuggestion(tallies, 80));
    whatsNext(huge, lookup, 80, null);
    coverageData(huge, tallies, standings, suggestion);
    return performance.now() - started;
  });
  const overviewMs = median(overviewTimes);
  report(
    `overview (level, explanation, what's next, coverage) at ${HUGE.toLocaleString('en')} criteria`,
    ms(overviewMs),
    `≤ ${TARGETS.overviewMs} ms`,
    overviewMs <= TARGETS.overviewMs,
  );
  return { parseMs: round(parseMs), overviewMs: round(overviewMs) };
}

/** IndexedDB and the first-view mirror of a returning user with `RETURNING_TICKS` ticks. */
async function returningUser(
  browser: Browser,
  origin: string,
  framework: Framework,
): Promise<{
  state: NonNullable<BrowserContextOptions['storageState']>;
  ticked: Set<string>;
  shown: number;
}> {
  const firstLevel = framework.levels[0];
  const ticked = allCriteria(framework)
    .sort((a, b) => a.level - b.level)
    .slice(0, RETURNING_TICKS);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}${FRAMEWORK_PATH}`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    const updatedAt = new Date().toISOString();
    await page.evaluate(
      async (records) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('progression');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        await new Promise<void>((resolve, reject) => {
          const transaction = db.transaction('records', 'readwrite');
          for (const record of records)
            transaction
              .objectStore('records')
              .put(record, ['progress', record.frameworkId, record.criterionId]);
          transaction.oncomplete = () => resolve();
          transaction.onerror = () => reject(transaction.error);
        });
        db.close();
      },
      ticked.map((criterion) => ({
        v: 1,
        frameworkId: framework.id,
        criterionId: criterion.id,
        state: 'demonstrated',
        updatedAt,
        topic: criterion.topic,
        level: criterion.level,
        text: criterion.text,
      })),
    );
    // The app reads them and writes the mirror the next first paint uses.
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await page.waitForFunction(
      (key) =>
        (JSON.parse(localStorage.getItem(key) ?? '{}') as { ticked?: string[] }).ticked?.length,
      `progression.first-view:${framework.id}`,
    );
    const state = await context.storageState({ indexedDB: true });
    return {
      state,
      ticked: new Set(ticked.map((criterion) => criterion.id)),
      shown: ticked.filter((criterion) => criterion.level === firstLevel).length,
    };
  } finally {
    await context.close();
  }
}

function printWindow(title: string, window: LoadWindow): void {
  console.log(`  ${title}: ${window.transfers.length} requests`);
  for (const transfer of window.transfers) {
    const type = transfer.contentType.split(';')[0] ?? '';
    console.log(
      `    ${kB(transfer.gzipBytes).padStart(9)}  at ${ms(transfer.startMs).padStart(7)}  ${transfer.path}  (${type})`,
    );
  }
  report(
    `${title}: gzipped JS of the load window`,
    kB(window.js),
    `≤ ${kB(TARGETS.jsBytes)} (none is ideal)`,
    window.js <= TARGETS.jsBytes,
  );
  report(
    `${title}: all bytes of the load window, gzipped`,
    kB(window.total),
    `≤ ${kB(TARGETS.totalBytes)}`,
    window.total <= TARGETS.totalBytes,
  );
}

const summariseTicks = (runs: TickTiming[]) => ({
  fcpMs: round(median(runs.map((run) => run.fcpMs))),
  domMs: round(median(runs.map((run) => run.domMs))),
  paintedMs: round(median(runs.map((run) => run.paintedMs))),
});

async function largeFigures(browser: Browser) {
  console.log(
    `\nA generated framework of ${LARGE.toLocaleString('en')} criteria, shipped in a build of its own`,
  );
  rmSync(LARGE_FOLDER, { recursive: true, force: true });
  cpSync('frameworks', LARGE_FOLDER, { recursive: true });
  writeFileSync(`${LARGE_FOLDER}/generated-${LARGE}.md`, generatedFramework(LARGE));
  build({ PROGRESSION_FRAMEWORKS: LARGE_FOLDER });
  const framework = parse(generatedFramework(LARGE), 'generated.md');
  const floorPath = '/__bench/floor-large.html';
  const server = await serveStatic('dist', { [floorPath]: floorPage(framework) });
  try {
    const app = appTarget(`${server.origin}/${framework.id}`, framework);
    const floor = floorTarget(`${server.origin}${floorPath}`, framework);
    const results = [];
    for (const cpu of CPU_SLOWDOWNS) {
      const ticks = await alternate(
        RUNS,
        () => tickOnLoad(browser, app, cpu),
        () => tickOnLoad(browser, floor, cpu),
      );
      const appTicks = summariseTicks(ticks.app);
      const floorTicks = summariseTicks(ticks.floor);
      const tickRatio = ratio(appTicks.paintedMs, floorTicks.paintedMs);
      console.log(`  CPU ${cpu}× (${machine()})`);
      report(
        `${LARGE} criteria, a tick on load reaches the counts, painted (app ${ms(appTicks.paintedMs)}, floor ${ms(floorTicks.paintedMs)})`,
        `${tickRatio.toFixed(2)}×`,
        `≤ ${TARGETS.largeRatio}×`,
        tickRatio <= TARGETS.largeRatio,
      );
      const clicks = await alternate(
        RUNS,
        () => clickToPaint(browser, app, cpu),
        () => clickToPaint(browser, floor, cpu),
      );
      const clickApp = median(clicks.app);
      const clickFloor = median(clicks.floor);
      const clickRatio = ratio(clickApp, clickFloor);
      report(
        `${LARGE} criteria, click → next paint once the app runs (app ${ms(clickApp)}, floor ${ms(clickFloor)})`,
        `${clickRatio.toFixed(2)}×`,
        `≤ ${TARGETS.largeRatio}×`,
        clickRatio <= TARGETS.largeRatio,
      );
      results.push({
        cpuSlowdown: cpu,
        app: appTicks,
        floor: floorTicks,
        tickRatio,
        clickMs: { app: round(clickApp), floor: round(clickFloor) },
        clickRatio,
      });
    }
    const heaps = [];
    for (let run = 0; run < 3; run++) heaps.push(await heapInUse(browser, app));
    const heap = median(heaps);
    report(
      `JS heap with the ${LARGE}-criterion framework open`,
      `${(heap / 1e6).toFixed(1)} MB`,
      `≤ ${TARGETS.heapBytes / 1e6} MB`,
      heap <= TARGETS.heapBytes,
    );
    return { criteria: LARGE, results, heapBytes: heap };
  } finally {
    await server.close();
    rmSync(LARGE_FOLDER, { recursive: true, force: true });
  }
}

/**
 * A tick on load on a second shipped framework's page, against its own floor page, at 1× CPU:
 * every framework's page is built the same way, and this checks that another one is no slower
 * than the backend's (`backendRatio`).
 */
async function secondFigures(browser: Browser, server: StaticServer, backendRatio: number) {
  const framework = mergeBase(
    parse(readFileSync(SECOND_FILE, 'utf8'), SECOND_FILE),
    parse(readFileSync(GENERIC_FILE, 'utf8'), GENERIC_FILE),
  );
  server.setPage('/__bench/floor-second.html', floorPage(framework));
  console.log(`
${SECOND_PATH} (${allCriteria(framework).length} criteria), CPU 1× (${machine()})`);
  const ticks = await alternate(
    RUNS,
    () => tickOnLoad(browser, appTarget(`${server.origin}${SECOND_PATH}`, framework), 1),
    () =>
      tickOnLoad(browser, floorTarget(`${server.origin}/__bench/floor-second.html`, framework), 1),
  );
  const app = summariseTicks(ticks.app);
  const floor = summariseTicks(ticks.floor);
  const paintRatio = ratio(app.paintedMs, floor.paintedMs);
  report(
    `${SECOND_PATH}: a tick on load reaches the counts, painted (app ${ms(app.paintedMs)}, floor ${ms(floor.paintedMs)}; ${FRAMEWORK_PATH} ${backendRatio.toFixed(2)}×)`,
    `${paintRatio.toFixed(2)}×`,
    `≤ ${TARGETS.tickRatio}×, no slower than ${FRAMEWORK_PATH}`,
    paintRatio <= Math.max(TARGETS.tickRatio, backendRatio * 1.1),
  );
  return { path: SECOND_PATH, app, floor, paintRatio };
}

/**
 * A returning user's page load with a framework of their own of `LARGE` criteria: whether it
 * starts the parser (the app keeps the parsed model beside the file), against loads that parse
 * the file because its model was deleted, as every load did before.
 */
async function ownFrameworkFigures(browser: Browser, origin: string) {
  const text = generatedFramework(LARGE);
  const framework = parse(text, 'generated.md');
  console.log(
    `\nA returning user's own framework of ${LARGE.toLocaleString('en')} criteria, CPU 1× (${machine()})`,
  );
  const loads = await ownFrameworkLoads({
    browser,
    origin,
    addFrom: FRAMEWORK_PATH,
    text,
    id: framework.id,
    title: framework.title,
    runs: RUNS,
  });
  const kept = median(loads.kept.map((run) => run.ms));
  const parsed = median(loads.parsed.map((run) => run.ms));
  const started = loads.kept.filter((run) => run.workers > 0).length;
  report(
    `opening it: loads that start the parser (shown in ${ms(kept)}; ${ms(parsed)} when it parses)`,
    `${started} of ${loads.kept.length}`,
    'none (keep the parsed model)',
    started === 0,
  );
  return {
    criteria: LARGE,
    keptMs: round(kept),
    parsedMs: round(parsed),
    loadsStartingTheParser: started,
    parsedLoadsStartingTheParser: loads.parsed.filter((run) => run.workers > 0).length,
  };
}

/**
 * The largest backup the app accepts (its records all progress to re-attach), restored through
 * Your data, and later page loads with it against loads with nothing stored.
 */
async function restoreFigures(browser: Browser, origin: string) {
  const backup = largestBackup(FRAMEWORK_PATH.slice(1));
  const megabytes = `${(backup.text.length / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `\nThe largest backup the app accepts: ${backup.records.toLocaleString('en')} records on criteria ${FRAMEWORK_PATH} does not have, ${megabytes} (${machine()})`,
  );
  writeFileSync(LARGEST_BACKUP_FILE, backup.text);
  try {
    // The address names a level, so the app starts at once rather than when the browser is idle.
    const url = `${origin}${FRAMEWORK_PATH}?level=1`;
    const runs = { browser, url, backup: LARGEST_BACKUP_FILE };
    const restoreMs = median(await restoreTimes({ ...runs, runs: RESTORE_RUNS }));
    report(
      `restore it, from choosing the file until the page says so (median of ${RESTORE_RUNS})`,
      ms(restoreMs),
      `≤ ${TARGETS.restoreMs.toLocaleString('en')} ms`,
      restoreMs <= TARGETS.restoreMs,
    );
    const loads = await loadTimes({ ...runs, runs: RUNS });
    const withBackup = median(loads.withBackup);
    const without = median(loads.without);
    const loadRatio = ratio(withBackup, without);
    report(
      `a later page load until the app is ready (with it ${ms(withBackup)}, with nothing stored ${ms(without)})`,
      `${loadRatio.toFixed(2)}×`,
      `≤ ${TARGETS.restoreLoadRatio}×`,
      loadRatio <= TARGETS.restoreLoadRatio,
    );
    return {
      records: backup.records,
      bytes: backup.text.length,
      restoreMs: round(restoreMs),
      loadMs: { withBackup: round(withBackup), without: round(without) },
      loadRatio,
    };
  } finally {
    rmSync(LARGEST_BACKUP_FILE, { force: true });
  }
}

async function main(): Promise<void> {
  const missing = missingChromiumMessage();
  if (missing !== null) throw new Error(missing);
  const node = nodeFigures();

  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  let server: StaticServer | null = null;
  try {
    console.log(`\nChromium ${browser.version()}, ${machine()}`);
    const large = await largeFigures(browser);

    console.log(`\nThe shipped build, ${FRAMEWORK_PATH} (${FRAMEWORK_FILE}) and /`);
    build();
    // As its page shows it: Monzo's generic framework merged in.
    const framework = mergeBase(
      parse(readFileSync(FRAMEWORK_FILE, 'utf8'), FRAMEWORK_FILE),
      parse(readFileSync(GENERIC_FILE, 'utf8'), GENERIC_FILE),
    );
    server = await serveStatic('dist', { '/__bench/floor.html': floorPage(framework) });
    const returning = await returningUser(browser, server.origin, framework);
    server.setPage('/__bench/floor-returning.html', floorPage(framework, returning.ticked));

    console.log(
      `\nLoad windows (every response until the network is idle for 500 ms; ${machine()})`,
    );
    const windows = {
      newcomer: await weighLoadWindow(browser, `${server.origin}${FRAMEWORK_PATH}`),
      returning: await weighLoadWindow(browser, `${server.origin}${FRAMEWORK_PATH}`, {
        storageState: returning.state,
      }),
      home: await weighLoadWindow(browser, `${server.origin}/`),
    };
    printWindow(`${FRAMEWORK_PATH}, newcomer`, windows.newcomer);
    printWindow(`${FRAMEWORK_PATH}, returning user`, windows.returning);
    printWindow('/, newcomer', windows.home);

    const app = appTarget(`${server.origin}${FRAMEWORK_PATH}`, framework);
    const floor = floorTarget(`${server.origin}/__bench/floor.html`, framework);
    const floorReturning = floorTarget(`${server.origin}/__bench/floor-returning.html`, framework);
    const loads = [];
    for (const cpu of CPU_SLOWDOWNS) {
      console.log(
        `\nCPU ${cpu}×: medians of ${RUNS} cold loads, app and floor alternately (${machine()})`,
      );
      const ticks = await alternate(
        RUNS,
        () => tickOnLoad(browser, app, cpu),
        () => tickOnLoad(browser, floor, cpu),
      );
      const appTicks = summariseTicks(ticks.app);
      const floorTicks = summariseTicks(ticks.floor);
      const domRatio = ratio(appTicks.domMs, floorTicks.domMs);
      const paintRatio = ratio(appTicks.paintedMs, floorTicks.paintedMs);
      console.log(
        `  a tick on load reaches the counts (DOM): app ${ms(appTicks.domMs)}, floor ${ms(floorTicks.domMs)}, ${domRatio.toFixed(2)}×`,
      );
      report(
        `a tick on load reaches the counts, painted (app ${ms(appTicks.paintedMs)}, floor ${ms(floorTicks.paintedMs)})`,
        `${paintRatio.toFixed(2)}×`,
        `≤ ${TARGETS.tickRatio}×`,
        paintRatio <= TARGETS.tickRatio,
      );

      const back = await alternate(
        RUNS,
        () => tickOnLoad(browser, app, cpu, { storageState: returning.state }),
        () => tickOnLoad(browser, floorReturning, cpu),
      );
      const wrongFrames = back.app.reduce(
        (sum, run) => sum + run.frames.filter((ticked) => ticked !== returning.shown).length,
        0,
      );
      const shownFirst = back.app.every((run) => run.frames[0] === returning.shown);
      report(
        `a returning user's ${RETURNING_TICKS} stored ticks in the first paint (${returning.shown} on the level shown), frames with a wrong state over ${RUNS} loads`,
        `${shownFirst ? 'yes' : 'NO'}, ${wrongFrames}`,
        'yes, 0',
        shownFirst && wrongFrames === 0,
      );
      const appFcp = median(back.app.map((run) => run.fcpMs));
      const floorFcp = median(back.floor.map((run) => run.fcpMs));
      const fcpRatio = ratio(appFcp, floorFcp);
      report(
        `a returning user's first paint (app ${ms(appFcp)}, floor ${ms(floorFcp)})`,
        `${fcpRatio.toFixed(2)}×`,
        `≤ ${TARGETS.firstPaintRatio}×`,
        fcpRatio <= TARGETS.firstPaintRatio,
      );

      const clicks = await alternate(
        RUNS,
        () => clickToPaint(browser, app, cpu),
        () => clickToPaint(browser, floor, cpu),
      );
      const clickApp = median(clicks.app);
      const clickFloor = median(clicks.floor);
      const clickRatio = ratio(clickApp, clickFloor);
      report(
        `click → next paint once the app runs (app ${ms(clickApp)}, floor ${ms(clickFloor)})`,
        `${clickRatio.toFixed(2)}×`,
        `≤ ${TARGETS.clickRatio}×${cpu === 4 ? '' : ' (the target is at 4×)'}`,
        cpu !== 4 || clickRatio <= TARGETS.clickRatio,
      );
      loads.push({
        cpuSlowdown: cpu,
        newcomer: { app: appTicks, floor: floorTicks, domRatio, paintRatio },
        returning: {
          appFcpMs: round(appFcp),
          floorFcpMs: round(floorFcp),
          fcpRatio,
          shownFirst,
          wrongFrames,
        },
        clickToPaint: { appMs: round(clickApp), floorMs: round(clickFloor), ratio: clickRatio },
      });
    }

    const second = await secondFigures(browser, server, loads[0]!.newcomer.paintRatio);
    const own = await ownFrameworkFigures(browser, server.origin);

    mkdirSync('bench-results', { recursive: true });
    const restore = await restoreFigures(browser, server.origin);

    console.log(`\nLighthouse 12 on ${FRAMEWORK_PATH}, newcomer (${machine()})`);
    const scores: Partial<Record<'mobile' | 'desktop', Scores | null>> = {};
    const fetched = await fetchLighthouse();
    for (const formFactor of ['mobile', 'desktop'] as const) {
      const result = fetched
        ? await lighthouse(`${server.origin}${FRAMEWORK_PATH}`, formFactor)
        : null;
      scores[formFactor] = result;
      if (result)
        for (const category of CATEGORIES)
          report(
            `Lighthouse ${formFactor} ${category}`,
            String(result[category]),
            `${TARGETS.lighthouse}`,
            result[category] >= TARGETS.lighthouse,
          );
    }

    const met = lines.filter((line) => line.met).length;
    console.log(`\n${met} of ${lines.length} targets met.`);
    mkdirSync('bench-results', { recursive: true });
    const results = {
      date: new Date().toISOString(),
      commit: commit(),
      chromium: browser.version(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: round(loadavg()[0] ?? 0),
      runs: RUNS,
      targets: TARGETS,
      summary: lines,
      nodeFigures: node,
      windows,
      loads,
      large,
      second,
      own,
      restore,
      lighthouse: scores,
    };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`Written to ${RESULTS_FILE}`);
  } finally {
    await browser.close();
    await server?.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(`\nThe benchmark could not run: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
