/**
 * The user's own frameworks: framework files they opened, dropped, pasted or linked, kept with
 * their source text so they load again, and the choices the app keeps per framework.
 */
import { defineCollection, type Collection } from './collection.ts';
import { LIMITS } from './limits.ts';

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

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const own = (value: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(value, key) ? value[key] : undefined;

/** The user's frameworks, keyed by framework id. */
export const USER_FRAMEWORKS: Collection<StoredFramework> = defineCollection(
  'frameworks',
  (value) => {
    if (!isObject(value)) return { ok: false, message: 'should be an object' };
    const source = own(value, 'source');
    const origin = own(value, 'origin');
    const addedAt = own(value, 'addedAt');
    if (typeof source !== 'string' || source.length > LIMITS.frameworkBytes) {
      return {
        ok: false,
        message: `source should be framework text of at most ${LIMITS.frameworkBytes} characters`,
      };
    }
    if (typeof origin !== 'string' || origin.length > 2000)
      return { ok: false, message: 'origin should be a short text' };
    if (typeof addedAt !== 'string' || Number.isNaN(Date.parse(addedAt))) {
      return { ok: false, message: 'addedAt should be an ISO 8601 time' };
    }
    return { ok: true, value: { source, origin, addedAt } };
  },
);

/** Per-framework options, keyed by framework id; a framework without an entry merges its base. */
export const FRAMEWORK_OPTIONS: Collection<FrameworkOptions> = defineCollection(
  'framework-options',
  (value) => {
    if (!isObject(value) || typeof own(value, 'mergeBase') !== 'boolean') {
      return { ok: false, message: 'should be { mergeBase: true | false }' };
    }
    return { ok: true, value: { mergeBase: own(value, 'mergeBase') as boolean } };
  },
);
