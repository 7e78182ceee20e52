/**
 * Quoted text continued on a line that is not indented past its list dash:
 *
 * ```yaml
 *           - "Delivers small tasks
 *           on time"
 * ```
 *
 * js-yaml refuses it ("deficient indentation"), while PyYAML and Monzo's site read the line as
 * part of the quoted text, folded into it with a space. Files from forks of Monzo's repository
 * have it. Rather than reading YAML ourselves, `readYaml` retries after each such error with the
 * line indented as far as the line before it, which changes nothing in the text (a quoted
 * scalar drops the indentation of its continuation lines) and keeps a record of the spaces
 * added, so every offset reported is one in the text as written.
 */

/**
 * Each repair parses the text again: at most this many lines are repaired, and no more than
 * this many characters parsed in all, so a hostile file cannot keep the parser busy.
 */
const MAX_REPAIRS = 200;
const MAX_CHARACTERS_PARSED = 20_000_000;

/**
 * A line that reads as a new field (`topics:`) or list item (`- `) is more likely the next
 * field after a missing closing quote than a continuation: its error stands.
 */
const STRUCTURAL_LINE = /^[ \t]*(?:-(?:[ \t]|$)|[\w-]+[ \t]*:(?:[ \t]|$))/;

/** The YAML text with the continuation lines repaired so far. */
export class ContinuationRepair {
  /** Where spaces were added, in the repaired text, in text order, with how many. */
  private readonly insertions: { at: number; count: number }[] = [];
  /** The repaired lines, as offsets of their start in the text as written. */
  readonly lines: number[] = [];

  constructor(public source: string) {}

  /**
   * Indents the line of a "deficient indentation" error at `offset` (in the repaired text) as far
   * as the line before it. False when the line cannot be repaired this way: it reads as a new
   * field or list item, it was repaired already, or the limit of repairs is reached.
   */
  repair(offset: number): boolean {
    const source = this.source;
    const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = source.indexOf('\n', lineStart);
    const line = source.slice(lineStart, lineEnd === -1 ? source.length : lineEnd);
    const indent = /^ */.exec(line)![0].length;
    const parses = this.lines.length + 2;
    if (this.lines.length >= MAX_REPAIRS || parses * source.length > MAX_CHARACTERS_PARSED)
      return false;
    if (STRUCTURAL_LINE.test(line)) return false;
    const previous = previousNonBlankLine(source, lineStart);
    // The line before is the opening one, whose quote is past the field's indentation, or a
    // continuation indented far enough: as long as it, the line is indented far enough too.
    const count = previous.trimEnd().length - indent;
    // js-yaml reads on in order, so each error is past the lines repaired before it.
    const last = this.insertions[this.insertions.length - 1];
    if (count <= 0 || (last !== undefined && lineStart <= last.at)) return false;
    const original = this.toOriginal(lineStart);
    this.source = source.slice(0, lineStart) + ' '.repeat(count) + source.slice(lineStart);
    this.insertions.push({ at: lineStart, count });
    this.lines.push(original);
    return true;
  }

  /** An offset in the repaired text as an offset in the text as written. */
  toOriginal(offset: number): number {
    let shift = 0;
    for (const { at, count } of this.insertions) {
      if (at >= offset) break;
      // An offset inside the added spaces is the start of the line as written.
      shift += Math.min(count, offset - at);
    }
    return offset - shift;
  }
}

function previousNonBlankLine(source: string, lineStart: number): string {
  let end = lineStart - 1;
  while (end > 0) {
    const start = source.lastIndexOf('\n', end - 1) + 1;
    const line = source.slice(start, end);
    if (line.trim() !== '') return line;
    end = start - 1;
  }
  return '';
}
