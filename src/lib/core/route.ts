import { LIMITS } from './limits.ts';

/**
 * The app's URL: `/<framework id>?level=N&q=search`. The fragment is left alone: it is reserved
 * for share links.
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
}

export type Tab = 'assess' | 'overview';

/**
 * Reads a route from a URL's path and search. Untrusted: a path that is not a plausible framework
 * id, or a level that is not a small whole number, is ignored rather than trusted.
 */
export function parseRoute(pathname: string, search: string, base = '/'): Route {
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
  return { frameworkId: id, level, query, tab };
}

/** The URL path and search for a route, relative to `base`. */
export function formatRoute(route: Route, base = '/'): string {
  const path =
    route.frameworkId === null
      ? ''
      : route.frameworkId.split('/').map(encodeURIComponent).join('/');
  const params = new URLSearchParams();
  if (route.level !== null) params.set('level', String(route.level));
  if (route.query !== '') params.set('q', route.query);
  if (route.tab !== 'assess') params.set('tab', route.tab);
  const search = params.toString();
  return `${base}${path}${search ? `?${search}` : ''}`;
}
