import './app.css';
import { hydrate, mount, unmount } from 'svelte';
import {
  catalogue,
  defaultFrameworkId,
  loadFramework,
  loadUnmergedFramework,
} from 'virtual:frameworks';
import App from './App.svelte';
import { progressBeforeBaseMerge } from './lib/core/base-framework-id.ts';
import { allCriteria, type Framework } from './lib/core/model.ts';
import { formatRoute, parseRoute, type Route } from './lib/core/route.ts';
import { appBase } from './lib/state/app-base.ts';
import { AppUpdate } from './lib/state/app-update.svelte.ts';
import { Assessment } from './lib/state/assessment.svelte.ts';
import {
  applyEarlyChanges,
  keepMirror,
  workingLevelOf,
  replayEarlyPresses,
  type MirrorKeeper,
} from './lib/state/first-view.svelte.ts';
import { takeEarlyChanges, tellFirstView, writeMirror } from './lib/storage/first-view.ts';
import { PRERENDERED_LEVEL, PRERENDERED_MERGED } from './first-view/keys.ts';
import { Library } from './lib/state/library.svelte.ts';
import { SavedProgress } from './lib/state/saved-progress.svelte.ts';
import { View } from './lib/state/view.svelte.ts';
import { noteLastFramework } from './lib/storage/last-framework.ts';

// Marks for the benchmark and for anyone profiling start-up in the browser's tools.
performance.mark('progression:start');
const base = appBase;
const target = document.getElementById('app')!;
/** The framework whose first view the HTML holds (none on a page the build did not prerender). */
const prerenderedId = document.documentElement.dataset.framework ?? null;
/** The level it holds when not the first: a returning person's, chosen by the service worker. */
const prerenderedLevel = Number(document.documentElement.dataset[PRERENDERED_LEVEL]) || null;
/** Whether it holds the framework without its base's criteria (someone switched them off). */
const prerenderedUnmerged = document.documentElement.dataset[PRERENDERED_MERGED] === 'false';
let route = parseRoute(location.pathname, location.search, base, location.hash);
/** A team's link to its framework file (`?framework=<address>`). */
const linkedUrl = new URLSearchParams(location.search).get('framework');
let wantedId = route.frameworkId ?? defaultFrameworkId;

// Storage code is its own chunk: a framework the app shows first needs it before taking over.
const storage = () => import('./lib/storage/index.ts');
const saved = new SavedProgress({
  open: () => storage().then((module) => module.openProgressStore()),
  persist: () => storage().then((module) => module.requestPersistence()),
  shippedIds: catalogue.map((summary) => summary.id),
  // A restore keeps aside progress on criteria a framework does not have (see restoreBackup).
  knownCriteria: async (id): Promise<ReadonlySet<string> | null> => {
    const shipped = catalogue.some((summary) => summary.id === id);
    const framework: Framework | undefined = shipped
      ? await loadFramework(id)
      : library.userFramework(id);
    return framework ? new Set(allCriteria(framework).map((criterion) => criterion.id)) : null;
  },
});
const library = new Library({ shipped: catalogue, saved });

const navigate = (next: Route, mode: 'push' | 'replace') => {
  const url = formatRoute(next, base);
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
};

let app: ReturnType<typeof mount> | null = null;
let view: View | null = null;
let assessment: Assessment | null = null;
let mirror: MirrorKeeper | null = null;
const update = new AppUpdate();

/**
 * Shows an assessment: takes over the prerendered page (`hydrateFrom`) when it shows the same
 * framework, or replaces the page. Ticks made on the prerendered page before this moment are
 * applied first, once each, so the page the app takes over already matches.
 */
function show(
  next: Assessment,
  options: {
    hydrateFrom?: boolean;
    notice?: string | null;
    hasBase?: boolean;
    baseMerged?: boolean;
  } = {},
) {
  assessment?.flush(true);
  mirror?.stop();
  if (app) void unmount(app);
  assessment = next;
  const framework = next.framework;
  noteLastFramework(framework.id);
  applyEarlyChanges(next, takeEarlyChanges(framework.id, target));
  // Hydrate with the view the page was prerendered with, then move to the one the URL asks for.
  const wanted =
    framework.id === wantedId ? route : { ...route, frameworkId: framework.id, level: null };
  view = new View(
    framework.id,
    framework.levels,
    options.hydrateFrom
      ? { frameworkId: wanted.frameworkId, level: null, query: '', tab: 'assess' }
      : wanted,
    navigate,
  );
  // The page of the level the person works on, at the framework's own address: start there.
  const onOwnLevel = framework.id === prerenderedId && prerenderedLevel !== null && isBare(wanted);
  if (prerenderedLevel !== null && (onOwnLevel || options.hydrateFrom))
    view.startAt(prerenderedLevel);
  const baseMerged = options.baseMerged ?? true;
  const props = {
    library,
    assessment: next,
    view,
    saved,
    notice: options.notice ?? null,
    hasBase: options.hasBase ?? false,
    baseMerged,
    update,
  };
  if (options.hydrateFrom) {
    app = hydrate(App, { target, props });
    if (!onOwnLevel) view.follow(wanted);
  } else {
    target.textContent = '';
    app = mount(App, { target, props });
  }
  mirror = keepMirror(next, (id, kept) => {
    writeMirror(id, kept);
    void tellFirstView(id, { level: workingLevelOf(next), merged: baseMerged });
  });
  return next;
}

