/**
 * Reading checkpoints against each other and against today: where a checkpoint stood, what
 * changed between two of them (or one and now), and the one line a returning person reads.
 *
 * Every number comes from the checkpoint's own criteria and records, by the level rule of
 * `scoring.ts`: a checkpoint reads the same after the framework changes. Two states are matched
 * criterion by criterion on the criterion's id; a criterion only one of them has is listed
 * apart, with its text as that state kept it.
 */
import type { CheckpointCriterion, CheckpointRecord, ProgressState } from './checkpoint.ts';
import { compareText } from './order.ts';
import { DEFAULT_THRESHOLD, type CriterionState } from './progress.ts';
import { suggestLevel, tallyCriteria, type LevelTally, type Suggestion } from './scoring.ts';

/** One topic's coverage in a state: demonstrated of applicable over all its levels. */
export interface TopicCoverageAt {
  topic: string;
  demonstrated: number;
  applicable: number;
  /** floor(100 × demonstrated / applicable); null when nothing in the topic applies. */
  percent: number | null;
}

/** Where a state stands by the level rule. */
export interface StandingAt {
  threshold: number;
  tallies: LevelTally[];
  suggestion: Suggestion | null;
  /** Criteria demonstrated, of the state's criteria. */
  demonstrated: number;
  /** Each topic, in the order the state's criteria first name it. */
  topics: TopicCoverageAt[];
}

/** The threshold a state was scored with: its settings', else the default. */
export function thresholdOf(state: ProgressState): number {
  return state.settings?.threshold ?? DEFAULT_THRESHOLD;
}

/** The standing of `state` by the level rule, over its own criteria. */
export function standingAt(state: ProgressState): StandingAt {
  const states = statesOf(state.records);
  const lookup = (id: string): CriterionState => states.get(id) ?? 'not-yet';
  const threshold = thresholdOf(state);
  const tallies = tallyCriteria(state.criteria, lookup);
  const byTopic = new Map<string, TopicCoverageAt>();
  for (const criterion of state.criteria) {
    let topic = byTopic.get(criterion.topic);
    if (!topic) {
      topic = { topic: criterion.topic, demonstrated: 0, applicable: 0, percent: null };
      byTopic.set(criterion.topic, topic);
    }
    const current = lookup(criterion.id);
    if (current !== 'not-applicable') topic.applicable += 1;
    if (current === 'demonstrated') topic.demonstrated += 1;
  }
  for (const topic of byTopic.values()) {
    topic.percent =
      topic.applicable === 0 ? null : Math.floor((100 * topic.demonstrated) / topic.applicable);
  }
  return {
    threshold,
    tallies,
    suggestion: suggestLevel(tallies, threshold),
    demonstrated: tallies.reduce((sum, tally) => sum + tally.demonstrated, 0),
    topics: [...byTopic.values()],
  };
}

/** What changed for one criterion. */
export type ChangeKind =
  | 'newly-demonstrated'
  | 'no-longer-demonstrated'
  | 'newly-not-applicable'
  | 'no-longer-not-applicable'
  | 'evidence-added'
  | 'evidence-changed'
  | 'evidence-removed';

export const CHANGE_KINDS = [
  'newly-demonstrated',
  'no-longer-demonstrated',
  'newly-not-applicable',
  'no-longer-not-applicable',
  'evidence-added',
  'evidence-changed',
  'evidence-removed',
] as const satisfies readonly ChangeKind[];

/** One criterion both states have, changed between them. */
export interface CriterionDifference {
  criterion: CheckpointCriterion;
  kinds: ChangeKind[];
  before: CheckpointRecord | null;
  after: CheckpointRecord | null;
}

/** The differences at one level of one topic. */
export interface DifferenceGroup {
  level: number;
  topic: string;
  differences: CriterionDifference[];
}

/** A criterion only one of the two states has, with the progress that state kept for it. */
export interface UnmatchedCriterion {
  criterion: CheckpointCriterion;
  record: CheckpointRecord | null;
}

export interface Comparison {
  /** By level, then topic in the order of the later state's criteria. */
  groups: DifferenceGroup[];
  counts: Record<ChangeKind, number>;
  /** Criteria the earlier state has and the later one does not (the framework changed). */
  onlyBefore: UnmatchedCriterion[];
  /** Criteria the later state has and the earlier one does not. */
  onlyAfter: UnmatchedCriterion[];
}

/**
 * What changed from `before` to `after`, matching criteria by id: newly demonstrated, no longer
 * demonstrated, newly (or no longer) not applicable, evidence added, changed or removed; per
 * level and topic. Criteria only one side has are listed apart, never compared.
 */
