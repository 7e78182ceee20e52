import type { Framework } from './model.ts';
import type { LevelTally, Suggestion, TopicStanding } from './scoring.ts';

/** One cell of the coverage table: a topic (or all topics) at one level. */
export interface CoverageCell {
  level: number;
  demonstrated: number;
  applicable: number;
  /** floor(100 × demonstrated / applicable); 0 when nothing applies. */
  percent: number;
}

export interface TopicCoverage {
  name: string;
  title: string;
  /** One cell per framework level, in order; topics without criteria at a level get a = 0. */
  cells: CoverageCell[];
  /** `3C`, `not started`, or `not applicable`. */
  standingLabel: string;
  /** Standing as a number for charting: level + sub-level fifths (3C = 3.4); 0 when none. */
  standingValue: number;
}

/** The numbers behind the coverage charts and their table, computed once for both. */
export interface CoverageData {
  levels: number[];
  topics: TopicCoverage[];
  totals: CoverageCell[];
  overallLabel: string;
}

function cell(level: number, tally: LevelTally | undefined): CoverageCell {
  const demonstrated = tally?.demonstrated ?? 0;
  const applicable = tally?.applicable ?? 0;
  return {
    level,
    demonstrated,
    applicable,
    percent: applicable === 0 ? 0 : Math.floor((100 * demonstrated) / applicable),
  };
}

/**
 * Coverage per topic and level, with each topic's standing, from the tallies and standings the
 * scoring rule computed; the charts and the table both read this, so they show the same numbers.
 */
export function coverageData(
  framework: Framework,
  totals: readonly LevelTally[],
  standings: readonly TopicStanding[],
  suggestion: Suggestion | null,
): CoverageData {
  const levels = framework.levels;
  const topics = framework.topics.map((topic): TopicCoverage => {
    const standing = standings.find((candidate) => candidate.topic === topic.name);
    const tallies = standing?.tallies ?? [];
    let standingLabel = 'not started';
    let standingValue = 0;
    if (standing?.status === 'placed') {
      standingLabel = standing.suggestion.label;
      standingValue = standing.suggestion.level + 'ABCDE'.indexOf(standing.suggestion.subLevel) / 5;
    } else if (standing?.status === 'not-applicable') {
      standingLabel = 'not applicable';
    }
    return {
      name: topic.name,
      title: topic.title,
      cells: levels.map((level) =>
        cell(
          level,
          tallies.find((tally) => tally.level === level),
        ),
      ),
      standingLabel,
      standingValue,
    };
  });
  return {
    levels,
    topics,
    totals: levels.map((level) =>
      cell(
        level,
        totals.find((tally) => tally.level === level),
      ),
    ),
    overallLabel: suggestion?.label ?? '–',
  };
}

/** One topic's numbers at one level: the summary kept in view while ticking shows these. */
export interface TopicAtLevel {
  name: string;
  title: string;
  demonstrated: number;
  applicable: number;
  /** floor(100 × demonstrated / applicable); 0 when nothing applies. */
  percent: number;
}

/**
 * Each topic that has criteria at `level`, in the framework's order, with the numbers the rule
 * counted there (from `standings`, as `topicStandings` gives them). A level no topic has: [].
 */
export function topicsAtLevel(
  framework: Framework,
  standings: readonly TopicStanding[],
  level: number,
): TopicAtLevel[] {
  const topics: TopicAtLevel[] = [];
  for (const topic of framework.topics) {
    const tally = standings
      .find((standing) => standing.topic === topic.name)
      ?.tallies.find((candidate) => candidate.level === level);
    if (!tally || tally.total === 0) continue;
    const { demonstrated, applicable, percent } = cell(level, tally);
    topics.push({ name: topic.name, title: topic.title, demonstrated, applicable, percent });
  }
  return topics;
}
