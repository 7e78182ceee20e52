/** The entries of the user's framework collections (`../library.ts`). */
import * as v from 'valibot';
import { LIMITS } from '../limits.ts';
import type { FrameworkOptions, StoredFramework } from '../library.ts';
import { text, time } from './fields.ts';
import { expecting, object, type RecordSchema } from './read.ts';

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
