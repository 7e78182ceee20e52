/** The entries of the user's framework collections (`../library.ts`, `../user-sets.ts`). */
import * as v from 'valibot';
import { LIMITS, SET_LIMITS } from '../limits.ts';
import type { FrameworkOptions, StoredFramework } from '../library.ts';
import { text, time } from './fields.ts';
import type { StoredSet } from '../user-sets.ts';
import { expecting, list, object, type RecordSchema } from './read.ts';

export const StoredFrameworkSchema: RecordSchema<StoredFramework> = object({
  source: expecting(
    v.pipe(v.string(), v.maxLength(LIMITS.frameworkBytes)),
    `framework text of at most ${LIMITS.frameworkBytes} characters`,
  ),
  origin: text(LIMITS.originLength),
  addedAt: time,
});

export const FrameworkOptionsSchema: RecordSchema<FrameworkOptions> = object({
  mergeBase: expecting(v.boolean(), 'true or false'),
});

export const StoredSetSchema: RecordSchema<StoredSet> = object({
  name: expecting(
    v.pipe(v.string(), v.minLength(1), v.maxLength(SET_LIMITS.nameLength)),
    `a name of 1 to ${SET_LIMITS.nameLength} characters`,
  ),
  origin: text(LIMITS.originLength),
  addedAt: time,
  files: list(
    object({
      path: text(SET_LIMITS.pathLength),
      text: expecting(
        v.pipe(v.string(), v.maxLength(LIMITS.frameworkBytes)),
        `framework text of at most ${LIMITS.frameworkBytes} characters`,
      ),
    }),
    SET_LIMITS.files,
    (count) => `has ${count} files; a set may have at most ${SET_LIMITS.files}`,
  ),
});
