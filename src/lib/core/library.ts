/**
 * The user's own frameworks: framework files they opened, dropped, pasted or linked, kept with
 * their source text so they load again, and the choices the app keeps per framework. Their
 * schemas (`schemas/library.ts`) load with storage, not with the first view.
 */
import { defineCollection, type Collection } from './collection.ts';

/** A framework file the user added, as kept in the browser. */
export interface StoredFramework {
  /** The file's text as it was read (the parser repairs and normalises it on each load). */
  source: string;
  /** File name or URL it came from. */
  origin: string;
  /** ISO 8601 time it was added or last updated. */
  addedAt: string;
}

/** Per-framework choices: whether a loaded base (generic) framework is merged into it. */
export interface FrameworkOptions {
  mergeBase: boolean;
}

const schemas = () => import('./schemas/library.ts');

/** The user's frameworks, keyed by framework id. */
export const USER_FRAMEWORKS: Collection<StoredFramework> = defineCollection('frameworks', () =>
  schemas().then((module) => module.StoredFrameworkSchema),
);

/** Per-framework options, keyed by framework id; a framework without an entry merges its base. */
export const FRAMEWORK_OPTIONS: Collection<FrameworkOptions> = defineCollection(
  'framework-options',
  () => schemas().then((module) => module.FrameworkOptionsSchema),
);
