// @vitest-environment jsdom
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { CriterionProgress } from '../../../src/lib/core/progress.ts';
import { RecordMap } from '../../../src/lib/state/record-map.svelte.ts';
import { countRuns } from './runs.svelte.ts';

const record = (criterionId: string): CriterionProgress => ({
  frameworkId: 'engineering/backend',
  criterionId,
  state: 'demonstrated',
  updatedAt: '2026-01-05T09:30:00.000Z',
  topic: 'impact',
  level: 1,
  text: 'A criterion',
});

describe('RecordMap', () => {
  it('wakes a reader of one criterion only when that criterion changes', () => {
    const records = new RecordMap(['a', 'b']);
    const reader = countRuns(() => records.get('a'));
    flushSync();
    expect(reader.runs).toBe(1);
    // A SvelteMap would wake every reader of a missing key here.
    records.set('b', record('b'));
    records.delete('b');
    flushSync();
    expect(reader.runs).toBe(1);
    records.set('a', record('a'));
    flushSync();
    expect(reader.runs).toBe(2);
    expect(records.get('a')).toEqual(record('a'));
    records.clear();
    flushSync();
    expect(reader.runs).toBe(3);
    expect(records.get('a')).toBeUndefined();
    reader.stop();
  });

  it('keeps other keys and iteration as a SvelteMap does', () => {
    const records = new RecordMap(['a']);
    const other = countRuns(() => records.get('gone'));
    const all = countRuns(() => [...records.values()]);
    flushSync();
    records.set('gone', record('gone'));
    flushSync();
    expect(other.runs).toBe(2);
    expect(all.runs).toBe(2);
    records.set('a', record('a'));
    flushSync();
    expect(all.runs).toBe(3);
    expect([...records.keys()]).toEqual(['gone', 'a']);
    expect(records.size).toBe(2);
    other.stop();
    all.stop();
  });
});
