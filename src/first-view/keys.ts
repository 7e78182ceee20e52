/**
 * What the prerendered page's inline scripts and the app agree on: the localStorage keys of the
 * first-view mirror and of the ticks made before the app started, and the attributes the
 * prerendered HTML carries. The inline scripts are built without imports, so they repeat these
 * strings; a unit test checks the built scripts still use them.
 */

/** The mirror of one framework's stored progress: `progression.first-view:<framework id>`. */
export const MIRROR_KEY_PREFIX = 'progression.first-view:';

/** Ticks made on the prerendered page before the app started, oldest first. */
export const EARLY_CHANGES_KEY = 'progression.first-view.early';

/** Class on `<html>` while the inline script applies the mirror: nothing shows until it has. */
export const RESTORING_CLASS = 'first-view-restoring';

/**
 * A hint for the first paint, written by the app from what IndexedDB holds and read by the
 * prerendered page's script before anything shows. Never the record: the app checks it against
 * IndexedDB when it takes over and rewrites it.
 */
export interface FirstViewMirror {
  v: 1;
  /** Ids of the criteria shown ticked (demonstrated). */
  ticked: string[];
  /** Ids of the criteria marked not applicable. */
  notApplicable: string[];
  /** Per level, in the order of the level tabs: [demonstrated, applicable]. */
  counts: [number, number][];
  /** The suggested level's label (such as `2B`), or null when there is none. */
  label: string | null;
}

/** A tick or untick made on the prerendered page before the app took over. */
export interface EarlyChange {
  frameworkId: string;
  criterionId: string;
  demonstrated: boolean;
  /** ISO 8601 time of the change. */
  at: string;
}

/**
 * `data-early-press` (read as `dataset.earlyPress`): a button or switch of the prerendered page
 * pressed before the app started, which the app presses again once it has taken over. A switch
 * says the state the press left it in (`on` or `off`), a button how many times it was pressed.
 */
export const EARLY_PRESS = 'earlyPress';

/**
 * The message the app sends the service worker with what a shipped framework's first paint should
 * show the person: `{ type, frameworkId, level, merged }`, the level they work on (null for the
 * first) and whether its base framework's criteria are merged in (false once switched off), so
 * the framework's address opens on that prerendered page. The worker repeats this string.
 */
export const FIRST_VIEW_MESSAGE = 'progression:first-view';

/** The service worker's cache of working-level hints, kept across versions of the build. */
export const HINTS_CACHE = 'progression-hints';

/** `data-level` on a prerendered page's `<html>`: the level it shows, when not the first. */
export const PRERENDERED_LEVEL = 'level';

/** `data-merged="false"` on a prerendered page's `<html>`: its base framework left out. */
export const PRERENDERED_MERGED = 'merged';
