/**
 * Assessments others sent (a manager's review, a colleague's), kept beside the person's own in
 * a storage collection. Reading the list checks each entry's shape only, so listing them needs
 * none of the snapshot parser; the snapshot inside is checked in full (`parseSnapshot`) when it
 * is opened.
 */
import { defineCollection } from './collection.ts';
import type { ReceivedAssessment } from './snapshot-import.ts';
import { ISO_TIME, isObject, own } from './untrusted.ts';

const text = (value: unknown, limit = 500): value is string =>
  typeof value === 'string' && value.length <= limit;

export const RECEIVED = defineCollection<ReceivedAssessment>('received', (value) => {
  if (!isObject(value)) return { ok: false, message: 'should be an object' };
  const [key, receivedAt, role, person, frameworkId, frameworkTitle, exportedAt, snapshot] = [
    'key',
    'receivedAt',
    'role',
    'person',
    'frameworkId',
    'frameworkTitle',
    'exportedAt',
    'snapshot',
  ].map((name) => own(value, name));
  const shaped =
    text(key) &&
    text(receivedAt) &&
    ISO_TIME.test(receivedAt) &&
    (role === 'self' || role === 'manager') &&
    (person === null || text(person)) &&
    text(frameworkId) &&
    text(frameworkTitle, 10_000) &&
    text(exportedAt) &&
    isObject(snapshot) &&
    Array.isArray(own(snapshot, 'criteria')) &&
    isObject(own(snapshot, 'summary'));
  if (!shaped) return { ok: false, message: 'is not a received assessment' };
  return { ok: true, value: value as unknown as ReceivedAssessment };
});

/** The label a received assessment's file gives its level (`3C`), for the list; null if none. */
export function receivedLabel(received: ReceivedAssessment): string | null {
  const label: unknown = (received.snapshot.summary as { label?: unknown }).label;
  return typeof label === 'string' && label.length <= 10 ? label : null;
}
