/**
 * Why the suggestion is what it is: the rule of `scoring.ts` spelled out with the engineer's own
 * numbers, as data a UI can render and as sentences a person can check by hand.
 *
 * Each level is read as below the suggested level (so it meets the threshold), the suggested
 * level, above it (not counted until the suggested level meets the threshold) or skipped (nothing
 * applicable). Percentages are for display and rounded down, so a level is never said to reach
 * the threshold when it does not. Every "N more takes you to X" comes from re-running the rule
 * with N more demonstrated, never from arithmetic on its own.
 *
 * Before anything is demonstrated the rule would say "1A", which tells a newcomer nothing: the
 * explanation then says they have not started and how to begin, and gives no level.
 */
import {
  assertThreshold,
  neededForSubLevel,
  neededToMeet,
  suggestLevel,
  SUB_LEVELS,
  type LevelTally,
  type SubLevel,
  type Suggestion,
} from './scoring.ts';

/** How the rule read one level. */
export interface LevelReading extends LevelTally {
  /**
   * `below`: under the suggested level (so it meets the threshold); `suggested`; `above`: not
   * counted until the suggested level meets the threshold; `skipped`: nothing applicable.
   */
  role: 'below' | 'suggested' | 'above' | 'skipped';
  /** floor(100 × d / a), for display only; null when nothing is applicable. */
  percent: number | null;
  /** The fewest demonstrated criteria that meet the threshold (0 when nothing is applicable). */
  required: number;
  /** 100 × d >= T × a; false for a skipped level. */
  meetsThreshold: boolean;
}

/** What ticking `more` criteria at `level` would give, by re-running the rule. */
export interface TickOutcome {
  level: number;
  more: number;
  result: Suggestion;
}

/** The suggestion with the numbers behind it, for a UI to render and a person to check. */
export interface Explanation {
  threshold: number;
  suggestion: Suggestion | null;
  levels: LevelReading[];
  /** Criteria marked not applicable, over all levels. */
  notApplicable: number;
  /** Criteria over all levels, applicable or not. */
  total: number;
  /** The fewest more at the suggested level for its next sub-level; null at E. */
  toNextSubLevel: TickOutcome | null;
  /** The fewest more at the suggested level to meet the threshold; null at the highest level. */
  toNextLevel: TickOutcome | null;
  /** Whether any criterion is demonstrated; until then no level is worth showing. */
  started: boolean;
  /** Where each sub-level starts, as a share of the level's applicable criteria. */
  bands: SubLevelBand[];
}

/** Sub-level `subLevel` starts at `from` percent of a level's applicable criteria. */
export interface SubLevelBand {
  subLevel: SubLevel;
  /** k × T / 5 for the k-th letter from A = 0: a multiple of 0.2, so one decimal at most. */
  from: number;
}

/** Where each sub-level starts at threshold `threshold`: fifths of the way to it. */
export function subLevelBands(threshold: number): SubLevelBand[] {
  assertThreshold(threshold);
  // Tenths in whole numbers, so 16.6 is not 16.599999.
  return SUB_LEVELS.map((subLevel, k) => ({ subLevel, from: (2 * k * threshold) / 10 }));
}

/**
 * The bands in one sentence: "Sub-levels are fifths of the way to 80%: A below 16%, B from 16%,
 * C from 32%, D from 48%, E from 64%."
 */
export function describeBands(threshold: number): string {
  const bands = subLevelBands(threshold);
  const parts = bands.map((band, index) =>
    index === 0
      ? `${band.subLevel} below ${bands[1]!.from}%`
      : `${band.subLevel} from ${band.from}%`,
  );
  return `Sub-levels are fifths of the way to the ${threshold}% threshold: ${parts.join(', ')}.`;
}

