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
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { mergeBase } from '../src/lib/core/base-framework.ts';
import {
  chromiumArgs,
  chromiumPath,
  missingChromiumMessage,
} from '../tests/e2e/support/chromium.ts';
import { weighLoadWindow } from './bench/bytes.ts';
import { floorPage } from './bench/floor.ts';
import { CATEGORIES, fetchLighthouse, lighthouse, type Scores } from './bench/lighthouse.ts';
import { firstPaintOnLoad } from './bench/load.ts';
import { serveStatic, type StaticServer } from './bench/server.ts';
import {
  compareClicks,
  compareTicks,
  reportRatio,
  RUNS,
  CPU_SLOWDOWNS,
  TARGETS,
  FRAMEWORK_FILE,
  GENERIC_FILE,
  FRAMEWORK_PATH,
  RETURNING_TICKS,
  RESULTS_FILE,
  ms,
  round,
  ratio,
  median,
  report,
  parse,
  build,
  commit,
  machine,
  appTarget,
  floorTarget,
  alternate,
  printWindow,
  lines,
} from './bench/common.ts';
import { nodeFigures } from './bench/node-figures.ts';
import {
  largeFigures,
  ownFrameworkFigures,
  restoreFigures,
  returningUser,
  secondFigures,
} from './bench/figures.ts';

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
      const ticks = await compareTicks(browser, app, floor, cpu);
      const domRatio = ratio(ticks.app.domMs, ticks.floor.domMs);
      const { paintRatio } = ticks;
      console.log(
        `  a tick on load reaches the counts (DOM): app ${ms(ticks.app.domMs)}, floor ${ms(ticks.floor.domMs)}, ${domRatio.toFixed(2)}×`,
      );
      reportRatio(
        `a tick on load reaches the counts, painted (app ${ms(ticks.app.paintedMs)}, floor ${ms(ticks.floor.paintedMs)})`,
        paintRatio,
        TARGETS.tickRatio,
      );

      const back = await alternate(
        RUNS,
        () => firstPaintOnLoad(browser, app, cpu, { storageState: returning.state }),
        () => firstPaintOnLoad(browser, floorReturning, cpu),
      );
      // Loads nobody touches: a click issued before anything is painted (as the tick on load above
      // does) is no person's, and its handling would be counted in the first paint it delays.
      // Every frame until half a second after the load event is judged.
      const wrongFrames = back.app.reduce(
        (sum, run) => sum + run.frames.filter((ticked) => ticked !== returning.shown).length,
        0,
      );
      const framesSeen = back.app.reduce((sum, run) => sum + run.frames.length, 0);
      const shownFirst = back.app.every((run) => run.frames[0] === returning.shown);
      report(
        `a returning user's ${RETURNING_TICKS} stored ticks in the first paint (${returning.shown} on the level shown; ${framesSeen} frames of ${RUNS} loads), frames with a wrong state`,
        `${shownFirst ? 'yes' : 'NO'}, ${wrongFrames}`,
        'yes, 0',
        shownFirst && wrongFrames === 0,
      );
      const appFcp = median(back.app.map((run) => run.fcpMs));
      const floorFcp = median(back.floor.map((run) => run.fcpMs));
      const fcpRatio = ratio(appFcp, floorFcp);
      reportRatio(
        `a returning user's first paint (app ${ms(appFcp)}, floor ${ms(floorFcp)})`,
        fcpRatio,
        TARGETS.firstPaintRatio,
      );

      const clicks = await compareClicks(browser, app, floor, cpu);
      reportRatio(
        `click → next paint once the app runs (app ${ms(clicks.appMs)}, floor ${ms(clicks.floorMs)})`,
        clicks.ratio,
        TARGETS.clickRatio,
        // The target is for a throttled CPU, where a phone is.
        cpu === 4 ? {} : { note: ' (the target is at 4×)', met: true },
      );
      loads.push({
        cpuSlowdown: cpu,
        newcomer: { app: ticks.app, floor: ticks.floor, domRatio, paintRatio },
        returning: {
          appFcpMs: round(appFcp),
          floorFcpMs: round(floorFcp),
          fcpRatio,
          shownFirst,
          wrongFrames,
        },
        clickToPaint: {
          appMs: round(clicks.appMs),
          floorMs: round(clicks.floorMs),
          ratio: clicks.ratio,
        },
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
