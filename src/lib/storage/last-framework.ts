/**
 * The framework the person used last, so that `/` takes a returning user straight back to it.
 * Kept in localStorage, which a page can read at once: the home page must decide before it
 * loads anything else.
 */
import { defaultStorage } from './exit-note.ts';

export const LAST_FRAMEWORK_KEY = 'progression.last-framework';

/** Segments of letters, digits, `.`, `_` and `-`, joined by single slashes. */
const FRAMEWORK_ID = /^[\p{L}\p{N}_-][\p{L}\p{N}._-]*(?:\/[\p{L}\p{N}_-][\p{L}\p{N}._-]*)*$/u;

/** The id noted last, or null when none was noted or storage is blocked. Never throws. */
export function lastFramework(storage: Storage | null = defaultStorage()): string | null {
  try {
    const id = storage?.getItem(LAST_FRAMEWORK_KEY) ?? null;
    // Untrusted like any stored text: only something shaped like a framework id is used, path
    // segments with no empty one, so it can never become another site's address (`//host`).
    return id !== null && id.length <= 200 && FRAMEWORK_ID.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** Notes the framework being used; a blocked storage is ignored (nothing is lost by it). */
export function noteLastFramework(id: string, storage: Storage | null = defaultStorage()): void {
  try {
    storage?.setItem(LAST_FRAMEWORK_KEY, id);
  } catch {
    // Blocked or full: the home page will simply ask again.
  }
}

/** Forgets `id` if it is the one noted (the framework was removed). Never throws. */
export function forgetLastFramework(id: string, storage: Storage | null = defaultStorage()): void {
  try {
    if (storage?.getItem(LAST_FRAMEWORK_KEY) === id) storage.removeItem(LAST_FRAMEWORK_KEY);
  } catch {
    // Blocked: nothing was noted either.
  }
}
