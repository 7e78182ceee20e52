/**
 * The home page's script, kept tiny: the page itself is prerendered, its framework links work
 * without any script. A returning user who arrives at `/` is taken to the framework they used
 * last; any other address (a framework the user added, a team's `?framework=` link) that the
 * server answers with this page loads the app.
 */
import './app.css';
import { formatRoute, parseRoute } from './lib/core/route.ts';
import { appBase } from './lib/state/app-base.ts';
import { lastFramework } from './lib/storage/last-framework.ts';

const base = appBase;
const route = parseRoute(location.pathname, location.search, base);
const target = document.getElementById('app')!;

if (route.frameworkId !== null || new URLSearchParams(location.search).has('framework')) {
  void import('./main.ts');
} else {
  const last = lastFramework();
  // Following the app's own link to the home page means choosing again: stay.
  const fromApp = document.referrer !== '' && new URL(document.referrer).origin === location.origin;
  if (last !== null && !fromApp) {
    location.replace(
      formatRoute({ frameworkId: last, level: null, query: '', tab: 'assess' }, base),
    );
  } else if (!target.firstElementChild) {
    // Not prerendered (the development server): render the home page here.
    void Promise.all([
      import('svelte'),
      import('./lib/components/Home.svelte'),
      import('virtual:frameworks'),
    ]).then(([{ mount }, { default: Home }, { catalogue }]) => {
      mount(Home, { target, props: { catalogue } });
      markReady();
    });
  } else {
    markReady();
  }
}

/** The page is as it will stay: tests and the benchmark wait for this mark. */
function markReady() {
  document.documentElement.dataset.ready = 'true';
}
