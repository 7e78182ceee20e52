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
  /** Titles made of `characters` compare as `localeCompare` compares them, in sign. */
  const ordersAsTheCollator = (characters: string) => {
    const title = fc.string({ unit: fc.constantFrom(...characters) });
    fc.assert(
      fc.property(title, title, (a, b) => {
        expect(Math.sign(compareTitles(a, b)), `${a} / ${b}`).toBe(Math.sign(a.localeCompare(b)));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  };

  it('orders plain titles (a-z, digits, spaces, hyphens) as the collator does', () => {
    ordersAsTheCollator('abcxyz019 -');
  });

  it('leaves any other title to the collator', () => {
    ordersAsTheCollator('aAbBéz_(&’ 1-');
    expect(Math.sign(compareTitles('élan', 'zebra'))).toBe(-1);
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
