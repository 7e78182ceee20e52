/**
 * A snapshot as a file a person keeps or sends: its text (indented JSON, readable by a person)
 * and the name offered for it, which says whose and what it is.
 */
import type { Snapshot } from './snapshot.ts';

/** The text of a snapshot file: indented JSON, so a person can read it. */
export function snapshotToText(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

/**
 * The file name to offer: `<framework-id-slug>-<YYYY-MM-DD>.progression.json`, the date in UTC.
 * The id's `/` and anything but letters, digits, `.`, `_` and `-` become `-`
 * (`engineering/backend` gives `engineering-backend-2025-01-31.progression.json`); an id with
 * nothing left gives `snapshot-…`.
 */
export function snapshotFileName(frameworkId: string, date: Date): string {
  return `${fileSlug(frameworkId) || 'snapshot'}-${date.toISOString().slice(0, 10)}.progression.json`;
}

/**
 * The file name of a manager's review, which says it is one and whose:
 * `<framework>-review-of-<person>-<YYYY-MM-DD>.progression.json`
 * (`engineering-backend-review-of-ada-lovelace-2025-01-31.progression.json`); without a name,
 * `<framework>-review-<YYYY-MM-DD>.progression.json`.
 */
export function reviewFileName(frameworkId: string, person: string | null, date: Date): string {
  const who = person === null ? '' : fileSlug(person);
  return `${fileSlug(frameworkId) || 'snapshot'}-review${who ? `-of-${who}` : ''}-${date.toISOString().slice(0, 10)}.progression.json`;
}

/** Letters, digits, `.`, `_` and `-` of `text` in lower case, anything else one `-`. */
function fileSlug(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .toLowerCase();
}
