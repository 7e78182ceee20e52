import { describe, expect, it } from 'vitest';
import type { Route } from '../../../src/lib/core/route.ts';
import { View } from '../../../src/lib/state/view.svelte.ts';

const route = (level: number | null): Route => ({
  frameworkId: 'engineering/backend',
  level,
  query: '',
  tab: 'assess',
});

function view(level: number | null) {
  const written: [Route, string][] = [];
  const shown = new View('engineering/backend', [1, 2, 3, 4], route(level), (next, mode) =>
    written.push([next, mode]),
  );
  return { shown, written };
}

describe('landing a returning person on the level they are working on', () => {
  it('moves from the first level to it, replacing the address', () => {
    const { shown, written } = view(null);
    shown.landOn(3);
    expect(shown.level).toBe(3);
    expect(written).toEqual([[{ ...route(3) }, 'replace']]);
  });

  it('leaves a level the address named', () => {
    const { shown, written } = view(2);
    shown.landOn(3);
    expect(shown.level).toBe(2);
    expect(written).toEqual([]);
  });

  it('leaves the person where they went before storage answered', () => {
    const { shown } = view(null);
    shown.selectLevel(4);
    shown.landOn(3);
    expect(shown.level).toBe(4);
  });

  it('ignores a level the framework does not have', () => {
    const { shown, written } = view(null);
    shown.landOn(9);
    expect(shown.level).toBe(1);
    expect(written).toEqual([]);
  });
});

describe('starting on the level a prerendered page shows', () => {
  it('shows it without writing the address, and still lands on a level that moved since', () => {
    const { shown, written } = view(null);
    shown.startAt(3);
    expect(shown.level).toBe(3);
    expect(written).toEqual([]);
    shown.landOn(3);
    expect(written).toEqual([]);
    shown.landOn(4);
    expect(shown.level).toBe(4);
    expect(written).toEqual([[{ ...route(4) }, 'replace']]);
  });

  it('takes the first level for a level the framework does not have', () => {
    const { shown } = view(null);
    shown.startAt(9);
    expect(shown.level).toBe(1);
  });
});
