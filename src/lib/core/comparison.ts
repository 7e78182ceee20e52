/**
 * The engineer's assessment beside their manager's review of it: per criterion where the two
 * views differ, per topic both coverages, per level both tallies, and both suggested levels with
 * the manager's verdict.
 *
 * The rule, in words. The manager's view of a criterion is the state they reviewed when they
 * agree; the other answer when they disagree (demonstrated becomes not yet, not yet becomes
 * demonstrated, not applicable becomes applicable and not yet); not yet when they ask for
 * evidence; and the state they reviewed when they said nothing. The manager's suggested level
 * is the level rule (`scoring.ts`) run over those states at the engineer's threshold, so both
 * levels are computed the same way.
 *
 * Criteria are matched by id, so a review made against another version of the framework still
 * lands on every criterion the two versions share; a criterion reworded, moved or removed since
 * has another id and is listed apart (`onlyInReview`), never dropped, and a criterion added since
 * is compared as not reviewed.
 */
import { allCriteria, type Framework } from './model.ts';
import type { CriterionState } from './progress.ts';
import {
  levelTallies,
  suggestLevel,
  topicStandings,
  type LevelTally,
  type Suggestion,
  type TopicStanding,
} from './scoring.ts';
import type {
  OverallVerdict,
  ReviewVerdict,
  Snapshot,
  SnapshotCriterion,
  SnapshotReviewOf,
} from './snapshot.ts';

/** One criterion of the engineer's framework, both ways. */
export interface CriterionComparison {
  id: string;
  topic: string;
  topicTitle: string;
  level: number;
  text: string;
  /** The engineer's state now. */
  mine: CriterionState;
  /** The state the manager reviewed; null for a criterion the review does not have. */
  reviewed: CriterionState | null;
  /** The manager's verdict; null when they gave none. */
  verdict: ReviewVerdict | null;
  comment: string | null;
  /** The state in the manager's view (see the rule above). */
  manager: CriterionState;
  /** The manager's view of it is not the engineer's now. */
  differs: boolean;
  /** The engineer's state changed since the snapshot reviewed. */
  changedSince: boolean;
}

/** One topic, both ways. */
export interface TopicComparison {
  name: string;
  title: string;
  mine: TopicStanding;
  manager: TopicStanding;
}

export interface LevelComparison {
  level: number;
  mine: LevelTally;
  manager: LevelTally;
}

export interface Comparison {
  /** Every criterion of the engineer's framework, in reading order. */
  criteria: CriterionComparison[];
  /** Criteria of the review the engineer's framework does not have (reworded, moved, removed). */
  onlyInReview: SnapshotCriterion[];
  topics: TopicComparison[];
  levels: LevelComparison[];
  mine: Suggestion | null;
  manager: Suggestion | null;
  /** The manager's overall verdict, when they gave one. */
  verdict: OverallVerdict | null;
  reviewer: string | null;
  /** Who was reviewed, as the review names them. */
  person: string | null;
  reviewedAt: string;
  threshold: number;
  counts: {
    agree: number;
    disagree: number;
    needsEvidence: number;
    notReviewed: number;
    differ: number;
    onlyInReview: number;
  };
}

export interface ComparisonInput {
  /** The engineer's framework as they see it now. */
  framework: Framework;
  /** The engineer's state of a criterion now. */
  stateOf: (criterionId: string) => CriterionState;
  threshold: number;
  /** The manager's review: a `role: "manager"` snapshot. */
  review: Snapshot;
}

/** The manager's view of a criterion reviewed in `reviewed` with `verdict`. */
export function managerState(
  reviewed: CriterionState,
  verdict: ReviewVerdict | null,
): CriterionState {
  switch (verdict) {
    case null:
    case 'agree':
      return reviewed;
    case 'disagree':
      return reviewed === 'demonstrated'
        ? 'not-yet'
        : reviewed === 'not-yet'
          ? 'demonstrated'
          : 'not-yet';
    case 'needs-evidence':
      return 'not-yet';
    default:
      return verdict satisfies never;
  }
}

/**
 * The comparison of the engineer's assessment now with `input.review`. Throws a `RangeError` for
 * a bad threshold, as the level rule does.
 */
