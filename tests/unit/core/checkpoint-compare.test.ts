import { describe, expect, it } from 'vitest';
import { progressState, type ProgressState } from '../../../src/lib/core/checkpoint.ts';
import {
  compareStates,
  dayOf,
  matchToToday,
  sinceLine,
  standingAt,
  unchanged,
} from '../../../src/lib/core/checkpoint-compare.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionProgress, CriterionState } from '../../../src/lib/core/progress.ts';
import { fixture, usable } from './framework-fixture.ts';

// scoring-tiny: craft has 2, 2, 1 criteria at levels 1 to 3; people has 1, 2, 2.
const tiny = usable('scoring-tiny.md').framework;

function stateOf(
  framework: Framework,
  marks: Record<string, CriterionState | { state: CriterionState; evidence: string }>,
  threshold = 80,
): ProgressState {
  const criteria = allCriteria(framework);
  const records = Object.entries(marks).map(([text, mark]): CriterionProgress => {
    const criterion = criteria.find((candidate) => candidate.text === text)!;
    const { state, evidence } =
      typeof mark === 'string' ? { state: mark, evidence: undefined } : mark;
    return {
      frameworkId: framework.id,
      criterionId: criterion.id,
      state,
      ...(evidence === undefined ? {} : { evidence }),
      updatedAt: '2026-09-12T09:00:00.000Z',
      topic: criterion.topic,
      level: criterion.level,
      text: criterion.text,
    };
  });
  return progressState({ id: framework.id, sourceHash: framework.sourceHash, criteria }, records, {
    frameworkId: framework.id,
    threshold,
    target: null,
    updatedAt: '2026-09-12T09:00:00.000Z',
  });
}

const level1 = {
  'Writes tests': 'demonstrated',
  'Reads the logs': 'demonstrated',
  'Asks for help': 'demonstrated',
} as const;

describe('where a checkpoint stands', () => {
  it('is scored by the level rule over its own criteria and threshold', () => {
    const standing = standingAt(stateOf(tiny, { ...level1, 'Adds metrics': 'demonstrated' }));
    expect(standing.suggestion?.label).toBe('2B');
    expect(standing.demonstrated).toBe(4);
    expect(standing.topics).toEqual([
      { topic: 'craft', demonstrated: 3, applicable: 5, percent: 60 },
      { topic: 'people', demonstrated: 1, applicable: 5, percent: 20 },
    ]);
  });

  it('gives a topic where nothing applies no percentage', () => {
    const standing = standingAt(
      stateOf(tiny, {
        'Asks for help': 'not-applicable',
        'Gives feedback': 'not-applicable',
        'Pairs with others': 'not-applicable',
        Mentors: 'not-applicable',
        'Leads a project': 'not-applicable',
      }),
    );
    expect(standing.topics[1]).toEqual({
      topic: 'people',
      demonstrated: 0,
      applicable: 0,
      percent: null,
    });
  });
});

describe('comparing two states', () => {
  it('lists what was newly demonstrated, no longer demonstrated, newly not applicable and evidence changes, per level and topic', () => {
    const before = stateOf(tiny, {
      'Writes tests': 'demonstrated',
      'Reads the logs': { state: 'demonstrated', evidence: 'Dashboards' },
      'Gives feedback': { state: 'not-yet', evidence: 'Peer review' },
    });
    const after = stateOf(tiny, {
      'Reads the logs': { state: 'demonstrated', evidence: 'Dashboards and alerts' },
      'Asks for help': 'demonstrated',
      'Adds metrics': { state: 'demonstrated', evidence: 'Grafana' },
      'Gives feedback': 'not-applicable',
      Mentors: 'demonstrated',
    });
    const comparison = compareStates(before, after);
    const summary = comparison.groups.map((group) => [
      group.level,
      group.topic,
      group.differences.map((difference) => [difference.criterion.text, difference.kinds]),
    ]);
    expect(summary).toEqual([
      [
        1,
        'craft',
        [
          ['Writes tests', ['no-longer-demonstrated']],
          ['Reads the logs', ['evidence-changed']],
        ],
      ],
      [1, 'people', [['Asks for help', ['newly-demonstrated']]]],
      [2, 'craft', [['Adds metrics', ['newly-demonstrated', 'evidence-added']]]],
      [2, 'people', [['Gives feedback', ['newly-not-applicable', 'evidence-removed']]]],
      [3, 'people', [['Mentors', ['newly-demonstrated']]]],
    ]);
    expect(comparison.counts).toMatchObject({
      'newly-demonstrated': 3,
      'no-longer-demonstrated': 1,
      'newly-not-applicable': 1,
      'evidence-added': 1,
      'evidence-changed': 1,
      'evidence-removed': 1,
    });
    expect(unchanged(comparison)).toBe(false);
  });

  it('finds nothing between a state and itself', () => {
    const state = stateOf(tiny, level1);
    expect(unchanged(compareStates(state, state))).toBe(true);
  });
});

