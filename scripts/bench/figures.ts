/**
 * The figures measured in the browser beside the main ones: a returning user, the
 * 5,000-criterion framework, a second framework, a user's own framework and the largest backup.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Browser, type BrowserContextOptions } from '@playwright/test';
import { mergeBase } from '../../src/lib/core/base-framework.ts';
import { allCriteria, type Framework } from '../../src/lib/core/model.ts';
import { floorPage } from './floor.ts';
import { generatedFramework } from './generate.ts';
import { heapInUse, untilAppReady } from './load.ts';
import { ownFrameworkLoads } from './own-framework.ts';
import { largestBackup, loadTimes, restoreTimes } from './restore.ts';
import { progressEntry, putStoredValues } from '../../tests/e2e/support/app.ts';
import { serveStatic, type StaticServer } from './server.ts';
import {
  compareClicks,
  compareTicks,
  reportRatio,
  RUNS,
  CPU_SLOWDOWNS,
  TARGETS,
  GENERIC_FILE,
  FRAMEWORK_PATH,
  SECOND_FILE,
  SECOND_PATH,
  LARGE,
  RETURNING_TICKS,
  LARGE_FOLDER,
  LARGEST_BACKUP_FILE,
  RESTORE_RUNS,
  ms,
  round,
  ratio,
  median,
  report,
  parse,
  build,
  machine,
  appTarget,
  floorTarget,
} from './common.ts';

/** IndexedDB and the first-view mirror of a returning user with `RETURNING_TICKS` ticks. */
export async function returningUser(
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
    await untilAppReady(page);
    const updatedAt = new Date().toISOString();
    await putStoredValues(
      page,
      ticked.map((criterion) =>
        progressEntry(criterion, { state: 'demonstrated', updatedAt }, framework.id),
      ),
    );
    // The app reads them and writes the mirror the next first paint uses.
    await page.reload();
    await untilAppReady(page);
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

export async function largeFigures(browser: Browser) {
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
      const ticks = await compareTicks(browser, app, floor, cpu);
      console.log(`  CPU ${cpu}× (${machine()})`);
      reportRatio(
        `${LARGE} criteria, a tick on load reaches the counts, painted (app ${ms(ticks.app.paintedMs)}, floor ${ms(ticks.floor.paintedMs)})`,
        ticks.paintRatio,
        TARGETS.largeRatio,
      );
      const clicks = await compareClicks(browser, app, floor, cpu);
      reportRatio(
        `${LARGE} criteria, click → next paint once the app runs (app ${ms(clicks.appMs)}, floor ${ms(clicks.floorMs)})`,
        clicks.ratio,
        TARGETS.largeRatio,
      );
      results.push({
        cpuSlowdown: cpu,
        app: ticks.app,
        floor: ticks.floor,
        tickRatio: ticks.paintRatio,
        clickMs: { app: round(clicks.appMs), floor: round(clicks.floorMs) },
        clickRatio: clicks.ratio,
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
export async function secondFigures(browser: Browser, server: StaticServer, backendRatio: number) {
  const framework = mergeBase(
    parse(readFileSync(SECOND_FILE, 'utf8'), SECOND_FILE),
    parse(readFileSync(GENERIC_FILE, 'utf8'), GENERIC_FILE),
  );
  server.setPage('/__bench/floor-second.html', floorPage(framework));
  console.log(`
${SECOND_PATH} (${allCriteria(framework).length} criteria), CPU 1× (${machine()})`);
  const { app, floor, paintRatio } = await compareTicks(
    browser,
    appTarget(`${server.origin}${SECOND_PATH}`, framework),
    floorTarget(`${server.origin}/__bench/floor-second.html`, framework),
    1,
  );
  reportRatio(
    `${SECOND_PATH}: a tick on load reaches the counts, painted (app ${ms(app.paintedMs)}, floor ${ms(floor.paintedMs)}; ${FRAMEWORK_PATH} ${backendRatio.toFixed(2)}×)`,
    paintRatio,
    TARGETS.tickRatio,
    {
      note: `, no slower than ${FRAMEWORK_PATH}`,
      met: paintRatio <= Math.max(TARGETS.tickRatio, backendRatio * 1.1),
    },
  );
  return { path: SECOND_PATH, app, floor, paintRatio };
}

/**
 * A returning user's page load with a framework of their own of `LARGE` criteria: whether it
 * starts the parser (the app keeps the parsed model beside the file), against loads that parse
 * the file because its model was deleted, as every load did before.
 */
export async function ownFrameworkFigures(browser: Browser, origin: string) {
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
export async function restoreFigures(browser: Browser, origin: string) {
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
    reportRatio(
      `a later page load until the app is ready (with it ${ms(withBackup)}, with nothing stored ${ms(without)})`,
      loadRatio,
      TARGETS.restoreLoadRatio,
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
