/**
 * Assessments others sent (a manager's review, a colleague's), kept beside the person's own in
 * a storage collection. Each entry, the snapshot inside included, is read through its schema
 * (`schemas/received.ts`); an embedded framework source is parsed (`parseSnapshot`) only when
 * the assessment is opened.
 */
import { defineCollection } from './collection.ts';
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

export const RECEIVED = defineCollection<ReceivedAssessment>('received', () =>
  import('./schemas/received.ts').then((module) => module.ReceivedAssessmentSchema),
);

/** The label a received assessment's file gives its level (`3C`), for the list; null if none. */
export function receivedLabel(received: ReceivedAssessment): string | null {
  const { label } = received.snapshot.summary;
  return label !== null && label.length <= 10 ? label : null;
}
