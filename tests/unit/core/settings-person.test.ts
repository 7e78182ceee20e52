import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topicsAtLevel } from '../../../src/lib/core/coverage.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { FrameworkSettingsSchema } from '../../../src/lib/core/schemas/progress.ts';
import { check } from '../../../src/lib/core/schemas/read.ts';
import { topicStandings } from '../../../src/lib/core/scoring.ts';

function read(value: unknown) {
  const checked = check(FrameworkSettingsSchema, value);
  return checked.ok
    ? { settings: checked.value, problems: [] }
    : {
        settings: null,
        problems: checked.problems.map(({ field, message }) => `${field}: ${message}`),
      };
}

const base = {
  frameworkId: 'engineering/backend',
  threshold: 80,
  target: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('FrameworkSettingsSchema: the name kept for sharing', () => {
  it('keeps a stored name, and reads settings from before names were kept without one', () => {
    expect(read({ ...base, person: 'Ada' }).settings).toEqual({ ...base, person: 'Ada' });
    expect(read(base).settings).toEqual(base);
  });

  it('refuses a name that is not text or is too long, saying where', () => {
    expect(read({ ...base, person: 42 })).toEqual({
      settings: null,
      problems: ['person: should be text of at most 200 characters when present, found number 42'],
    });
    expect(read({ ...base, person: 'x'.repeat(201) }).settings).toBeNull();
  });
});

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
