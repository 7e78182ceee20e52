import './app.css';
import { hydrate, mount, unmount } from 'svelte';
import {
  catalogue,
  defaultFrameworkId,
  loadFramework,
  loadUnmergedFramework,
} from 'virtual:frameworks';
import App from './App.svelte';
import { allCriteria, type Framework } from './lib/core/model.ts';
import { PAGE_DATA_ID, parsePageData } from './lib/core/page-data.ts';
import { formatRoute, parseRoute, type Route } from './lib/core/route.ts';
import { Assessment } from './lib/state/assessment.svelte.ts';
import { Library } from './lib/state/library.svelte.ts';
import { SavedProgress } from './lib/state/saved-progress.svelte.ts';
import { View } from './lib/state/view.svelte.ts';
import { noteLastFramework } from './lib/storage/last-framework.ts';

// Marks for the benchmark and for anyone profiling start-up in the browser's tools.
performance.mark('progression:start');
const base = import.meta.env.BASE_URL;
const target = document.getElementById('app')!;
const embedded = parsePageData(document.getElementById(PAGE_DATA_ID)?.textContent);
const route = parseRoute(location.pathname, location.search, base, location.hash);
const linkedUrl = new URLSearchParams(location.search).get('framework');
const wantedId = route.frameworkId ?? defaultFrameworkId;
const shipped = catalogue.some((summary) => summary.id === wantedId);

// Storage code loads after the first view: ticks made before it opens wait, then are written.
const storage = () => import('./lib/storage/index.ts');
const saved = new SavedProgress({
  open: () => storage().then((module) => module.openProgressStore()),
  persist: () => storage().then((module) => module.requestPersistence()),
  shippedIds: catalogue.map((summary) => summary.id),
});
const library = new Library({ shipped: catalogue, saved });
library.linkedUrl = linkedUrl;

const navigate = (next: Route, mode: 'push' | 'replace') => {
  const url = formatRoute(next, base);
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
};

let app: ReturnType<typeof mount> | null = null;
let view: View | null = null;
let assessment: Assessment | null = null;

/** Shows `framework` (hydrating the prerendered page when it is the one in the HTML). */
function show(
  framework: Framework,
  options: { hydrateFrom?: boolean; notice?: string | null; hasBase?: boolean } = {},
) {
  assessment?.flush(true);
  if (app) void unmount(app);
  noteLastFramework(framework.id);
  assessment = new Assessment(framework, saved);
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
  const props = {
    library,
    assessment,
    view,
    saved,
    notice: options.notice ?? null,
    hasBase: options.hasBase ?? false,
  };
  if (options.hydrateFrom) {
    // The prerendered checkboxes work before any script runs: keep what was ticked meanwhile.
    const early = [
      ...target.querySelectorAll<HTMLInputElement>('li.criterion input[type=checkbox]'),
    ]
      .filter((box) => box.checked)
      .map((box) => box.id.replace(/^c-/, ''));
    app = hydrate(App, { target, props });
    for (const criterion of allCriteria(framework)) {
      if (early.includes(criterion.id)) assessment.setDemonstrated(criterion, true);
    }
    view.follow(wanted);
  } else {
    target.textContent = '';
    app = mount(App, { target, props });
  }
  return assessment;
}

async function start() {
  if (shipped) {
    const framework =
      embedded?.framework.id === wantedId ? embedded.framework : await loadFramework(wantedId);
    if (!framework) throw new Error(`The shipped framework ${wantedId} could not be loaded.`);
    const hasBase = framework.base !== undefined;
    const first = show(framework, {
      hydrateFrom: embedded?.framework.id === framework.id,
      hasBase,
    });
    markReady();
    // Storage comes second: the page paints and takes ticks first (they wait, then are written).
    // The first change opens it at once, so a tick is not waiting when the page goes away.
    await Promise.race([idle(), saved.changed]);
    await saved.connect(first);
    await library.load();
    if (!hasBase) return;
    // The merge of the generic framework is on unless the person switched it off.
    if (!library.mergesBase(framework.id)) {
      const unmerged = await loadUnmergedFramework(framework.id);
      if (unmerged) await saved.attach(show(unmerged, { hasBase }));
      return;
    }
    await library.tellAboutBase(framework, first.records.length > 0);
    return;
  }
  // A framework the user added, or an address that leads nowhere: it needs storage first.
  await library.load();
  const own = library.userFramework(wantedId);
  let framework = own ? await library.withBase(own) : await loadFramework(defaultFrameworkId);
  const notice = own
    ? null
    : `There is no framework at “${route.frameworkId ?? ''}” in this browser, so the default one is shown.`;
  if (!framework) framework = embedded?.framework;
  if (!framework) throw new Error('No framework could be loaded.');
  const hasBase = own ? library.baseOf(own.id) !== undefined : false;
  const current = show(framework, { notice, hasBase });
  markReady();
  await saved.connect(current);
}

/** Resolves when the browser has a moment to spare (or soon, where it cannot say). */
function idle(): Promise<void> {
  return new Promise((resolve) => {
    if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout: 300 });
    else setTimeout(resolve, 0);
  });
}

function markReady() {
  performance.mark('progression:ready');
  // The app is usable from here on: tests and the benchmark wait for this mark.
  document.documentElement.dataset.ready = 'true';
}

addEventListener('popstate', () =>
  view?.follow(parseRoute(location.pathname, location.search, base, location.hash)),
);
const flush = () => {
  assessment?.flush(true);
  saved.atExit();
};
addEventListener('pagehide', flush);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flush();
});

start().catch((error: unknown) => {
  target.textContent = `Progression could not start: ${error instanceof Error ? error.message : String(error)}`;
});
