/** A received assessment as kept in its collection (`../received.ts`). */
import * as v from 'valibot';
import { LIMITS } from '../limits.ts';
import type { ReceivedAssessment } from '../received.ts';
import { identifier, oneOf, text, time } from './fields.ts';
import { expecting, object, type RecordSchema } from './read.ts';
import { SnapshotSchema } from './snapshot.ts';

export const ReceivedAssessmentSchema: RecordSchema<ReceivedAssessment> = object({
  key: identifier,
  receivedAt: time,
  role: oneOf(['self', 'manager']),
  person: expecting(
    v.nullable(v.pipe(v.string(), v.maxLength(LIMITS.personLength))),
    `null or a string of at most ${LIMITS.personLength} characters`,
  ),
  frameworkId: identifier,
  frameworkTitle: text(LIMITS.textLength),
  exportedAt: time,
  snapshot: SnapshotSchema,
});
