/**
 * The app's side of the prerendered page's inline script (src/first-view/page.ts): the mirror it
 * paints a returning user's ticks from, and the ticks it took before the app started.
 */
import {
  EARLY_CHANGES_KEY,
  FIRST_VIEW_MESSAGE,
  HINTS_CACHE,
  MIRROR_KEY_PREFIX,
  type EarlyChange,
  type FirstViewMirror,
} from '../../first-view/keys.ts';
import { defaultStorage } from './exit-note.ts';

/**
 * Writes the mirror of a framework's progress for the next first paint; never throws (a full or
 * blocked store only means the next first paint shows the prerendered newcomer's view).
 */
export function writeMirror(
  frameworkId: string,
  mirror: FirstViewMirror,
  storage: Storage | null = defaultStorage(),
): void {
  try {
    storage?.setItem(MIRROR_KEY_PREFIX + frameworkId, JSON.stringify(mirror));
  } catch {
    // The mirror is a hint; IndexedDB keeps the record.
  }
}

/** What a shipped framework's first paint should show the person (see `FIRST_VIEW_MESSAGE`). */
export interface FirstViewHint {
  /** The level they work on; null for the first. */
  level: number | null;
  /** False when they switched the base framework's criteria off. */
  merged: boolean;
}

/** The hint last told to the service worker, per framework (see `tellFirstView`). */
const told = new Map<string, string>();

/**
 * Tells the service worker what a shipped framework's first paint should show the person, so its
 * address opens on that prerendered page next time. Told once per change; nothing happens
 * without a service worker (development, a blocked worker). Resolves once told (never, when no
 * service worker ever starts): wait for it only with a worker in control.
 */
export function tellFirstView(
  frameworkId: string,
  hint: FirstViewHint,
  container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker,
): Promise<void> {
  const key = JSON.stringify(hint);
  if (!container || told.get(frameworkId) === key) return Promise.resolve();
  told.set(frameworkId, key);
  return container.ready.then((registration) =>
    registration.active?.postMessage({ type: FIRST_VIEW_MESSAGE, frameworkId, ...hint }),
  );
}

/**
 * `tellFirstView` for a page about to reload: waits until it is told where a service worker is
 * in control (the reload asks that worker for the page), and not at all where none is.
 */
export async function tellFirstViewBeforeReload(
  frameworkId: string,
  hint: FirstViewHint,
  container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker,
): Promise<void> {
  const telling = tellFirstView(frameworkId, hint, container);
  if (container?.controller) await telling;
}

/**
 * Forgets every framework's first-view hints (when all kept data is deleted or replaced): the
 * mirrors, and the working levels the service worker keeps. Never throws.
 */
export function clearMirrors(
  storage: Storage | null = defaultStorage(),
  cacheStorage: CacheStorage | undefined = globalThis.caches,
): void {
  told.clear();
  cacheStorage?.delete(HINTS_CACHE).catch(() => {
    // No service worker's cache here: nothing to forget.
  });
  try {
    if (!storage) return;
    const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index));
    for (const key of keys) if (key?.startsWith(MIRROR_KEY_PREFIX)) storage.removeItem(key);
  } catch {
    // Nothing more to do.
  }
}

const isEarlyChange = (value: unknown): value is EarlyChange =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as EarlyChange).frameworkId === 'string' &&
  typeof (value as EarlyChange).criterionId === 'string' &&
  typeof (value as EarlyChange).demonstrated === 'boolean' &&
  typeof (value as EarlyChange).at === 'string' &&
  !Number.isNaN(Date.parse((value as EarlyChange).at));

/**
 * Takes the ticks made on prerendered pages of `frameworkId` before the app started: those noted
 * in localStorage (also from an earlier visit that closed before its app started) and those the
 * page's checkboxes carry (`data-early`, for when storage is blocked). One change per criterion,
 * the latest; the taken changes are removed from the note and the page, so none is applied twice.
 * Malformed notes are skipped.
 */
export function takeEarlyChanges(
  frameworkId: string,
  page: ParentNode,
  storage: Storage | null = defaultStorage(),
  now: () => Date = () => new Date(),
): EarlyChange[] {
  let noted: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(EARLY_CHANGES_KEY) ?? '[]');
    if (Array.isArray(parsed)) noted = parsed;
  } catch {
    // A broken note holds nothing usable.
  }
  const latest = new Map<string, EarlyChange>();
  for (const change of noted) {
    if (isEarlyChange(change) && change.frameworkId === frameworkId)
      latest.set(change.criterionId, change);
  }
  // The page's own marks are this visit's, so at least as new as anything noted.
  for (const box of page.querySelectorAll<HTMLInputElement>('input[data-early]')) {
    const criterionId = box.id.replace(/^c-/, '');
    const demonstrated = box.dataset.early === 'on';
    const known = latest.get(criterionId);
    if (known?.demonstrated !== demonstrated)
      latest.set(criterionId, { frameworkId, criterionId, demonstrated, at: now().toISOString() });
    delete box.dataset.early;
  }
  try {
    const others = noted.filter(
      (change) => isEarlyChange(change) && change.frameworkId !== frameworkId,
    );
    if (others.length === 0) storage?.removeItem(EARLY_CHANGES_KEY);
    else storage?.setItem(EARLY_CHANGES_KEY, JSON.stringify(others));
  } catch {
    // Blocked: nothing was noted there either.
  }
  return [...latest.values()];
}
