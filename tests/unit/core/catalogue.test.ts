import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareTitles,
  groupCatalogue,
  listedTitle,
  type FrameworkSummary,
} from '../../../src/lib/core/catalogue.ts';
import { SEED } from '../property/mutations.ts';

const summary = (
  id: string,
  title: string,
  group: string | null,
  own = false,
): FrameworkSummary => ({
  id,
  title,
  sidebarTitle: null,
  group,
  levels: [1, 2],
  criterionCount: 4,
  ...(own ? { own } : {}),
});

describe('compareTitles', () => {
  const sign = (n: number) => Math.sign(n);

  it('orders plain titles (a-z, digits, spaces, hyphens) as the collator does', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'abcxyz019 -') });
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        expect(sign(compareTitles(a, b)), `${a} / ${b}`).toBe(sign(a.localeCompare(b)));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('leaves any other title to the collator', () => {
    const any = fc.string({ unit: fc.constantFrom(...'aAbBéz_(&’ 1-') });
    fc.assert(
      fc.property(any, any, (a, b) => {
        expect(sign(compareTitles(a, b)), `${a} / ${b}`).toBe(sign(a.localeCompare(b)));
      }),
      { seed: SEED, numRuns: 2000 },
    );
    expect(sign(compareTitles('élan', 'zebra'))).toBe(-1);
    expect(sign(compareTitles('a_b', 'a1'))).toBe(sign('a_b'.localeCompare('a1')));
  });
});

describe('groupCatalogue', () => {
  it('groups as the sidebar does and sorts each group by title, ignoring leading emoji', () => {
    const groups = groupCatalogue([
      summary('web', '🌐 Web', 'engineering'),
      summary('ops', 'Ops leadership', 'operations'),
      summary('backend', '🛠️ Backend', 'engineering'),
      summary('people', 'People', 'people'),
      summary('mine', 'Élan', null, true),
      summary('generic', 'Generic', null),
      summary('data', 'Data', 'engineering'),
    ]);
    expect(groups.map((group) => group.label)).toEqual([
      'Engineering',
      'Operations',
      'People',
      'More frameworks',
      'Yours',
    ]);
    expect(groups[0]!.frameworks.map(listedTitle)).toEqual(['🛠️ Backend', 'Data', '🌐 Web']);
  });
});
