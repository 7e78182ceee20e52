/**
 * Repair of UTF-8 text that was once decoded as Mac Roman and encoded again ("mojibake"):
 * `’` (E2 80 99) reads as `‚Äô`, and `🛠` (F0 9F 9B A0) as U+F8FF `üõ†`.
 */

/** Mac Roman bytes 0x80–0xFF, in order. 0xF0 is Apple's logo, U+F8FF. */
const MAC_ROMAN_HIGH =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü' +
  '†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø' +
  '¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ' +
  '‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';

const BYTE_OF = new Map<string, number>();
for (let i = 0; i < MAC_ROMAN_HIGH.length; i++) BYTE_OF.set(MAC_ROMAN_HIGH[i]!, 0x80 + i);
// Before Mac OS 8.5, 0xDB was the currency sign.
BYTE_OF.set('¤', 0xdb);

const RUN = new RegExp(`[${[...BYTE_OF.keys()].join('')}]+`, 'gu');
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface Repair {
  /** 1-based line of the repaired run in the text as given. */
  line: number;
  before: string;
  after: string;
}

/** Any character a Mac Roman decoding cannot produce: its presence means real UTF-8 text. */
const OUTSIDE_MAC_ROMAN = new RegExp(`[^\\u0000-\\u007f${[...BYTE_OF.keys()].join('')}]`, 'u');

/** Characters that UTF-8 spells in three or four bytes (’ “ ” – … and emoji among them). */
const LONG_SEQUENCE = /[\u0800-\uffff]/u;

/**
 * Undoes Mac Roman mojibake: a maximal run of characters from the upper half of the Mac Roman
 * table is turned back into bytes and, if those bytes are valid UTF-8, replaced by what they
 * spell, when either
 * - the whole text was mis-decoded: every such run is valid UTF-8 and no character outside the
 *   Mac Roman table occurs; or
 * - the run spells a character of three or four UTF-8 bytes (`‚Äô` for `’`, `üõ†` for `🛠`),
 *   which correct text practically never does, as when mojibake was pasted into a good file.
 *
 * So correct text that merely contains such characters (`café`, `“école”`, `’`) is left alone.
 * Returns the text unchanged, with no repairs, when nothing needs repairing.
 */
export function repairMacRomanMojibake(text: string): { text: string; repairs: Repair[] } {
  const runs = [...text.matchAll(RUN)].map((match) => ({
    offset: match.index,
    before: match[0],
    after: decodeRun(match[0]),
  }));
  const wholeText =
    runs.length > 0 && runs.every((run) => run.after !== null) && !OUTSIDE_MAC_ROMAN.test(text);
  const repairs: Repair[] = [];
  let repaired = '';
  let copiedTo = 0;
  let line = 1;
  for (const run of runs) {
    if (run.after === null || !(wholeText || LONG_SEQUENCE.test(run.after))) continue;
    for (let i = copiedTo; i < run.offset; i++) if (text.charCodeAt(i) === 10) line++;
    repaired += text.slice(copiedTo, run.offset) + run.after;
    copiedTo = run.offset + run.before.length;
    repairs.push({ line, before: run.before, after: run.after });
  }
  return repairs.length === 0
    ? { text, repairs }
    : { text: repaired + text.slice(copiedTo), repairs };
}

/** What the run's Mac Roman bytes spell as UTF-8, or null when they are not valid UTF-8. */
function decodeRun(run: string): string | null {
  const bytes = Uint8Array.from(run, (char) => BYTE_OF.get(char) ?? 0);
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
