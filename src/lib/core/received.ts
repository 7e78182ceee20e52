/**
 * Assessments others sent (a manager's review, a colleague's), kept beside the person's own in
 * a storage collection. Each entry, the snapshot inside included, is read through its schema;
 * an embedded framework source is parsed (`parseSnapshot`) only when the assessment is opened.
 */
import * as v from 'valibot';
import { defineCollection } from './collection.ts';
import { LIMITS } from './limits.ts';
import { identifier, oneOf, text, time } from './schemas/fields.ts';
import { expecting, object, type RecordSchema } from './schemas/read.ts';
import { SnapshotSchema } from './schemas/snapshot.ts';
import type { Snapshot, SnapshotRole } from './snapshot.ts';

/** Someone else's assessment, kept beside the person's own and shown read-only. */
export interface ReceivedAssessment {
  /** Stable for the same file: importing it twice keeps one copy. */
  key: string;
  receivedAt: string;
  role: SnapshotRole;
  person: string | null;
  frameworkId: string;
  frameworkTitle: string;
  exportedAt: string;
  snapshot: Snapshot;
}

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

export const RECEIVED = defineCollection('received', ReceivedAssessmentSchema);

/** The label a received assessment's file gives its level (`3C`), for the list; null if none. */
export function receivedLabel(received: ReceivedAssessment): string | null {
  const { label } = received.snapshot.summary;
  return label !== null && label.length <= 10 ? label : null;
}
