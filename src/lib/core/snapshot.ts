/**
 * The snapshot file: one person's assessment against one framework, as a versioned JSON file to
 * keep, move to another browser or send to a manager (`schema/progression.snapshot.v2.schema.json`
 * publishes its shape). This module builds the file; `snapshot-read.ts` reads one and
 * `import-plan.ts` plans what importing it would change.
 *
 * The rule of the file: every criterion of the framework appears in `criteria`, in the
 * framework's reading order, so the file is readable on its own. A criterion nobody has recorded
 * is written `not-yet` without `updatedAt`. Progress saved for criteria the framework no longer
 * has is written after them, flagged `"detached": true` and carrying the topic, level and text it
 * was recorded against: a snapshot must not lose progress the re-attach flow has not placed yet.
 * `summary` is for readers and is computed here by the level rule (`scoring.ts`) over the
 * framework's criteria only; a reader of the file recomputes it and never trusts it.
 */
import { allCriteria, type Criterion, type Framework, type Topic } from './model.ts';
import type { CriterionProgress, CriterionState, FrameworkSettings } from './progress.ts';
import { DEFAULT_THRESHOLD } from './progress.ts';
import { assertThreshold, suggestLevel, tallyCriteria, topicStanding } from './scoring.ts';
import type { LevelTally, SubLevel } from './scoring.ts';
import { sha256Hex } from './hash.ts';
import { normaliseSource } from './source.ts';
import { compareText } from './order.ts';

export const SNAPSHOT_FORMAT = 'progression.snapshot';
/**
 * Version of the snapshot file's shape this app writes and the newest it reads; a file with a
 * higher version is refused, not guessed at. Version 2 adds `exportId` and a manager's `review`
 * (reviewer, overall verdict, the snapshot reviewed); a version 1 file reads as a version 2 file
 * without them.
 */
export const SNAPSHOT_VERSION = 2;
/** Every version this app reads. */
export const SNAPSHOT_VERSIONS = [1, 2] as const;
export type SnapshotVersion = (typeof SNAPSHOT_VERSIONS)[number];

export type SnapshotRole = 'self' | 'manager';
export type ReviewVerdict = 'agree' | 'disagree' | 'needs-evidence';

/** A manager's verdict on one criterion. */
export interface SnapshotReview {
  verdict: ReviewVerdict;
  comment?: string;
}

/** The snapshot a review is of, so the review finds its way back to it. */
export interface ReviewedSnapshot {
  /** `snapshotDigest` of the snapshot reviewed. */
  digest: string;
  /** When the snapshot reviewed was exported. */
  exportedAt: string;
  /** The `exportId` of the snapshot reviewed, when it had one: the engineer's browser. */
  exportId?: string;
  /** The level the snapshot reviewed suggested (`3C`), as the manager saw it; null for none. */
  suggested: string | null;
}

/** The manager's overall verdict: the level and sub-level they see, with a comment. */
export interface OverallVerdict {
  /** Null: no level applies yet. */
  level: number | null;
  subLevel: SubLevel | null;
  comment?: string;
}

/** A manager's review of a whole snapshot (version 2): who, when, of what, and the verdict. */
export interface SnapshotReviewOf {
  reviewer?: string;
  reviewedAt: string;
  of: ReviewedSnapshot;
  /** Absent while the manager has not given one. */
  verdict?: OverallVerdict;
}

export interface SnapshotFramework {
  id: string;
  title: string;
  /** SHA-256 (hex) of the normalised source: `Framework.sourceHash`. */
  sha256: string;
  /** The framework file's text, when the export includes it. */
  source?: string;
}

export interface SnapshotSettings {
  /** Whole percentage from 50 to 100. */
  threshold: number;
  target?: number;
}

export interface SnapshotCriterion {
  id: string;
  topic: string;
  level: number;
  text: string;
  state: CriterionState;
  reason?: string;
  evidence?: string;
  /** Absent when nothing was ever recorded for the criterion. */
  updatedAt?: string;
  review?: SnapshotReview;
  /** Progress for a criterion the framework no longer has (kept for re-attaching). */
  detached?: true;
}

export interface SummaryLevel {
  level: number;
  demonstrated: number;
  applicable: number;
}

export interface SummaryTopic {
  name: string;
  title: string;
  /** As `TopicStanding.status`: only a `placed` topic has a level and sub-level. */
  status: 'placed' | 'not-started' | 'not-applicable';
  level: number | null;
  subLevel: SubLevel | null;
  levels: SummaryLevel[];
}

