import { repairMacRomanMojibake, type Repair } from './mojibake.ts';

export interface NormalisedSource {
  /** The text without byte order mark, with LF line endings and mojibake repaired. */
  text: string;
  /** The mojibake runs that were repaired, with their lines. */
  repairs: Repair[];
}

/**
 * The canonical form of a framework file's text: what ids and content hashes are computed from,
 * so the same framework checked out with CRLF line endings or saved with a BOM is the same
 * framework.
 */
export function normaliseSource(raw: string): NormalisedSource {
  const withoutBom = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const lf = withoutBom.replace(/\r\n?/g, '\n');
  return repairMacRomanMojibake(lf);
}

/** Unicode NFC with runs of white space folded to one space and the ends trimmed. */
export function normaliseText(text: string): string {
  if (!NOT_NORMAL_ASCII.test(text)) return text;
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Printable ASCII with single inner spaces is already normal (ASCII is its own NFC, and its only
 * white space other than the space is the control characters), which most criteria are: testing
 * for that first spares them the three passes that build new strings.
 */
const NOT_NORMAL_ASCII = /[^\x20-\x7e]|^ | $| {2}/;
