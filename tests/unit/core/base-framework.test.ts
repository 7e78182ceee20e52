import { describe, expect, it } from 'vitest';
import { BASE_FRAMEWORK_ID, mergeBase } from '../../../src/lib/core/base-framework.ts';
import {
  BASE_MERGE_SINCE,
  progressBeforeBaseMerge,
} from '../../../src/lib/core/base-framework-id.ts';
import { allCriteria, type Framework, type Topic } from '../../../src/lib/core/model.ts';
import { usable } from './framework-fixture.ts';

// byo-generic.md is a Monzo-style generic framework (`path: "/generic"`); byo-team.md shares its
// topics "communication" and "impact" but not "mentoring", and has levels 1 to 3 where the
// generic one has 1 to 4.
const generic = () => usable('byo-generic.md').framework;
const team = () => usable('byo-team.md').framework;

function topic(framework: Framework, name: string): Topic {
  const found = framework.topics.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${framework.id} has no topic ${name}`);
  return found;
}

/** `[text, fromBase]` of a topic's criteria at one level, in the order they are shown. */
function shown(framework: Framework, name: string, level: number): [string, boolean][] {
  const criteria = topic(framework, name).levels.find((entry) => entry.level === level)?.criteria;
  return (criteria ?? []).map((criterion) => [criterion.text, criterion.fromBase === true]);
}

describe('mergeBase', () => {
  it('is given the id the generic framework has', () => {
    expect(BASE_FRAMEWORK_ID).toBe('generic');
    expect(generic().id).toBe(BASE_FRAMEWORK_ID);
  });

  it('shows a shared topic with the generic topic’s title and description, as Monzo’s site does', () => {
    const merged = mergeBase(team(), generic());
    const communication = topic(merged, 'communication');
    expect(communication.title).toBe('Communication (shared)');
    expect(communication.description).toBe('How an engineer shares what they know.');
    // Monzo's site takes the generic topic's description even when it has none.
    const impact = topic(merged, 'impact');
    expect(impact.title).toBe('Impact (shared)');
    expect(impact.description).toBeNull();
  });

  it('adds the generic topic’s criteria after the framework’s own (its examples included)', () => {
    const merged = mergeBase(team(), generic());
    expect(shown(merged, 'communication', 1)).toEqual([
      ['Writes clearly', false],
      ['Writes design docs for their changes', false],
      ['Demos their work', false],
      ['Writes clearly', true],
    ]);
    expect(shown(merged, 'communication', 3)).toEqual([['Leads incident reviews', false]]);
  });

  it('does not lend the generic topic’s exampleCriteria, at any level', () => {
    const merged = mergeBase(team(), generic());
    const texts = allCriteria(merged).map((criterion) => criterion.text);
    expect(texts).not.toContain('Runs a good meeting');
    expect(texts).not.toContain('Writes a clear proposal');
    // Level 1 of the generic "impact" has only exampleCriteria: the framework's level is as it was.
    expect(shown(merged, 'impact', 1)).toEqual([['Ships small changes daily', false]]);
  });

  it('adds criteria at levels the framework has where the topic itself has none', () => {
    const own = team();
    expect(topic(own, 'communication').levels.map(({ level }) => level)).toEqual([1, 3]);
    expect(topic(own, 'impact').levels.map(({ level }) => level)).toEqual([1, 2]);
    const merged = mergeBase(own, generic());
    expect(topic(merged, 'communication').levels.map(({ level }) => level)).toEqual([1, 2, 3]);
    expect(shown(merged, 'communication', 2)).toEqual([
      ['Explains decisions and their trade-offs', true],
    ]);
    expect(topic(merged, 'impact').levels.map(({ level }) => level)).toEqual([1, 2, 3]);
    expect(shown(merged, 'impact', 3)).toEqual([['Owns the outcome of a project', true]]);
  });

  it('adds no level the framework does not have', () => {
    const merged = mergeBase(team(), generic());
    expect(merged.levels).toEqual([1, 2, 3]);
    expect(topic(merged, 'communication').levels.map(({ level }) => level)).not.toContain(4);
    expect(allCriteria(merged).map((criterion) => criterion.text)).not.toContain(
      'Speaks for engineering at company events',
    );
  });

  it('adds no topic that only the generic framework has, and leaves other topics alone', () => {
    const own = team();
    const merged = mergeBase(own, generic());
    expect(merged.topics.map(({ name }) => name)).toEqual([
      'communication',
      'impact',
      'operations',
    ]);
    expect(topic(merged, 'operations')).toEqual(topic(own, 'operations'));
  });

  it('counts the lent criteria and keeps the framework’s own fields', () => {
    const own = team();
    const merged = mergeBase(own, generic());
    expect(own.criterionCount).toBe(7);
    expect(merged.criterionCount).toBe(10);
    expect(allCriteria(merged)).toHaveLength(10);
    expect(merged.base).toEqual({ id: 'generic', title: 'Generic engineering', lent: 3 });
    expect({ ...merged, topics: [], criterionCount: 0, base: undefined }).toEqual({
      ...own,
      topics: [],
      criterionCount: 0,
    });
  });

  it('does not merge the generic framework into itself', () => {
    const base = generic();
    expect(mergeBase(base, generic())).toBe(base);
    expect(allCriteria(mergeBase(base, base)).some((criterion) => criterion.fromBase)).toBe(false);
  });

  it('returns a framework that shares no topic with the generic one as it is', () => {
    const unrelated = usable('byo-v1.md').framework;
    expect(mergeBase(unrelated, generic())).toBe(unrelated);
  });

  it('marks lent criteria fromBase, with ids of their own apart from the same text of the framework', () => {
    const base = generic();
    const merged = mergeBase(team(), base);
    const [own, lent] = topic(merged, 'communication').levels[0]!.criteria.filter(
      (criterion) => criterion.text === 'Writes clearly',
    );
    expect(own!.fromBase).toBeUndefined();
    expect(lent!.fromBase).toBe(true);
    const baseCriterion = allCriteria(base).find(({ text }) => text === 'Writes clearly')!;
    expect(lent!.id).toBe(`base.${baseCriterion.id}`);
    expect(lent!.id).not.toBe(own!.id);
    expect(lent).toMatchObject({ topic: 'communication', level: 1, examples: [] });
    const ids = allCriteria(merged).map((criterion) => criterion.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      allCriteria(merged)
        .filter((criterion) => criterion.fromBase)
        .every((criterion) => criterion.id.startsWith('base.')),
    ).toBe(true);
  });

  it('gives lent criteria the same ids on every load', () => {
    const lentIds = () =>
      allCriteria(mergeBase(team(), generic()))
        .filter((criterion) => criterion.fromBase)
        .map((criterion) => criterion.id);
    expect(lentIds()).toHaveLength(3);
    expect(lentIds()).toEqual(lentIds());
  });

  it('leaves both frameworks as they were', () => {
    const own = team();
    const base = generic();
    const before = structuredClone({ own, base });
    mergeBase(own, base);
    expect({ own, base }).toEqual(before);
  });
});

describe('progressBeforeBaseMerge: who is told that the generic criteria were added', () => {
  const at = (updatedAt: string) => ({ updatedAt });

  it('is true for progress made before the merge shipped, false for a newcomer’s first ticks', () => {
    expect(progressBeforeBaseMerge([at('2026-06-01T09:00:00.000Z')])).toBe(true);
    expect(
      progressBeforeBaseMerge([at('2026-12-01T08:00:00.000Z'), at('2026-11-30T23:59:59.000Z')]),
    ).toBe(true);
    expect(progressBeforeBaseMerge([at(BASE_MERGE_SINCE), at('2027-01-05T10:00:00.000Z')])).toBe(
      false,
    );
    expect(progressBeforeBaseMerge([])).toBe(false);
  });
});
