/**
 * The user's own frameworks: framework files they opened, dropped, pasted or linked, kept with
 * their source text so they load again, and the choices the app keeps per framework. Their
 * schemas (`schemas/library.ts`) load with storage, not with the first view.
 */
import { defineCollection, type Collection } from './collection.ts';
import type { KeptModel } from './kept-model.ts';

/** A framework file the user added, as kept in the browser. */
export interface StoredFramework {
  /** The file's text as it was read (the parser repairs and normalises it). */
  source: string;
  /** File name or URL it came from. */
  origin: string;
  /** ISO 8601 time it was added or last updated. */
  addedAt: string;
}

/**
 * Each of the user's frameworks as parsed (`kept-model.ts`), keyed like `USER_FRAMEWORKS`, so a
 * page load does not parse the files again. Derived from them: backups leave it out.
 */
export const FRAMEWORK_MODELS: Collection<KeptModel> = defineCollection('framework-models', () =>
  import('./schemas/kept-model.ts').then((module) => module.KeptModelSchema),
);

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
