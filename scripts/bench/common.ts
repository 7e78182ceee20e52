/**
 * What every part of the bench shares: its targets and settings, the figures as printed, and
 * small helpers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseFramework } from '../../src/lib/core/framework.ts';
import type { Criterion, Framework } from '../../src/lib/core/model.ts';
import type { LoadWindow } from './bytes.ts';
import type { Browser } from '@playwright/test';
import { clickToPaint, tickOnLoad, type TickTarget, type TickTiming } from './load.ts';

export const RUNS = 7;
export const CPU_SLOWDOWNS = [1, 4] as const;
/** 1 kB = 1000 bytes, as Vite reports sizes. */
export const TARGETS = {
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
export const FRAMEWORK_FILE = 'frameworks/monzo/engineering/backend.md';
export const GENERIC_FILE = 'frameworks/monzo/generic.md';
export const FRAMEWORK_PATH = '/engineering/backend';
/** A second shipped framework, to check that its page is no slower than the backend's. */
export const SECOND_FILE = 'frameworks/monzo/engineering/web.md';
export const SECOND_PATH = '/engineering/web';
export const LARGE = 5_000;
export const HUGE = 20_000;
export const RETURNING_TICKS = 20;
export const RESULTS_FILE = 'bench-results/latest.json';
export const LARGE_FOLDER = 'bench-results/frameworks';
export const LARGEST_BACKUP_FILE = 'bench-results/largest-backup.json';
/** Restores of the largest backup: each takes seconds, so fewer than the page loads. */
export const RESTORE_RUNS = 3;

export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
export const ms = (value: number) => `${value.toFixed(0)} ms`;
export const round = (value: number) => Math.round(value * 10) / 10;
export const ratio = (app: number, floor: number) => Math.round((app / floor) * 100) / 100;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** One line of the summary: a figure beside its target. */
export interface Line {
  figure: string;
  value: string;
  target: string;
  met: boolean;
}
export const lines: Line[] = [];
export function report(figure: string, value: string, target: string, met: boolean): void {
  lines.push({ figure, value, target, met });
  console.log(`  ${figure}: ${value}   target ${target}   ${met ? 'meets' : 'MISSES'}`);
}

/**
 * Reports an app / floor ratio against its target (`≤ target×`, and `note` after it); met when
 * at most the target unless `met` says otherwise.
 */
export function reportRatio(
  figure: string,
  value: number,
  target: number,
  { note = '', met = value <= target }: { note?: string; met?: boolean } = {},
): void {
  report(figure, `${value.toFixed(2)}×`, `≤ ${target}×${note}`, met);
}

export function parse(text: string, origin: string): Framework {
  const result = parseFramework(text, origin);
  if (!result.ok) throw new Error(`${origin} does not parse: ${result.problems[0]?.message ?? ''}`);
  return result.framework;
}

export function build(env: NodeJS.ProcessEnv = {}): void {
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

export function commit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim();
    return dirty === '' ? head : `${head} (with uncommitted changes)`;
  } catch {
    return null;
  }
}

export function machine(): string {
  return `load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} CPUs`;
}

/** The first criterion of the first level, as the page shows it first. */
export function firstCriterion(framework: Framework): Criterion {
  const level = framework.levels[0];
  const first = framework.topics
    .flatMap((topic) => topic.levels.find((entry) => entry.level === level)?.criteria ?? [])
    .at(0);
  if (!first) throw new Error(`${framework.id} has no criteria.`);
  return first;
}

export const appTarget = (url: string, framework: Framework): TickTarget => ({
  url,
  criterionText: firstCriterion(framework).text,
  countSelector: 'nav[aria-label="Levels"] a .count',
  isApp: true,
});
export const floorTarget = (url: string, framework: Framework): TickTarget => ({
  url,
  criterionText: firstCriterion(framework).text,
  countSelector: 'section[data-level] .count',
  isApp: false,
});

/** `RUNS` cold loads of each, alternating (after one discarded load of each) so drift hits both. */
export async function alternate<T>(
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

/** Prints a load window's requests and reports its two byte figures. */
export function printWindow(title: string, window: LoadWindow): void {
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

export const summariseTicks = (runs: TickTiming[]) => ({
  fcpMs: round(median(runs.map((run) => run.fcpMs))),
  domMs: round(median(runs.map((run) => run.domMs))),
  paintedMs: round(median(runs.map((run) => run.paintedMs))),
});

/** A tick on load of `app` and of `floor` at `cpu`, alternately: each side's medians and the ratio painted. */
export async function compareTicks(
  browser: Browser,
  app: TickTarget,
  floor: TickTarget,
  cpu: number,
) {
  const ticks = await alternate(
    RUNS,
    () => tickOnLoad(browser, app, cpu),
    () => tickOnLoad(browser, floor, cpu),
  );
  const appTicks = summariseTicks(ticks.app);
  const floorTicks = summariseTicks(ticks.floor);
  return {
    app: appTicks,
    floor: floorTicks,
    paintRatio: ratio(appTicks.paintedMs, floorTicks.paintedMs),
  };
}

/** Click → next paint on `app` and on `floor` at `cpu`, alternately: the medians and their ratio. */
export async function compareClicks(
  browser: Browser,
  app: TickTarget,
  floor: TickTarget,
  cpu: number,
) {
  const clicks = await alternate(
    RUNS,
    () => clickToPaint(browser, app, cpu),
    () => clickToPaint(browser, floor, cpu),
  );
  const appMs = median(clicks.app);
  const floorMs = median(clicks.floor);
  return { appMs, floorMs, ratio: ratio(appMs, floorMs) };
}