describe('a checkpoint read after its framework changed', () => {
  // Version 2 rewords "Adds metrics" (a new id) and adds a criterion; the rest keep their ids.
  const reworded = usable(
    'scoring-tiny.md',
    fixture('scoring-tiny.md').replace(
      '"Adds metrics"',
      '"Adds metrics and alerts"\n          - "Writes runbooks"',
    ),
  ).framework;

  it('keeps the texts it was made with and its own standing', () => {
    const checkpoint = stateOf(tiny, { ...level1, 'Adds metrics': 'demonstrated' });
    expect(standingAt(checkpoint).suggestion?.label).toBe('2B');
    const { matched, missing } = matchToToday(checkpoint, allCriteria(reworded));
    expect(matched).toBe(9);
    expect(missing.map(({ criterion, record }) => [criterion.text, record?.state])).toEqual([
      ['Adds metrics', 'demonstrated'],
    ]);
  });

  it('is compared with today by criterion id, listing the criteria only one side has', () => {
    const checkpoint = stateOf(tiny, { ...level1, 'Adds metrics': 'demonstrated' });
    const now = stateOf(reworded, {
      ...level1,
      'Adds metrics and alerts': 'demonstrated',
      Mentors: 'demonstrated',
    });
    const comparison = compareStates(checkpoint, now);
    expect(
      comparison.groups.flatMap((group) => group.differences.map((d) => d.criterion.text)),
    ).toEqual(['Mentors']);
    expect(comparison.onlyBefore.map((entry) => entry.criterion.text)).toEqual(['Adds metrics']);
    expect(
      comparison.onlyAfter.map((entry) => [entry.criterion.text, entry.record?.state ?? null]),
    ).toEqual([
      ['Adds metrics and alerts', 'demonstrated'],
      ['Writes runbooks', null],
    ]);
  });
});

describe('the line a returning person reads', () => {
  const today = new Date('2026-11-30T12:00:00.000Z');

  it('says how many more are demonstrated and the level now and then', () => {
    const then = {
      ...stateOf(tiny, { 'Writes tests': 'demonstrated' }),
      takenAt: '2026-09-12T09:00:00.000Z',
    };
    const now = stateOf(tiny, {
      ...level1,
      'Adds metrics': 'demonstrated',
      'Fixes flaky tests': 'demonstrated',
      'Gives feedback': 'demonstrated',
      'Pairs with others': 'demonstrated',
    });
    expect(sinceLine(then, now, today)).toBe(
      'since 12 September: 6 more demonstrated, now 3A from 1C',
    );
  });

  it('says when nothing changed, and names criteria no longer demonstrated', () => {
    const then = { ...stateOf(tiny, level1), takenAt: '2025-12-01T09:00:00.000Z' };
    expect(sinceLine(then, stateOf(tiny, level1), today)).toBe(
      'since 1 December 2025: no change, still 2A',
    );
    expect(sinceLine(then, stateOf(tiny, { 'Writes tests': 'demonstrated' }), today)).toBe(
      'since 1 December 2025: 2 no longer demonstrated, now 1C from 2A',
    );
  });

  it('writes the day in UTC, with the year only outside the current one', () => {
    expect(dayOf('2026-09-12T23:30:00.000Z', today)).toBe('12 September');
    expect(dayOf('2025-09-12T00:30:00.000Z', today)).toBe('12 September 2025');
  });
});
