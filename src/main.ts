import './app.css';
import { hydrate, mount } from 'svelte';
import { catalogue, defaultFrameworkId, loadFramework } from 'virtual:frameworks';
import App from './App.svelte';
import { PAGE_DATA_ID, parsePageData } from './lib/core/page-data.ts';
import { formatRoute, parseRoute, type Route } from './lib/core/route.ts';
import { Assessment } from './lib/state/assessment.svelte.ts';
import { SavedProgress } from './lib/state/saved-progress.svelte.ts';
import { View } from './lib/state/view.svelte.ts';

const base = import.meta.env.BASE_URL;
const target = document.getElementById('app')!;
const embedded = parsePageData(document.getElementById(PAGE_DATA_ID)?.textContent);
const route = parseRoute(location.pathname, location.search, base);
const wantedId = route.frameworkId ?? defaultFrameworkId;
const framework =
  embedded?.framework.id === wantedId
    ? embedded.framework
    : ((await loadFramework(wantedId)) ??
      embedded?.framework ??
      (await loadFramework(defaultFrameworkId)));

if (!framework) {
  target.textContent = 'No framework could be loaded.';
} else {
  const navigate = (next: Route, mode: 'push' | 'replace') => {
    const url = formatRoute(next, base) + location.hash;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  };
  // Storage code loads after the first view: ticks made before it opens wait, then are written.
  const storage = () => import('./lib/storage/index.ts');
  const saved = new SavedProgress({
    open: () => storage().then((module) => module.openProgressStore()),
    persist: () => storage().then((module) => module.requestPersistence()),
  });
  const assessment = new Assessment(framework, saved);
  const prerendered = embedded?.framework.id === framework.id;
  // Hydrate with the view the page was prerendered with, then move to the one the URL asks for.
  const view = new View(
    framework.id,
    framework.levels,
    prerendered ? { ...route, level: null, query: '', tab: 'assess' } : route,
    navigate,
  );
  const props = { catalogue, assessment, view, saved };
  if (prerendered) {
    hydrate(App, { target, props });
    view.follow(route);
  } else {
    target.textContent = '';
    mount(App, { target, props });
  }
  void saved.connect(assessment);
  // The app is usable from here on: tests and the benchmark wait for this mark.
  document.documentElement.dataset.ready = 'true';
  addEventListener('popstate', () =>
    view.follow(parseRoute(location.pathname, location.search, base)),
  );
  const flush = () => assessment.flush();
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
}
