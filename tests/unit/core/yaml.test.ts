import { describe, expect, it } from 'vitest';
import { lineIndex, readYaml, type YamlDocument } from '../../../src/lib/core/yaml.ts';

function read(text: string): YamlDocument {
  const result = readYaml(text);
  if (!result.ok) throw new Error(result.message);
  return result.document;
}

/** 1-based `line:column` of the value (or key) at `path`. */
function at(text: string, path: (string | number)[], key = false): string {
  const { line, column } = lineIndex(text)(read(text).offsetOf(path, key));
  return `${line}:${column}`;
}

describe('readYaml', () => {
  const text = [
    'title: "Quoted"',
    'plain: value',
    "single: 'it''s'",
    'empty:',
    'list:',
    '  - first',
    '  -',
    '  - { level: 2 }',
    'anchored: &x thing',
    'alias: *x',
  ].join('\n');

  it('gives plain values with the core schema: no dates, no custom types', () => {
    expect(read(text).value).toEqual({
      title: 'Quoted',
      plain: 'value',
      single: "it's",
      empty: null,
      list: ['first', null, { level: 2 }],
      anchored: 'thing',
      alias: 'thing',
    });
    expect(read('date: 2024-05-01').value).toEqual({ date: '2024-05-01' });
  });

  it('places each value where its author sees it start: its quote, anchor or alias', () => {
    expect(at(text, ['title'])).toBe('1:8');
    expect(at(text, ['plain'])).toBe('2:8');
    expect(at(text, ['single'])).toBe('3:9');
    expect(at(text, ['list', 2, 'level'])).toBe('8:14');
    expect(at(text, ['anchored'])).toBe('9:11');
    expect(at(text, ['alias'])).toBe('10:8');
  });

  it('places a block of text at its "|" or ">"', () => {
    const blocks = 'literal: |\n  one\nfolded: >- # comment\n  two\nlist:\n  - >\n    three';
    expect(at(blocks, ['literal'])).toBe('1:10');
    expect(at(blocks, ['folded'])).toBe('3:9');
    expect(at(blocks, ['list', 0])).toBe('6:5');
  });

  it('places an empty value at its key, and an empty list item at its dash', () => {
    expect(at(text, ['empty'])).toBe('4:1');
    expect(at(text, ['list', 1])).toBe('7:3');
  });

  it('places a key at the key, with "key"', () => {
    expect(at(text, ['single'], true)).toBe('3:1');
  });

  it('falls back to the nearest enclosing value that exists', () => {
    expect(at(text, ['list', 7, 'level'])).toBe('6:3');
    expect(at(text, ['missing'])).toBe('1:1');
  });

  it('reads a tab after a list dash as a space, keeping every column', () => {
    const tabbed = 'list:\n  -\tfirst\n  -\t{ level: 2 }';
    expect(read(tabbed).value).toEqual({ list: ['first', { level: 2 }] });
    expect(at(tabbed, ['list', 1, 'level'])).toBe('3:14');
  });

  it('reports a syntax error with its offset', () => {
    expect(readYaml('a: "open\nb: c')).toEqual({
      ok: false,
      message: 'YAML syntax: deficient indentation',
      offset: 9,
    });
  });

  it('refuses nesting deeper than the limit', () => {
    expect(readYaml(`a: ${'['.repeat(25)}${']'.repeat(25)}`)).toMatchObject({
      ok: false,
      message: 'YAML syntax: YAML nested deeper than 24 levels',
    });
  });

  it('refuses more aliases than the limit, at the first one too many', () => {
    const aliases = `a: &a x\nb: [${Array(101).fill('*a').join(', ')}]`;
    expect(readYaml(aliases)).toEqual({
      ok: false,
      message: 'The YAML uses more than 100 aliases (*name); a framework needs none.',
      offset: 12 + 100 * 4,
    });
  });

  it('refuses more lines and commas than a framework could need, before parsing', () => {
    expect(readYaml(`a: [${',x'.repeat(400_001)}]`)).toEqual({
      ok: false,
      message: 'The YAML has more than 200,000 values; a framework needs far fewer.',
      offset: null,
    });
  });

  it('gives null for an empty document', () => {
    expect(read('').value).toBeNull();
    expect(read('# only a comment\n').value).toBeNull();
  });
});

describe('lineIndex', () => {
  it('turns offsets into 1-based lines and columns', () => {
    const position = lineIndex('ab\ncd\n\nef');
    expect([0, 1, 3, 6, 7, 8].map((offset) => position(offset))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
  });
});