/** Where the person stands by the level rule; level, sub-level and label null when nothing applies. */
export interface SnapshotSummary {
  level: number | null;
  subLevel: SubLevel | null;
  label: string | null;
  levels: SummaryLevel[];
  topics: SummaryTopic[];
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: SnapshotVersion;
  exportedAt: string;
  role: SnapshotRole;
  /** Whose assessment it is (in a review: the engineer reviewed). */
  person?: string;
  /**
   * The id of the browser that exported it (version 2): the app recognises its own files by it,
   * never by a name.
   */
  exportId?: string;
  framework: SnapshotFramework;
  settings: SnapshotSettings;
  criteria: SnapshotCriterion[];
  /** A manager's review (version 2, `role: "manager"`): the per-criterion verdicts are in `criteria`. */
  review?: SnapshotReviewOf;
  summary: SnapshotSummary;
}

export interface BuildSnapshotInput {
  framework: Framework;
  /** The saved progress for `framework` (any order); records of another framework throw. */
  records: readonly CriterionProgress[];
  /** Null when the person never changed them: the default threshold, no target. */
  settings: Pick<FrameworkSettings, 'threshold' | 'target'> | null;
  role: SnapshotRole;
  person?: string;
  /** The framework file's text to embed; its normalised hash must be `framework.sourceHash`. */
  source?: string;
  exportedAt: Date;
  /** A manager's verdicts, by criterion id. */
  reviews?: ReadonlyMap<string, SnapshotReview>;
  /** The id of this browser, written into every export so it knows its own files again. */
  exportId?: string;
  /** A manager's review of the whole assessment (a review read from a link, say). */
  review?: SnapshotReviewOf;
}

/**
 * The snapshot of `input`. Throws a `TypeError` naming the record for a record of another
 * framework or a repeated criterion id, a `RangeError` for a bad threshold, and an `Error` when
 * `source` is not the text of `framework` (its hash differs): all are the caller's mistakes, and
 * a file that lies about its framework must never be written.
 */
export function buildSnapshot(input: BuildSnapshotInput): Snapshot {
  const { framework } = input;
  const threshold = input.settings?.threshold ?? DEFAULT_THRESHOLD;
  assertThreshold(threshold);
  if (input.source !== undefined) {
    const hash = sha256Hex(normaliseSource(input.source).text);
    if (hash !== framework.sourceHash)
      throw new Error(
        `The source to embed is not the text of framework "${framework.id}" (hash ${hash}, expected ${framework.sourceHash}).`,
      );
  }
  const byId = new Map<string, CriterionProgress>();
  for (const record of input.records) {
    if (record.frameworkId !== framework.id)
      throw new TypeError(
        `Record for criterion "${record.criterionId}" belongs to framework "${record.frameworkId}", not "${framework.id}".`,
      );
    if (byId.has(record.criterionId))
      throw new TypeError(`Two records for criterion "${record.criterionId}".`);
    byId.set(record.criterionId, record);
  }
  const review = (id: string) => input.reviews?.get(id);

  const criteria: SnapshotCriterion[] = [];
  const known = new Set<string>();
  for (const criterion of allCriteria(framework)) {
    known.add(criterion.id);
    const record = byId.get(criterion.id);
    criteria.push(
      snapshotCriterion({
        id: criterion.id,
        topic: criterion.topic,
        level: criterion.level,
        text: criterion.text,
        state: record?.state ?? 'not-yet',
        reason: record?.reason,
        evidence: record?.evidence,
        updatedAt: record?.updatedAt,
        review: review(criterion.id),
        detached: undefined,
      }),
    );
  }
  const detached = [...byId.values()]
    .filter((record) => !known.has(record.criterionId))
    .sort((a, b) => compareText(a.criterionId, b.criterionId));
  for (const record of detached) {
    criteria.push(
      snapshotCriterion({
        id: record.criterionId,
        topic: record.topic,
        level: record.level,
        text: record.text,
        state: record.state,
        reason: record.reason,
        evidence: record.evidence,
        updatedAt: record.updatedAt,
        review: review(record.criterionId),
        detached: true,
      }),
    );
  }

  const target = input.settings?.target ?? null;
  return assembleSnapshot({
    exportedAt: input.exportedAt.toISOString(),
    role: input.role,
    person: input.person,
    exportId: input.exportId,
    framework: {
      id: framework.id,
      title: framework.title,
      sha256: framework.sourceHash,
      source: input.source,
    },
    settings: target === null ? { threshold } : { threshold, target },
    criteria,
    review: input.review,
    summary: snapshotSummary(framework.topics, statesOf(criteria), threshold),
  });
}

/** Progress for criteria the framework no longer has, as written at the end of `criteria`. */
export function detachedCriteria(snapshot: Snapshot): SnapshotCriterion[] {
  return snapshot.criteria.filter((criterion) => criterion.detached === true);
}

