/**
 * What an engineer records about one criterion, and their settings for one framework. Stored
 * per criterion, keyed by (framework id, criterion id).
 */

export type CriterionState = 'demonstrated' | 'not-yet' | 'not-applicable';

/** Each state in the words a person reads on every page: "Not applicable". */
export const STATE_WORDS: Readonly<Record<CriterionState, string>> = {
  demonstrated: 'Demonstrated',
  'not-yet': 'Not yet',
  'not-applicable': 'Not applicable',
};

/** Version of stored records; bump it and add a migration when the shape changes. */
export const PROGRESS_RECORD_VERSION = 1;

export interface CriterionProgress {
  frameworkId: string;
  criterionId: string;
  state: CriterionState;
  /** Why the criterion does not apply (only meaningful for `not-applicable`). */
  reason?: string;
  /** Free text, links allowed (shown as links, never as HTML). */
  evidence?: string;
  /** ISO 8601 time of the last change to state, reason or evidence. */
  updatedAt: string;
  /**
   * The criterion as it was when last changed: lets progress for a criterion that a newer
   * framework file no longer has be shown and re-attached.
   */
  topic: string;
  level: number;
  text: string;
}

export interface FrameworkSettings {
  frameworkId: string;
  /** Percentage of a level's applicable criteria that counts as showing the level (50–100). */
  threshold: number;
  /** The level the engineer is going for, if they chose one. */
  target: number | null;
  updatedAt: string;
}

export const DEFAULT_THRESHOLD = 80;

/** Whether two records hold the same progress on the same criterion as worded then. */
export function sameProgress(
  a: Omit<CriterionProgress, 'frameworkId'>,
  b: Omit<CriterionProgress, 'frameworkId'>,
): boolean {
  return (
    a.criterionId === b.criterionId &&
    a.state === b.state &&
    a.reason === b.reason &&
    a.evidence === b.evidence &&
    a.updatedAt === b.updatedAt &&
    a.topic === b.topic &&
    a.level === b.level &&
    a.text === b.text
  );
}

/** How far after an import or restore a file's time may be (clocks differ). */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a time read from a file (a snapshot's or a backup's) is more than a day after `now`.
 * Such a time is taken as the moment of the import, so no file overrules the person's own later
 * change by its date. A missing or unreadable time is not in the future.
 */
export function isFutureTime(time: string | undefined, now: Date): boolean {
  return time !== undefined && Date.parse(time) > now.getTime() + FUTURE_TOLERANCE_MS;
}