export function compareWithReview(input: ComparisonInput): Comparison {
  const { framework, stateOf, threshold, review } = input;
  const reviewed = new Map<string, SnapshotCriterion>();
  for (const criterion of review.criteria)
    if (!criterion.detached) reviewed.set(criterion.id, criterion);
  const titles = new Map(framework.topics.map((topic) => [topic.name, topic.title]));
  const known = new Set<string>();
  const counts = {
    agree: 0,
    disagree: 0,
    needsEvidence: 0,
    notReviewed: 0,
    differ: 0,
    onlyInReview: 0,
  };
  const managerStates = new Map<string, CriterionState>();
  const criteria = allCriteria(framework).map((criterion): CriterionComparison => {
    known.add(criterion.id);
    const mine = stateOf(criterion.id);
    const theirs = reviewed.get(criterion.id);
    const verdict = theirs?.review?.verdict ?? null;
    // A criterion added since the review: the manager has not seen it, so takes the engineer's.
    const manager = theirs ? managerState(theirs.state, verdict) : mine;
    managerStates.set(criterion.id, manager);
    const differs = manager !== mine;
    if (verdict === 'agree') counts.agree += 1;
    else if (verdict === 'disagree') counts.disagree += 1;
    else if (verdict === 'needs-evidence') counts.needsEvidence += 1;
    else counts.notReviewed += 1;
    if (differs) counts.differ += 1;
    return {
      id: criterion.id,
      topic: criterion.topic,
      topicTitle: titles.get(criterion.topic) ?? criterion.topic,
      level: criterion.level,
      text: criterion.text,
      mine,
      reviewed: theirs?.state ?? null,
      verdict,
      comment: theirs?.review?.comment ?? null,
      manager,
      differs,
      changedSince: theirs !== undefined && theirs.state !== mine,
    };
  });
  const onlyInReview = [...reviewed.values()].filter((criterion) => !known.has(criterion.id));
  counts.onlyInReview = onlyInReview.length;

  const managerOf = (id: string) => managerStates.get(id) ?? 'not-yet';
  const mineTallies = levelTallies(framework, stateOf);
  const managerTallies = levelTallies(framework, managerOf);
  const mineTopics = topicStandings(framework, stateOf, threshold);
  const managerTopics = topicStandings(framework, managerOf, threshold);
  const about: SnapshotReviewOf | undefined = review.review;
  return {
    criteria,
    onlyInReview,
    topics: framework.topics.map((topic, index) => ({
      name: topic.name,
      title: topic.title,
      mine: mineTopics[index]!,
      manager: managerTopics[index]!,
    })),
    levels: mineTallies.map((tally, index) => ({
      level: tally.level,
      mine: tally,
      manager: managerTallies[index]!,
    })),
    mine: suggestLevel(mineTallies, threshold),
    manager: suggestLevel(managerTallies, threshold),
    verdict: about?.verdict ?? null,
    reviewer: about?.reviewer ?? null,
    person: review.person ?? null,
    reviewedAt: about?.reviewedAt ?? review.exportedAt,
    threshold,
    counts,
  };
}

/** What the comparison lists: everything, where the views differ, or one verdict. */
export type ComparisonFilter = 'all' | 'differ' | 'disagree' | 'needs-evidence';

/** The criteria `filter` keeps, in order. */
export function filterComparison(
  criteria: readonly CriterionComparison[],
  filter: ComparisonFilter,
): CriterionComparison[] {
  switch (filter) {
    case 'all':
      return [...criteria];
    case 'differ':
      return criteria.filter((criterion) => criterion.differs);
    case 'disagree':
    case 'needs-evidence':
      return criteria.filter((criterion) => criterion.verdict === filter);
    default:
      return filter satisfies never;
  }
}

/** A topic's standing as one short label: `2C`, `not started`, `not applicable`. */
export function standingLabel(standing: TopicStanding): string {
  switch (standing.status) {
    case 'placed':
      return standing.suggestion.label;
    case 'not-started':
      return 'not started';
    case 'not-applicable':
      return 'not applicable';
    default:
      return standing satisfies never;
  }
}

/** `3 agreed, 1 disagreed, evidence asked for 1, 130 not reviewed.` */
export function countsSentence(counts: Comparison['counts']): string {
  return (
    `${counts.agree} agreed, ${counts.disagree} disagreed, evidence asked for ` +
    `${counts.needsEvidence}, ${counts.notReviewed} not reviewed.`
  );
}