/**
 * A short fingerprint of the assessment a snapshot holds (32 hex digits of SHA-256 over the
 * framework, the time of export, the name, the export id and every criterion's state and
 * notes): what a review names as the snapshot it is of, and the key it is kept under. Its
 * `summary` and `review` are left out: the one is recomputed on every read, the other is not
 * the engineer's.
 */
export function snapshotDigest(snapshot: Snapshot): string {
  return sha256Hex(
    JSON.stringify([
      snapshot.framework.id,
      snapshot.framework.sha256,
      snapshot.exportedAt,
      snapshot.person ?? null,
      snapshot.exportId ?? null,
      snapshot.criteria.map((criterion) => [
        criterion.id,
        criterion.state,
        criterion.reason ?? null,
        criterion.evidence ?? null,
        criterion.updatedAt ?? null,
      ]),
    ]),
  ).slice(0, 32);
}

/**
 * The summary by the level rule over `topics`' criteria with `states` (a criterion missing from
 * `states` is not yet demonstrated). Throws a `RangeError` for a bad threshold.
 */
export function snapshotSummary(
  topics: readonly Topic[],
  states: ReadonlyMap<string, CriterionState>,
  threshold: number,
): SnapshotSummary {
  const criteria: Criterion[] = topics.flatMap((topic) =>
    topic.levels.flatMap((level) => level.criteria),
  );
  const overall = suggestLevel(tallyCriteria(criteria, states), threshold);
  return {
    level: overall?.level ?? null,
    subLevel: overall?.subLevel ?? null,
    label: overall?.label ?? null,
    levels: summaryLevels(tallyCriteria(criteria, states)),
    topics: topics.map((topic) => {
      const standing = topicStanding(topic, states, threshold);
      const placed = standing.status === 'placed' ? standing.suggestion : null;
      return {
        name: topic.name,
        title: topic.title,
        status: standing.status,
        level: placed?.level ?? null,
        subLevel: placed?.subLevel ?? null,
        levels: summaryLevels(standing.tallies),
      };
    }),
  };
}

/** Criterion id -> state, for the criteria the snapshot's framework has. */
export function statesOf(criteria: readonly SnapshotCriterion[]): Map<string, CriterionState> {
  const states = new Map<string, CriterionState>();
  for (const criterion of criteria)
    if (!criterion.detached) states.set(criterion.id, criterion.state);
  return states;
}

/** A snapshot criterion with its keys in the file's order and absent optional fields left out. */
export function snapshotCriterion(
  fields: Pick<SnapshotCriterion, 'id' | 'topic' | 'level' | 'text' | 'state'> & {
    [K in 'reason' | 'evidence' | 'updatedAt' | 'review' | 'detached']:
      SnapshotCriterion[K] | undefined;
  },
): SnapshotCriterion {
  const out: SnapshotCriterion = {
    id: fields.id,
    topic: fields.topic,
    level: fields.level,
    text: fields.text,
    state: fields.state,
  };
  if (fields.reason !== undefined) out.reason = fields.reason;
  if (fields.evidence !== undefined) out.evidence = fields.evidence;
  if (fields.updatedAt !== undefined) out.updatedAt = fields.updatedAt;
  if (fields.review !== undefined)
    out.review =
      fields.review.comment === undefined
        ? { verdict: fields.review.verdict }
        : { verdict: fields.review.verdict, comment: fields.review.comment };
  if (fields.detached) out.detached = true;
  return out;
}

/** A snapshot with its keys in the file's order and absent optional fields left out. */
export function assembleSnapshot(parts: {
  exportedAt: string;
  role: SnapshotRole;
  person: string | undefined;
  exportId: string | undefined;
  framework: { id: string; title: string; sha256: string; source: string | undefined };
  settings: SnapshotSettings;
  criteria: SnapshotCriterion[];
  review: SnapshotReviewOf | undefined;
  summary: SnapshotSummary;
}): Snapshot {
  const framework: SnapshotFramework = {
    id: parts.framework.id,
    title: parts.framework.title,
    sha256: parts.framework.sha256,
  };
  if (parts.framework.source !== undefined) framework.source = parts.framework.source;
  const settings: SnapshotSettings =
    parts.settings.target === undefined
      ? { threshold: parts.settings.threshold }
      : { threshold: parts.settings.threshold, target: parts.settings.target };
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    exportedAt: parts.exportedAt,
    role: parts.role,
    ...(parts.person === undefined ? {} : { person: parts.person }),
    ...(parts.exportId === undefined ? {} : { exportId: parts.exportId }),
    framework,
    settings,
    criteria: parts.criteria,
    ...(parts.review === undefined ? {} : { review: parts.review }),
    summary: parts.summary,
  };
}

function summaryLevels(tallies: readonly LevelTally[]): SummaryLevel[] {
  return tallies.map(({ level, demonstrated, applicable }) => ({
    level,
    demonstrated,
    applicable,
  }));
}