/** Whether a route is a framework's own address, with nothing named (no level, search, page). */
function isBare(wanted: Route): boolean {
  return (
    wanted.level === null &&
    wanted.query === '' &&
    wanted.tab === 'assess' &&
    wanted.page === undefined &&
    wanted.shared === undefined
  );
}

async function start() {
  if (linkedUrl !== null) await followLink(linkedUrl);
  if (catalogue.some((summary) => summary.id === wantedId)) {
    await startShipped();
    // What was pressed on the prerendered page before now, once the page does what it shows
    // (the stored settings read, the framework as the person wants it).
    replayEarlyPresses(target);
    return;
  }
  // A framework the user added, or an address that leads nowhere: it needs storage first.
  await library.load();
  const own = library.userFramework(wantedId);
  const framework = own ? await library.withBase(own) : await loadFramework(defaultFrameworkId);
  const notice = own
    ? null
    : `There is no framework at “${route.frameworkId ?? ''}” in this browser, so the default one is shown.`;
  if (!framework) throw new Error('No framework could be loaded.');
  const hasBase = own ? library.baseOf(own.id) !== undefined : false;
  const baseMerged = own ? library.mergesBase(own.id) : true;
  const current = show(new Assessment(framework, saved), { notice, hasBase, baseMerged });
  markReady();
  await saved.connect(current);
  if (current.records.length > 0) landOnWorkingLevel(current);
}

/**
 * A shipped framework: the app takes over its prerendered page when it is the one shown, with
 * its base framework's criteria or without them, as the page holds it (the service worker gives
 * someone who switched them off the page without them).
 */
async function startShipped() {
  const mergedFramework = await loadFramework(wantedId);
  if (!mergedFramework) throw new Error(`The shipped framework ${wantedId} could not be loaded.`);
  const hasBase = mergedFramework.base !== undefined;
  const pageUnmerged = hasBase && prerenderedUnmerged && prerenderedId === mergedFramework.id;
  const framework = pageUnmerged
    ? ((await loadUnmergedFramework(mergedFramework.id)) ?? mergedFramework)
    : mergedFramework;
  // The prerendered page already works on its own: read what is stored before taking it
  // over, so the app shows what the page shows (the mirror's hint, checked against the record).
  const first = new Assessment(framework, saved);
  await saved.connect(first);
  // Read before the ticks made on the prerendered page are applied: those are this visit's.
  const hadProgress = progressBeforeBaseMerge(first.records);
  const returning = first.records.length > 0;
  show(first, { hydrateFrom: prerenderedId === framework.id, hasBase, baseMerged: !pageUnmerged });
  markReady();
  if (returning) landOnWorkingLevel(first);
  await library.load();
  if (!hasBase) return;
  // The merge of the generic framework is on unless the person switched it off. A page that
  // shows the other way (no service worker yet, or switched since) is replaced.
  const wantsMerged = library.mergesBase(framework.id);
  if (wantsMerged === pageUnmerged) {
    const other = wantsMerged ? mergedFramework : await loadUnmergedFramework(framework.id);
    if (other) {
      const shown = show(new Assessment(other, saved), { hasBase, baseMerged: wantsMerged });
      await saved.attach(shown);
      if (returning) landOnWorkingLevel(shown);
    }
  }
  if (wantsMerged) await library.tellAboutBase(mergedFramework, hadProgress);
}

/**
 * A team's link to a framework already added from its address opens that framework, at its own
 * address, without asking or fetching; any other link asks first (see `TeamLink`).
 */
async function followLink(address: string) {
  await library.load();
  const id = library.link.follow(address);
  if (id === null) return;
  route = { frameworkId: id, level: null, query: '', tab: 'assess' };
  wantedId = id;
  navigate(route, 'replace');
}

/**
 * A returning person lands on the level they are working on, not on the first: the lowest level
 * whose threshold is not met yet, or the highest when all are (the suggested level's rule).
 */
function landOnWorkingLevel(current: Assessment) {
  const level = current.suggestion?.level;
  if (level !== undefined) view?.landOn(level);
}

function markReady() {
  performance.mark('progression:ready');
  // The app is usable from here on: tests and the benchmark wait for this mark.
  document.documentElement.dataset.ready = 'true';
  if (import.meta.env.PROD) void afterLoad().then(() => update.register(serviceWorkerUrl));
}

/** The build writes the service worker at its root, the folder above this script's `assets/`. */
const serviceWorkerUrl = new URL('../sw.js', import.meta.url);

/** Resolves once the page has loaded and the browser is idle: the load window is over. */
function afterLoad(): Promise<void> {
  return new Promise((resolve) => {
    const idle = () =>
      'requestIdleCallback' in window
        ? requestIdleCallback(() => resolve(), { timeout: 2000 })
        : setTimeout(resolve, 1000);
    if (document.readyState === 'complete') idle();
    else addEventListener('load', idle, { once: true });
  });
}

addEventListener('popstate', () =>
  view?.follow(parseRoute(location.pathname, location.search, base, location.hash)),
);
const flush = () => {
  assessment?.flush(true);
  saved.atExit();
  mirror?.flush();
};
addEventListener('pagehide', flush);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flush();
});

start().catch((error: unknown) => {
  target.textContent = `Progression could not start: ${error instanceof Error ? error.message : String(error)}`;
});