/** The suggestion for `tallies` and why. Throws as `suggestLevel` for bad input. */
export function explainSuggestion(tallies: readonly LevelTally[], threshold: number): Explanation {
  const suggestion = suggestLevel(tallies, threshold);
  const levels = tallies.map((tally): LevelReading => {
    const counted = tally.applicable > 0;
    const required = neededToMeet(tally.applicable, threshold);
    const role = !counted
      ? 'skipped'
      : !suggestion || tally.level > suggestion.level
        ? 'above'
        : tally.level < suggestion.level
          ? 'below'
          : 'suggested';
    return {
      ...tally,
      role,
      percent: counted ? percentOf(tally.demonstrated, tally.applicable) : null,
      required,
      meetsThreshold: counted && tally.demonstrated >= required,
    };
  });
  const outcome = (more: number): TickOutcome | null => {
    if (!suggestion) return null;
    const ticked = tallies.map((tally) =>
      tally.level === suggestion.level
        ? { ...tally, demonstrated: tally.demonstrated + more }
        : tally,
    );
    return { level: suggestion.level, more, result: suggestLevel(ticked, threshold)! };
  };
  const next = suggestion && SUB_LEVELS[SUB_LEVELS.indexOf(suggestion.subLevel) + 1];
  return {
    threshold,
    suggestion,
    levels,
    notApplicable: tallies.reduce((sum, tally) => sum + tally.notApplicable, 0),
    total: tallies.reduce((sum, tally) => sum + tally.total, 0),
    toNextSubLevel:
      suggestion && next
        ? outcome(
            neededForSubLevel(next, suggestion.applicable, threshold) - suggestion.demonstrated,
          )
        : null,
    toNextLevel: suggestion?.heldBy
      ? outcome(suggestion.heldBy.required - suggestion.heldBy.demonstrated)
      : null,
    started: tallies.some((tally) => tally.demonstrated > 0),
    bands: subLevelBands(threshold),
  };
}

/**
 * The explanation in sentences with the engineer's numbers, e.g. "Levels 1–2 are at or above
 * 80%: 8/8, 17/21." and "At level 3 you show 10 of 26 = 38%, sub-level C.". Percentages are
 * rounded down, so a level is never said to reach the threshold when it does not.
 */
export function describeSuggestion(explanation: Explanation): string[] {
  const { threshold, suggestion, levels } = explanation;
  const sentences: string[] = [];
  if (!suggestion) {
    sentences.push(
      explanation.total === 0
        ? 'This framework has no criteria, so there is no suggested level.'
        : `No criterion applies (${countOf(explanation.notApplicable, 'criterion', 'criteria')} marked not applicable), so there is no suggested level.`,
    );
    return sentences;
  }
  if (!explanation.started) {
    sentences.push(
      'You have not started yet: nothing is ticked, so there is no level to suggest.',
      'Tick each criterion you already demonstrate, from level 1 up, or use Quick start to mark everything below a level at once.',
    );
    return sentences;
  }
  const below = levels.filter((reading) => reading.role === 'below');
  if (below.length > 0)
    sentences.push(
      `${below.length === 1 ? 'Level' : 'Levels'} ${levelList(below.map((r) => r.level))} ${below.length === 1 ? 'is' : 'are'} at or above ${threshold}%: ${below.map((r) => `${r.demonstrated}/${r.applicable}`).join(', ')}.`,
    );
  const at = levels.find((reading) => reading.role === 'suggested')!;
  sentences.push(
    `At level ${at.level} you show ${at.demonstrated} of ${at.applicable} = ${at.percent}%, sub-level ${suggestion.subLevel}.`,
    describeBands(threshold),
  );
  if (suggestion.heldBy) {
    const above = suggestion.demonstratedAbove;
    sentences.push(
      `Level ${at.level} is below ${threshold}% (${at.required} of ${at.applicable} needed), so it holds you at level ${at.level}${above > 0 ? `: the ${countOf(above, 'criterion', 'criteria')} you show above it ${above === 1 ? 'does' : 'do'} not count yet` : ''}.`,
    );
  } else {
    sentences.push(`Level ${at.level} is the highest level with applicable criteria.`);
  }
  for (const outcome of [explanation.toNextSubLevel, explanation.toNextLevel])
    if (outcome)
      sentences.push(
        `${outcome.more} more at level ${outcome.level} takes you to ${outcome.result.label}.`,
      );
  if (explanation.notApplicable > 0)
    sentences.push(
      `${countOf(explanation.notApplicable, 'criterion', 'criteria')} marked not applicable ${explanation.notApplicable === 1 ? 'is' : 'are'} left out.`,
    );
  for (const reading of levels)
    if (reading.role === 'skipped')
      sentences.push(`Level ${reading.level} has no applicable criteria, so it is skipped.`);
  return sentences;
}

/** "1–3" for consecutive levels, else "1, 2 and 4". */
function levelList(levels: readonly number[]): string {
  const consecutive = levels.every((level, i) => i === 0 || level === levels[i - 1]! + 1);
  if (levels.length > 1 && consecutive) return `${levels[0]}–${levels[levels.length - 1]}`;
  return levels.length > 1
    ? `${levels.slice(0, -1).join(', ')} and ${levels[levels.length - 1]}`
    : String(levels[0]);
}

function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** floor(100 × d / a) in whole numbers, for a >= 1. */
function percentOf(demonstrated: number, applicable: number): number {
  const hundredths = 100 * demonstrated;
  return (hundredths - (hundredths % applicable)) / applicable;
}
