/** The figures measured in Node: parsing and the overview on generated frameworks. */
import { coverageData } from '../../src/lib/core/coverage.ts';
import { describeSuggestion, explainSuggestion } from '../../src/lib/core/explanation.ts';
import { allCriteria } from '../../src/lib/core/model.ts';
import type { CriterionState } from '../../src/lib/core/progress.ts';
import { whatsNext } from '../../src/lib/core/next-steps.ts';
import { levelTallies, suggestLevel, topicStandings } from '../../src/lib/core/scoring.ts';
import { generatedFramework } from './generate.ts';
import { RUNS, TARGETS, LARGE, HUGE, ms, round, median, report, parse, machine } from './common.ts';

/** Parse and validate time of a generated framework in Node (median of RUNS), and the model. */
export function nodeFigures() {
  console.log(`\nIn Node ${process.version} (${machine()})`);
  const large = generatedFramework(LARGE);
  parse(large, 'generated.md');
  const parseTimes = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    parse(large, 'generated.md');
    return performance.now() - started;
  });
  const parseMs = median(parseTimes);
  report(
    `parse and validate ${LARGE.toLocaleString('en')} criteria`,
    ms(parseMs),
    `≤ ${TARGETS.parseMs} ms`,
    parseMs <= TARGETS.parseMs,
  );

  // The overview's work, as Overview.svelte and the assessment derive it: tallies, suggestion,
  // standings, the explanation, what's next and the coverage of every topic.
  const huge = parse(generatedFramework(HUGE), 'huge.md');
  const states = new Map<string, CriterionState>();
  allCriteria(huge).forEach((criterion, index) => {
    if (criterion.level <= 2 || index % 3 === 0) states.set(criterion.id, 'demonstrated');
  });
  const lookup = (id: string): CriterionState => states.get(id) ?? 'not-yet';
  const overviewTimes = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    const tallies = levelTallies(huge, lookup);
    const suggestion = suggestLevel(tallies, 80);
    const standings = topicStandings(huge, lookup, 80);
    describeSuggestion(explainSuggestion(tallies, 80));
    whatsNext(huge, lookup, 80, null);
    coverageData(huge, tallies, standings, suggestion);
    return performance.now() - started;
  });
  const overviewMs = median(overviewTimes);
  report(
    `overview (level, explanation, what's next, coverage) at ${HUGE.toLocaleString('en')} criteria`,
    ms(overviewMs),
    `≤ ${TARGETS.overviewMs} ms`,
    overviewMs <= TARGETS.overviewMs,
  );
  return { parseMs: round(parseMs), overviewMs: round(overviewMs) };
}
