import { describe, expect, it } from 'vitest';
import { repairMacRomanMojibake } from '../../../src/lib/core/mojibake.ts';
import { allCriteria } from '../../../src/lib/core/model.ts';
import { describeProblems, fixture, usable } from './framework-fixture.ts';

describe('repairMacRomanMojibake', () => {
  it('repairs text that was UTF-8 read as Mac Roman, emoji included', () => {
    expect(repairMacRomanMojibake('we‚Äôre \uF8FFüõ†Ô∏è\ncaf√©')).toEqual({
      text: 'we’re 🛠️\ncafé',
      repairs: [
        { line: 1, before: '‚Äô', after: '’' },
        { line: 1, before: '\uF8FFüõ†Ô∏è', after: '🛠️' },
        { line: 2, before: '√©', after: 'é' },
      ],
    });
  });

  it('leaves correct UTF-8 text with accents, quotes and dashes alone', () => {
    for (const text of [
      'café',
      '“école” and «Ça va»',
      'they’re — naïve ½',
      'Déjà vu: “quotes”, ’apostrophes’ — Über 🚀',
      '©, ®, ™, ° and …',
    ]) {
      expect(repairMacRomanMojibake(text)).toEqual({ text, repairs: [] });
    }
  });

  it('repairs mojibake pasted into correct text, and leaves the correct text alone', () => {
    expect(repairMacRomanMojibake('“école” – we‚Äôre')).toEqual({
      text: '“école” – we’re',
      repairs: [{ line: 1, before: '‚Äô', after: '’' }],
    });
  });

  it('returns ASCII text unchanged', () => {
    expect(repairMacRomanMojibake('plain text\n')).toEqual({ text: 'plain text\n', repairs: [] });
  });
});

describe('a framework file with mojibake', () => {
  const broken = usable('mojibake-small.md');
  const correct = usable('mojibake-small-repaired.md');

  it('is what the fixture holds: the repaired file read as Mac Roman', () => {
    expect(fixture('mojibake-small.md')).toContain('they‚Äôre working on ‚Äì and why');
    expect(fixture('mojibake-small.md')).toContain('\uF8FF');
  });

  it('is read as the correct file would be, with the same ids and content hash', () => {
    expect(allCriteria(broken.framework)).toEqual(allCriteria(correct.framework));
    expect(broken.framework.title).toBe('🛠️ Crafted framework');
    expect(broken.framework.topics[0]!.title).toBe('👩‍💼 Craft');
    expect(broken.framework.about).toBe('What we’re looking for…');
    expect(broken.framework.sourceHash).toBe(correct.framework.sourceHash);
  });

  it('gives one warning saying it was repaired, at the first repaired line', () => {
    expect(describeProblems(broken.problems)).toEqual([
      'warning 2:- -: The text was mis-decoded (UTF-8 read as Mac Roman) and has been repaired in 9 places, e.g. "\uF8FFüõ†Ô∏è" to "🛠️". Save the file as UTF-8 to fix it for good.',
    ]);
    expect(correct.problems).toEqual([]);
  });
});

describe('a correct UTF-8 framework file with accents, quotes and emoji', () => {
  const { framework, problems } = usable('correct-utf8.md');

  it('is left alone, with no warning', () => {
    expect(problems).toEqual([]);
    expect(framework.title).toBe('Déjà vu: “quotes”, ’apostrophes’ and «guillemets»');
    expect(framework.topics[0]!.title).toBe('Qualité — Über 🚀');
    expect(allCriteria(framework).map((criterion) => criterion.text)).toEqual([
      'Writes “école” and «Ça va» without mangling them',
      'Knows the café’s naïve crème brûlée — ½ price on Façade Street',
      'Uses ©, ®, ™, ° and … where they belong',
    ]);
    expect(framework.about).toBe('Plain text in Français: «Où est la bibliothèque?» — “Ici.”');
  });
});
