import { frameworkOfSnapshot } from '../core/report.ts';
import type { Framework } from '../core/model.ts';
import type { ReceivedAssessment } from '../core/received.ts';
import {
  REVIEWS,
  reviewCriterion,
  reviewProgress,
  reviewSnapshot,
  setOverallVerdict,
  startReview,
  type Review,
  type ReviewVerdict,
} from '../core/review.ts';
import type { SubLevel } from '../core/scoring.ts';
import { encodeShareLink, SHARE_LIMITS } from '../core/share-link.ts';
import { snapshotDigest, type Snapshot, type SnapshotCriterion } from '../core/snapshot.ts';
import { reviewFileName, snapshotToText } from '../core/snapshot-file.ts';
import type { SavedProgress } from './saved-progress.svelte.ts';

export interface ReviewSessionOptions {
  saved: SavedProgress;
  received: ReceivedAssessment;
  /** The received snapshot, read and checked again as any file is. */
  snapshot: Snapshot;
  /** The review kept for this snapshot, if the manager started one. */
  kept: Review | null;
  /** This browser's export id, written into the file sent back. */
  exportId: () => Promise<string>;
  /** Told of every change once it is kept, so lists of reviews follow it. */
  onkept?: (review: Review) => void;
  now?: () => Date;
}

/**
 * A manager's review of one received assessment: the engineer's criteria read-only, a verdict
 * and comment on each, an overall verdict, and sending it back as a file or a link. Every change
 * is kept at once (in its collection, keyed by the snapshot reviewed), so a review can be left
 * and taken up again another day; nothing here touches anyone's progress.
 */
export class ReviewSession {
  readonly received: ReceivedAssessment;
  readonly snapshot: Snapshot;
  /** The framework as the snapshot holds it: its criteria are the ones reviewed. */
  readonly framework: Framework;
  readonly #saved: SavedProgress;
  readonly #exportId: () => Promise<string>;
  readonly #onkept: (review: Review) => void;
  readonly #now: () => Date;
  readonly #criteria: Map<string, SnapshotCriterion>;
  #review = $state.raw<Review>(null as unknown as Review);
  /** Whether the last change could not be kept in this browser. */
  unsaved = $state(false);

  constructor(options: ReviewSessionOptions) {
    this.received = options.received;
    this.snapshot = options.snapshot;
    this.framework = frameworkOfSnapshot(options.snapshot);
    this.#saved = options.saved;
    this.#exportId = options.exportId;
    this.#onkept = options.onkept ?? (() => {});
    this.#now = options.now ?? (() => new Date());
    this.#criteria = new Map(options.snapshot.criteria.map((item) => [item.id, item]));
    const digest = snapshotDigest(options.snapshot);
    this.#review =
      options.kept?.of === digest
        ? options.kept
        : startReview(options.snapshot, options.received.key, null, this.#now());
  }

  get review(): Review {
    return this.#review;
  }

  /** The engineer's criterion as reviewed: state, reason, evidence. */
  criterion(id: string): SnapshotCriterion | undefined {
    return this.#criteria.get(id);
  }

  verdictOf(id: string): ReviewVerdict | null {
    return this.#review.criteria.find((entry) => entry.id === id)?.verdict ?? null;
  }

  commentOf(id: string): string {
    return this.#review.criteria.find((entry) => entry.id === id)?.comment ?? '';
  }

  /** `27 of 135 reviewed`. */
  get progress(): { reviewed: number; total: number } {
    return reviewProgress(this.#review, this.snapshot);
  }

  /** The level the engineer's snapshot suggests (`3C`), null for none. */
  get suggested(): string | null {
    return this.snapshot.summary.label;
  }

  async setVerdict(id: string, verdict: ReviewVerdict | null): Promise<void> {
    await this.#keep(reviewCriterion(this.#review, id, { verdict }, this.#now()));
  }

  /** Sets a criterion's comment; a comment without a verdict waits for one. */
  async setComment(id: string, comment: string): Promise<void> {
    const verdict = this.verdictOf(id);
    if (verdict === null) return;
    await this.#keep(reviewCriterion(this.#review, id, { verdict, comment }, this.#now()));
  }

  async setReviewer(name: string): Promise<void> {
    const reviewer = name.trim().slice(0, 200) || null;
    await this.#keep({ ...this.#review, reviewer, updatedAt: this.#now().toISOString() });
  }

  async setOverall(
    verdict: { level: number | null; subLevel: SubLevel | null; comment?: string } | null,
  ): Promise<void> {
    await this.#keep(setOverallVerdict(this.#review, verdict, this.#now()));
  }

  /** The review as the file to send back, named as a review of the engineer. */
  async file(): Promise<{ fileName: string; text: string }> {
    const now = this.#now();
    const snapshot = reviewSnapshot(this.snapshot, this.#review, now, await this.#exportId());
    return {
      fileName: reviewFileName(this.snapshot.framework.id, this.snapshot.person ?? null, now),
      text: snapshotToText(snapshot),
    };
  }

  /**
   * The review as a share link on `base` (the framework's page address), or why there is none:
   * longer than chat and mail tools carry.
   */
  async link(base: string): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
    const verdicts = new Map(this.#review.criteria.map((entry) => [entry.id, entry]));
    const payload = await encodeShareLink({
      framework: this.framework,
      stateOf: (id) => this.#criteria.get(id)?.state ?? 'not-yet',
      noteOf: (id) => this.#criteria.get(id),
      threshold: this.snapshot.settings.threshold,
      target: this.snapshot.settings.target ?? null,
      person: this.snapshot.person ?? null,
      date: this.#now(),
      options: { evidence: true, onlyShown: false },
      review: {
        reviewer: this.#review.reviewer,
        reviewOf: (id) => verdicts.get(id),
        verdict: this.#review.verdict,
        of: { digest: this.#review.of, exportedAt: this.snapshot.exportedAt },
      },
    });
    const url = `${base}#share=${payload}`;
    if (url.length > SHARE_LIMITS.linkLength)
      return {
        ok: false,
        message: `The link would be ${url.length.toLocaleString('en')} characters long, more than chat and mail tools carry (${SHARE_LIMITS.linkLength.toLocaleString('en')}). Send the review as a file instead.`,
      };
    return { ok: true, url };
  }

  async #keep(review: Review): Promise<void> {
    this.#review = review;
    try {
      await this.#saved.putEntry(REVIEWS, review.of, review);
      this.unsaved = false;
      this.#onkept(review);
    } catch {
      // Kept on this page: the review can still be sent back as a file or link.
      this.unsaved = true;
    }
  }
}
