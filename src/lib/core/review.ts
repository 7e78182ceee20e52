/**
 * A manager's review of an engineer's assessment: for each criterion agree, disagree or needs
 * evidence, with an optional comment, and for the whole assessment a verdict (a level and
 * sub-level) with a comment.
 *
 * The rule of a review: it is the manager's, never mixed into anyone's progress. It is kept in
 * its own collection, keyed by the snapshot it reviews (`snapshotDigest`), not by a name, which
 * is optional; it goes back to the engineer as a `role: "manager"` snapshot (version 2) holding
 * the engineer's criteria exactly as reviewed, each with its verdict, and naming the snapshot
 * reviewed, the reviewer and the overall verdict (`reviewSnapshot`). The engineer reads it
 * beside their own assessment (`comparison.ts`).
 */
import { defineCollection, type Collection } from './collection.ts';
import type { SubLevel } from './scoring.ts';
import {
  assembleSnapshot,
  snapshotCriterion,
  snapshotDigest,
  type OverallVerdict,
  type ReviewVerdict,
  type Snapshot,
  type SnapshotReview,
} from './snapshot.ts';

export type { OverallVerdict, ReviewVerdict };

/** The manager's verdict on one criterion, as kept. */
export interface CriterionReview {
  id: string;
  verdict: ReviewVerdict;
  comment?: string;
}

/** A review as the manager's browser keeps it, under the digest of the snapshot it reviews. */
export interface Review {
  /** `snapshotDigest` of the snapshot reviewed: the review's key. */
  of: string;
  /** The received assessment holding the snapshot reviewed. */
  receivedKey: string;
  /** The manager's name, when they give one. */
  reviewer: string | null;
  startedAt: string;
  updatedAt: string;
  /** One per criterion reviewed, in the order they were first reviewed. */
  criteria: CriterionReview[];
  /** Null until the manager gives one. */
  verdict: OverallVerdict | null;
}

/** The manager's reviews, keyed by the digest of the snapshot each reviews. */
export const REVIEWS: Collection<Review> = defineCollection('reviews', () =>
  import('./schemas/review.ts').then((module) => module.ReviewSchema),
);

/** The words of each verdict, as the review's radio buttons and the comparison say them. */
export const VERDICT_WORDS: Readonly<Record<ReviewVerdict, string>> = {
  agree: 'Agree',
  disagree: 'Disagree',
  'needs-evidence': 'Needs evidence',
};

/** A new, empty review of `snapshot`, kept in the received assessment `receivedKey`. */
export function startReview(
  snapshot: Snapshot,
  receivedKey: string,
  reviewer: string | null,
  now: Date,
): Review {
  const at = now.toISOString();
  return {
    of: snapshotDigest(snapshot),
    receivedKey,
    reviewer,
    startedAt: at,
    updatedAt: at,
    criteria: [],
    verdict: null,
  };
}

/**
 * `review` with the verdict on `criterionId` set (null clears it) and its comment (trimmed; empty
 * removes it). The review given is not changed.
 */
export function reviewCriterion(
  review: Review,
  criterionId: string,
  change: { verdict: ReviewVerdict | null; comment?: string },
  now: Date,
): Review {
  const existing = review.criteria.find((entry) => entry.id === criterionId);
  const comment = (change.comment ?? existing?.comment ?? '').trim();
  const criteria = review.criteria.filter((entry) => entry.id !== criterionId);
  if (change.verdict !== null) {
    const entry: CriterionReview = { id: criterionId, verdict: change.verdict };
    if (comment !== '') entry.comment = comment;
    const at = review.criteria.findIndex((item) => item.id === criterionId);
    criteria.splice(at < 0 ? criteria.length : at, 0, entry);
  }
  return { ...review, criteria, updatedAt: now.toISOString() };
}

/** `review` with its overall verdict set (null clears it); the comment trimmed, empty dropped. */
export function setOverallVerdict(
  review: Review,
  verdict: { level: number | null; subLevel: SubLevel | null; comment?: string } | null,
  now: Date,
): Review {
  let next: OverallVerdict | null = null;
  if (verdict) {
    next = { level: verdict.level, subLevel: verdict.level === null ? null : verdict.subLevel };
    const comment = verdict.comment?.trim();
    if (comment) next.comment = comment;
  }
  return { ...review, verdict: next, updatedAt: now.toISOString() };
}

/** A verdict's level as the framework writes it (`3C`, `3` without a sub-level); `no level`. */
export function verdictLabel(verdict: Pick<OverallVerdict, 'level' | 'subLevel'>): string {
  return verdict.level === null ? 'no level' : `${verdict.level}${verdict.subLevel ?? ''}`;
}

/** How far the review has got over the criteria of `snapshot` that can be reviewed. */
export function reviewProgress(
  review: Review | null,
  snapshot: Snapshot,
): { reviewed: number; total: number } {
  const ids = new Set(snapshot.criteria.filter((item) => !item.detached).map((item) => item.id));
  const reviewed = review ? review.criteria.filter((entry) => ids.has(entry.id)).length : 0;
  return { reviewed, total: ids.size };
}

/**
 * The review as the file sent back: `reviewed` (the engineer's snapshot, as read) with each
 * criterion's verdict, `role: "manager"`, the engineer's name kept as `person`, and `review`
 * naming the reviewer, the overall verdict and the snapshot reviewed. Verdicts on criteria the
 * snapshot does not have are left out. Throws an `Error` when `review` is not of `reviewed`
 * (its digest differs): a review must never be sent back against another assessment.
 */
export function reviewSnapshot(
  reviewed: Snapshot,
  review: Review,
  exportedAt: Date,
  exportId?: string,
): Snapshot {
  const digest = snapshotDigest(reviewed);
  if (digest !== review.of)
    throw new Error(`The review is of snapshot ${review.of}, not of ${digest}.`);
  const verdicts = new Map<string, SnapshotReview>(
    review.criteria.map((entry) => [
      entry.id,
      entry.comment === undefined
        ? { verdict: entry.verdict }
        : { verdict: entry.verdict, comment: entry.comment },
    ]),
  );
  const criteria = reviewed.criteria.map((criterion) =>
    snapshotCriterion({
      ...criterion,
      reason: criterion.reason,
      evidence: criterion.evidence,
      updatedAt: criterion.updatedAt,
      detached: criterion.detached,
      review: criterion.detached ? undefined : verdicts.get(criterion.id),
    }),
  );
  return assembleSnapshot({
    exportedAt: exportedAt.toISOString(),
    role: 'manager',
    person: reviewed.person,
    exportId,
    framework: {
      id: reviewed.framework.id,
      title: reviewed.framework.title,
      sha256: reviewed.framework.sha256,
      source: reviewed.framework.source,
    },
    settings: reviewed.settings,
    criteria,
    review: {
      ...(review.reviewer === null ? {} : { reviewer: review.reviewer }),
      reviewedAt: review.updatedAt,
      of: {
        digest,
        exportedAt: reviewed.exportedAt,
        ...(reviewed.exportId === undefined ? {} : { exportId: reviewed.exportId }),
        suggested: reviewed.summary.label,
      },
      ...(review.verdict === null ? {} : { verdict: review.verdict }),
    },
    summary: reviewed.summary,
  });
}
