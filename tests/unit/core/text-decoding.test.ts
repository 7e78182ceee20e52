import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/lib/core/text-decoding.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const utf16 = (text: string, order: 'le' | 'be') => {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let index = 0; index < text.length; index++) {
    const [low, high] = [text.charCodeAt(index) & 0xff, text.charCodeAt(index) >> 8];
    bytes.set(order === 'le' ? [low, high] : [high, low], 2 + index * 2);
  }
  return bytes;
};

describe('decodeText', () => {
  it('reads UTF-8 without a warning, with or without a byte order mark', () => {
    expect(decodeText(utf8('Café ✓'))).toEqual({
      text: 'Café ✓',
      encoding: 'utf-8',
      warning: null,
    });
    expect(decodeText(utf8('\uFEFFCafé')).text).toBe('Café');
  });

  it('reads UTF-16 of either byte order when it starts with its byte order mark', () => {
    expect(decodeText(utf16('Café ✓', 'le'))).toEqual({
      text: 'Café ✓',
      encoding: 'utf-16le',
      warning: null,
    });
    expect(decodeText(utf16('Café ✓', 'be'))).toMatchObject({ text: 'Café ✓', warning: null });
  });

  it('reads bytes that are not UTF-8 as Windows-1252, with a warning, never as U+FFFD', () => {
    const latin1 = Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80]);
    const decoded = decodeText(latin1);
    expect(decoded.text).toBe('Café €');
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.warning).toContain('not UTF-8, so it was read as Windows-1252');
  });

  it('gives empty text for no bytes', () => {
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8', warning: null });
  });
});
