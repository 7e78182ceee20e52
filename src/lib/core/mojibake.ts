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

/**
 * Undoes Mac Roman mojibake run by run: each maximal run of characters from the upper half of the
 * Mac Roman table is turned back into bytes and, only if those bytes are whole, valid UTF-8, it
 * is replaced by what they spell. Correct text that merely contains such characters (`café`,
 * `“quotes”`) never forms valid UTF-8 this way, so it is left alone.
 *
 * Returns the text unchanged, with no repairs, when nothing needs repairing.
 */
export function repairMacRomanMojibake(text: string): { text: string; repairs: Repair[] } {
  const repairs: Repair[] = [];
  let line = 1;
  let lineCountedTo = 0;
  const repaired = text.replace(RUN, (run, offset: number) => {
    const bytes = Uint8Array.from(run, (char) => BYTE_OF.get(char) ?? 0);
    let decoded: string;
    try {
      decoded = utf8.decode(bytes);
    } catch {
      return run;
    }
    for (; lineCountedTo < offset; lineCountedTo++)
      if (text.charCodeAt(lineCountedTo) === 10) line++;
    repairs.push({ line, before: run, after: decoded });
    return decoded;
  });
  return { text: repaired, repairs };
}
