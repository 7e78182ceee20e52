/**
 * Where the build is served from: `/`, or a sub-path such as `/team/progression/`. The build
 * refers to its files relatively (Vite's `base: './'`), so one build works from any folder of
 * any static host without rebuilding; the app learns its folder at run time from its own
 * script's address, which is always in the build's `assets/`, one folder below the root.
 */
import { formatRoute, frameworkPage, type Page, type Route } from '../core/route.ts';

/**
 * The path of the build's root, ending in `/`. On the server (prerendering) it is `/`: the
 * prerender makes the page's root-relative links relative to the page. In development the
 * modules are served from their source folders, and the root is Vite's own base.
 */
export const appBase: string =
  import.meta.env.SSR || import.meta.env.DEV
    ? import.meta.env.BASE_URL.replace(/^\.?\/?$/, '/')
    : new URL('../', import.meta.url).pathname;

/** The app's address of a route: its path under the build's root, search and fragment. */
export function routeHref(route: Route): string {
  return formatRoute(route, appBase);
}

/** The address of the framework page that a route's page (or share link) is over. */
export function frameworkPageHref(route: Route): string {
  return routeHref(frameworkPage(route));
}

/** The address of a framework's page at its first level, or of a page over it. */
export function frameworkHref(frameworkId: string, page?: Page): string {
  const route: Route = { frameworkId, level: null, query: '', tab: 'assess' };
  return routeHref(page ? { ...route, page } : route);
}
