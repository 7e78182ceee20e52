/**
 * The home page's script, kept tiny: the page itself is prerendered, its framework links work
 * without any script. A returning user who arrives at `/` is taken to the framework they used
 * last, and one who comes back to choose again also sees the frameworks they added; any other
 * address (a framework the user added, a team's `?framework=` link) that the server answers with
 * this page loads the app.
 */
import './app.css';
import { formatRoute, parseRoute } from './lib/core/route.ts';
import { appBase } from './lib/state/app-base.ts';
import { lastFramework } from './lib/storage/last-framework.ts';
import { hasStoredData } from './lib/storage/presence.ts';

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
  } else {
    void showChooser(last !== null);
  }
}

/**
 * The chooser as prerendered, with the frameworks the person added listed above it when this
 * browser keeps anything of the app (someone who used it, then came back to choose again). On the
 * development server, where nothing is prerendered, the page is rendered here.
 */
async function showChooser(usedHere: boolean) {
  const withOwn = (await hasStoredData()) ?? usedHere;
  if (withOwn || !target.firstElementChild) {
    const { startHome } = await import('./home-own.ts');
    startHome(target, { withOwn });
  }
  markReady();
}

/** The page is as it will stay: tests and the benchmark wait for this mark. */
function markReady() {
  document.documentElement.dataset.ready = 'true';
}
