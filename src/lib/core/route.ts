import { LIMITS } from './limits.ts';

/**
 * The app's addresses, in one place because every part of them is untrusted input.
 *
 * - `/<framework id>`: the framework page; `?level=N` the level in focus, `?q=` a search,
 *   `?tab=overview` the overview of where one stands.
 * - `/<framework id>?view=<page>`: a page of its own over the framework, `&of=<key>` naming
 *   whose assessment it shows when it is not the person's own (a received assessment's key).
 *   The pages are listed in `PAGES`: the report; a manager's review and a comparison (of a
 *   received assessment with one's own); and the timeline. A page the app does not know, or one
 *   missing what it needs, leaves the framework page.
 * - `#share=<payload>`: a share link, on any of the above. The assessment travels in the
 *   fragment, which browsers never send to a server; `share-link.ts` reads the payload.
 *
 * Anything else in the fragment (`#main`, from a skip link) is not a share link and is ignored.
 */
export interface Route {
  /** Null means the default framework. */
  frameworkId: string | null;
  /** Null means the framework's first level. */
  level: number | null;
  /** Search text, empty when none. */
  query: string;
  /** Which part of the framework page: assessing criteria, or the overview of where you stand. */
  tab: Tab;
  /** A page over the framework page; absent for the framework page itself. */
  page?: Page;
  /** The payload of a share link (after `#share=`), as it came: read it with `share-link.ts`. */
  shared?: string;
}

export type Tab = 'assess' | 'overview';

export type PageKind = keyof typeof PAGES;

/** A page of its own: its kind, and the received assessment it shows (null: one's own). */
export interface Page {
  kind: PageKind;
  of: string | null;
}

/**
 * The pages and whose assessment each may show: `own` (no `of`), `received` (an `of` is needed)
 * or `either`. A page added here has an address at once, read and written by the two functions
 * below.
 */
export const PAGES = {
  /** The report of one assessment, to print, copy as Markdown or share by link. */
  report: 'either',
  /** A manager's review of an assessment they received. */
  review: 'received',
  /** A received assessment (such as a review) side by side with one's own. */
  compare: 'received',
  /** One's own assessment over time. */
  timeline: 'own',
} as const satisfies Record<string, 'own' | 'received' | 'either'>;

/** The fragment's prefix that marks a share link. */
export const SHARE_PREFIX = 'share=';

/** The longest `of` key taken from an address; longer ones are not keys the app writes. */
const MAX_KEY_LENGTH = 200;

/**
 * Reads a route from a URL's path, search and fragment. Untrusted: a path that is not a
 * plausible framework id, a level that is not a small whole number, or a page the app does not
 * know is ignored rather than trusted. The share payload is passed on as it came, whatever its
 * length: refusing a bad one, with a message, is `share-link.ts`'s work.
 */
export function parseRoute(pathname: string, search: string, base = '/', hash = ''): Route {
  const path = pathname.startsWith(base)
    ? pathname.slice(base.length)
    : pathname.replace(/^\/+/, '');
  let id: string | null;
  try {
    id = decodeURIComponent(path)
      .replace(/\/+$/, '')
      .replace(/\/index\.html$/, '');
  } catch {
    id = null;
  }
  if (
    id === '' ||
    id === 'index.html' ||
    (id !== null && (id.length > LIMITS.idLength || !/^[\p{L}\p{N}._/-]+$/u.test(id)))
  )
    id = null;
  const params = new URLSearchParams(search);
  const levelText = params.get('level');
  const level = levelText !== null && /^\d{1,2}$/.test(levelText) ? Number(levelText) : null;
  const query = (params.get('q') ?? '').slice(0, 200);
  const tab: Tab = params.get('tab') === 'overview' ? 'overview' : 'assess';
  const route: Route = { frameworkId: id, level, query, tab };
  const page = pageOf(params.get('view'), params.get('of'));
  if (page) route.page = page;
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment.startsWith(SHARE_PREFIX)) route.shared = fragment.slice(SHARE_PREFIX.length);
  return route;
}

function pageOf(view: string | null, of: string | null): Page | null {
  if (view === null || !Object.hasOwn(PAGES, view)) return null;
  const kind = view as PageKind;
  const key = of !== null && of !== '' && of.length <= MAX_KEY_LENGTH ? of : null;
  switch (PAGES[kind]) {
    case 'own':
      return { kind, of: null };
    case 'received':
      return key === null ? null : { kind, of: key };
    case 'either':
      return { kind, of: key };
    default:
      return PAGES[kind] satisfies never;
  }
}

/** The framework page a route's page (or share link) is over. */
export function frameworkPage(route: Route): Route {
  return { frameworkId: route.frameworkId, level: route.level, query: route.query, tab: route.tab };
}

/** The URL path, search and fragment for a route, relative to `base`. */
export function formatRoute(route: Route, base = '/'): string {
  const path =
    route.frameworkId === null
      ? ''
      : route.frameworkId.split('/').map(encodeURIComponent).join('/');
  const params = new URLSearchParams();
  if (route.page) {
    params.set('view', route.page.kind);
    if (route.page.of !== null) params.set('of', route.page.of);
  }
  if (route.level !== null) params.set('level', String(route.level));
  if (route.query !== '') params.set('q', route.query);
  if (route.tab !== 'assess') params.set('tab', route.tab);
  const search = params.toString();
  const fragment = route.shared === undefined ? '' : `#${SHARE_PREFIX}${route.shared}`;
  return `${base}${path}${search ? `?${search}` : ''}${fragment}`;
}
