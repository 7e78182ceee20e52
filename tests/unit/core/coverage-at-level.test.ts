import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topicsAtLevel } from '../../../src/lib/core/coverage.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { topicStandings } from '../../../src/lib/core/scoring.ts';

describe('topicsAtLevel: the summary kept in view', () => {
  const parsed = parseFramework(
    readFileSync('tests/fixtures/frameworks/small.md', 'utf8'),
    'small',
  );
  if (!parsed.ok) throw new Error('small.md does not parse');
  const framework = parsed.framework;
  const [gives, asks] = framework.topics[0]!.levels[0]!.criteria;

  it('gives each topic with criteria at the level, with what the rule counts there', () => {
    const states = new Map([
      [gives!.id, 'demonstrated' as const],
      [asks!.id, 'not-applicable' as const],
    ]);
    const standings = topicStandings(framework, states, 80);
    expect(topicsAtLevel(framework, standings, 1)).toEqual([
      {
        name: 'communication',
        title: 'Communication',
        demonstrated: 1,
        applicable: 1,
        percent: 100,
      },
      { name: 'impact', title: 'Impact', demonstrated: 0, applicable: 1, percent: 0 },
    ]);
    // Level 3 is Impact's only.
    expect(topicsAtLevel(framework, standings, 3).map((topic) => topic.name)).toEqual(['impact']);
    expect(topicsAtLevel(framework, standings, 9)).toEqual([]);
  });
});