export function compareStates(before: ProgressState, after: ProgressState): Comparison {
  const recordsBefore = new Map(before.records.map((record) => [record.criterionId, record]));
  const recordsAfter = new Map(after.records.map((record) => [record.criterionId, record]));
  const criteriaBefore = new Set(before.criteria.map((criterion) => criterion.id));
  const criteriaAfter = new Set(after.criteria.map((criterion) => criterion.id));
  const counts = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<
    ChangeKind,
    number
  >;
  const groups = new Map<string, DifferenceGroup>();
  const topicOrder = new Map<string, number>();
  for (const criterion of after.criteria) {
    if (!topicOrder.has(criterion.topic)) topicOrder.set(criterion.topic, topicOrder.size);
    if (!criteriaBefore.has(criterion.id)) continue;
    const was = recordsBefore.get(criterion.id) ?? null;
    const now = recordsAfter.get(criterion.id) ?? null;
    const kinds = changesOf(was, now);
    if (kinds.length === 0) continue;
    for (const kind of kinds) counts[kind] += 1;
    const key = `${criterion.level}\u0000${criterion.topic}`;
    let group = groups.get(key);
    if (!group) {
      group = { level: criterion.level, topic: criterion.topic, differences: [] };
      groups.set(key, group);
    }
    group.differences.push({ criterion: { ...criterion }, kinds, before: was, after: now });
  }
  return {
    groups: [...groups.values()].sort(
      (a, b) => a.level - b.level || topicOrder.get(a.topic)! - topicOrder.get(b.topic)!,
    ),
    counts,
    onlyBefore: before.criteria
      .filter((criterion) => !criteriaAfter.has(criterion.id))
      .map((criterion) => ({
        criterion: { ...criterion },
        record: recordsBefore.get(criterion.id) ?? null,
      })),
    onlyAfter: after.criteria
      .filter((criterion) => !criteriaBefore.has(criterion.id))
      .map((criterion) => ({
        criterion: { ...criterion },
        record: recordsAfter.get(criterion.id) ?? null,
      })),
  };
}

/** Whether a comparison found no difference at all. */
export function unchanged(comparison: Comparison): boolean {
  return (
    comparison.groups.length === 0 &&
    comparison.onlyBefore.length === 0 &&
    comparison.onlyAfter.length === 0
  );
}

function changesOf(was: CheckpointRecord | null, now: CheckpointRecord | null): ChangeKind[] {
  const before = was?.state ?? 'not-yet';
  const after = now?.state ?? 'not-yet';
  const kinds: ChangeKind[] = [];
  if (after === 'demonstrated' && before !== 'demonstrated') kinds.push('newly-demonstrated');
  if (before === 'demonstrated' && after !== 'demonstrated') kinds.push('no-longer-demonstrated');
  if (after === 'not-applicable' && before !== 'not-applicable') kinds.push('newly-not-applicable');
  if (before === 'not-applicable' && after !== 'not-applicable')
    kinds.push('no-longer-not-applicable');
  const evidenceBefore = was?.evidence?.trim() ?? '';
  const evidenceAfter = now?.evidence?.trim() ?? '';
  if (evidenceBefore === '' && evidenceAfter !== '') kinds.push('evidence-added');
  else if (evidenceBefore !== '' && evidenceAfter === '') kinds.push('evidence-removed');
  else if (evidenceBefore !== evidenceAfter) kinds.push('evidence-changed');
  return kinds;
}

/**
 * The one line a returning person reads about what changed since a checkpoint taken at
 * `takenAt`: `since 12 September: 6 more demonstrated, now 3B from 2E`. The date carries its
 * year when it is not the year of `today`; dates are in UTC, as they are stored.
 */
export function sinceLine(
  checkpoint: ProgressState & { takenAt: string },
  now: ProgressState,
  today: Date,
): string {
  const then = standingAt(checkpoint);
  const current = standingAt(now);
  const comparison = compareStates(checkpoint, now);
  const gained = comparison.counts['newly-demonstrated'];
  const lost = comparison.counts['no-longer-demonstrated'];
  const parts: string[] = [];
  if (gained > 0) parts.push(`${gained} more demonstrated`);
  if (lost > 0) parts.push(`${lost} no longer demonstrated`);
  const labelNow = current.suggestion?.label ?? 'no level';
  const labelThen = then.suggestion?.label ?? 'no level';
  if (parts.length === 0 && labelNow === labelThen) parts.push('no change');
  parts.push(labelNow === labelThen ? `still ${labelNow}` : `now ${labelNow} from ${labelThen}`);
  return `since ${dayOf(checkpoint.takenAt, today)}: ${parts.join(', ')}`;
}

/** `12 September`, or `12 September 2025` outside the year of `today`. */
export function dayOf(time: string, today: Date): string {
  const date = new Date(time);
  const sameYear = date.getUTCFullYear() === today.getUTCFullYear();
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  });
}

/**
 * The criteria of `state` that `today` (a framework's criteria now) lacks, with their progress,
 * and how many of its criteria `today` still has: what a checkpoint read after its framework
 * changed can and cannot match.
 */
export function matchToToday(
  state: ProgressState,
  today: readonly { id: string }[],
): { matched: number; missing: UnmatchedCriterion[] } {
  const ids = new Set(today.map((criterion) => criterion.id));
  const records = new Map(state.records.map((record) => [record.criterionId, record]));
  const missing = state.criteria
    .filter((criterion) => !ids.has(criterion.id))
    .map((criterion) => ({
      criterion: { ...criterion },
      record: records.get(criterion.id) ?? null,
    }))
    .sort(
      (a, b) =>
        a.criterion.level - b.criterion.level || compareText(a.criterion.id, b.criterion.id),
    );
  return { matched: state.criteria.length - missing.length, missing };
}

function statesOf(records: readonly CheckpointRecord[]): Map<string, CriterionState> {
  return new Map(records.map((record) => [record.criterionId, record.state]));
}
