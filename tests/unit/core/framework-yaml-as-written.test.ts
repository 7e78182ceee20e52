import { describe, expect, it } from 'vitest';
import { allCriteria } from '../../../src/lib/core/model.ts';
import { criteriaOf, fixture, usable } from './framework-fixture.ts';

describe('YAML as people write it', () => {
  const text = fixture('yaml-as-written.md');
  const { framework, problems } = usable('yaml-as-written.md');

  it('is what the fixture holds: tabs after dashes, trailing spaces, no final newline', () => {
    expect(text).toContain('  -\tname: communication\n');
    expect(text).toContain('-\tGives regular status updates   \n');
    expect(text).toContain('"Writes   clear    notes   "   \n');
    expect(text.endsWith('newline.')).toBe(true);
  });

  it('reads tabs after a list dash, unquoted and single-quoted strings and trailing spaces', () => {
    expect(problems).toEqual([]);
    expect(framework.title).toBe('Written by hand');
    expect(framework.sidebarTitle).toBe("Hand's framework");
    expect(criteriaOf(framework)).toEqual([
      ['communication', 1, 'Gives regular status updates'],
      ['communication', 1, "Asks for help when it's needed"],
      ['communication', 1, 'Writes clear notes'],
      ['communication', 2, 'Gives feedback to peers'],
    ]);
  });

  it('reads a body without a final newline', () => {
    expect(framework.about).toBe('The about text ends without a final newline.');
  });

  it('reads a closing "---" with nothing after it, not even a newline', () => {
    expect(fixture('closing-without-newline.md').endsWith('"\n---')).toBe(true);
    const closing = usable('closing-without-newline.md');
    expect(closing.problems).toEqual([]);
    expect(criteriaOf(closing.framework)).toEqual([['impact', 1, 'Delivers assigned tasks']]);
    expect(closing.framework.about).toBe('');
  });

  it('reads the same with CRLF line endings, with the criteria on the same lines', () => {
    const crlf = usable('yaml-as-written.md', text.replaceAll('\n', '\r\n'));
    expect(crlf.problems).toEqual([]);
    expect(allCriteria(crlf.framework)).toEqual(allCriteria(framework));
  });

  it('reads the same with a UTF-8 byte order mark', () => {
    const bom = usable('yaml-as-written.md', `\uFEFF${text}`);
    expect(bom.problems).toEqual([]);
    expect(bom.framework).toEqual(framework);
  });

  it('reads the same with a byte order mark and CRLF line endings together', () => {
    const both = usable('yaml-as-written.md', `\uFEFF${text.replaceAll('\n', '\r\n')}`);
    expect(both.framework).toEqual(framework);
  });

  it('reads blank lines before the opening "---" and spaces after either "---"', () => {
    const spaced = usable('yaml-as-written.md', `\n\n${text.replace('---\n', '---  \n')}`);
    expect(criteriaOf(spaced.framework)).toEqual(criteriaOf(framework));
  });
});
