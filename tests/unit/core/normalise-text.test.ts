import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../../src/lib/core/source.ts';
import { SEED } from '../property/mutations.ts';

describe('normaliseText', () => {
  /** The rule in full, without the shortcut for text that is already normal. */
  const byTheRule = (text: string) => text.normalize('NFC').replace(/\s+/gu, ' ').trim();

  it('folds white space, trims and composes, as the rule says', () => {
    expect(normaliseText('  Delivers\twell-defined\n\ntasks  ')).toBe(
      'Delivers well-defined tasks',
    );
    expect(normaliseText('Cafe\u0301 owner')).toBe('Café owner');
    expect(normaliseText('Already normal text')).toBe('Already normal text');
  });

  it('gives what the rule gives for any text, plain ASCII or not', () => {
    const pieces = fc.constantFrom(
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '\u2003',
      'e\u0301',
      'a',
      'Z',
      '.',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')),
        ),
        (text) => {
          expect(normaliseText(text)).toBe(byTheRule(text));
        },
      ),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});
