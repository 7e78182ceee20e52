/**
 * The one way the app reads the bytes of a file it is given (picked, dropped, linked, or named to
 * the validator), so the same file reads the same everywhere:
 *
 * - UTF-8, with or without a byte order mark;
 * - UTF-16 (little or big endian) when it starts with its byte order mark;
 * - anything else (Latin-1 files, invalid bytes) as Windows-1252, which gives every byte a
 *   character, with a warning that says so: silently turning "Café" into "Caf\uFFFD" would hide
 *   the damage until someone reads the text.
 *
 * A server's `charset` is not trusted over the bytes: raw file hosts label UTF-8 files as
 * `text/plain; charset=iso-8859-1` as often as not, and the bytes say which they are.
 */

/** How the bytes were read. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  /** The text, without a byte order mark. */
  text: string;
  encoding: TextEncoding;
  /** Set when the bytes were not UTF-8 or UTF-16 with a byte order mark. */
  warning: string | null;
}

/**
 * The text of `bytes` by the rules above. Never throws: every byte sequence decodes to some text.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return withBom(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return withBom(bytes, 'utf-16be');
  try {
    // `ignoreBOM: false` (the default) drops a UTF-8 byte order mark; `fatal` refuses bad bytes.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, encoding: 'utf-8', warning: null };
  } catch {
    return {
      text: decodeWindows1252(bytes),
      encoding: 'windows-1252',
      warning:
        'The file is not UTF-8, so it was read as Windows-1252 (Latin-1): check that accented letters and symbols read as intended, or save the file as UTF-8.',
    };
  }
}

function withBom(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  // The decoder drops the byte order mark itself; a lone odd byte at the end becomes U+FFFD.
  return { text: new TextDecoder(encoding).decode(bytes), encoding, warning: null };
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80-0x9F (curly quotes, dashes, the euro sign).
 * Decoded here, not by `TextDecoder`: Node's decoder reads this label as Latin-1, so the
 * validator and the app would disagree on exactly those characters. The five unassigned bytes
 * stay the C1 control characters, as in the WHATWG Encoding Standard.
 */
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  // In slices, so a 2 MB file does not build two million one-character strings.
  for (let start = 0; start < bytes.length; start += 8192) {
    const codes = Array.from(bytes.subarray(start, start + 8192), (byte) =>
      byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte,
    );
    text += String.fromCharCode(...codes);
  }
  return text;
}
