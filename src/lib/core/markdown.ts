/**
 * Markdown from framework files to HTML that is safe to insert into the page, within fixed limits.
 *
 * Safety: micromark escapes raw HTML and empties link and image targets with unsafe protocols
 * (`javascript:`, `data:`, `vbscript:`), so no script from a framework file can run. Links open
 * in a new tab without access to this page.
 *
 * Limits: micromark's time grows faster than the length of some inputs (long runs of emphasis
 * markers, many nested list or quote lines, setext underlines), so a hostile file could keep it
 * busy for minutes. Text is therefore rendered in small pieces, each at most
 * `LIMITS.markdownPiece` characters, and at most `LIMITS.markdownTotal` characters per budget
 * (one framework); what falls outside is shown as escaped plain text instead.
 */
import { micromark, type Options } from 'micromark';
import { LIMITS } from './limits.ts';

/**
 * What is left to render of one framework's markdown. `plain` counts the texts that were shown
 * as plain text because they were too long or the budget was spent.
 */
export interface MarkdownBudget {
  characters: number;
  plain: number;
}

export function markdownBudget(characters: number = LIMITS.markdownTotal): MarkdownBudget {
  return { characters, plain: 0 };
}

/**
 * Setext headings (a line of `---` or `===` under text) are off: framework files use `---` as a
 * rule, and micromark resolves setext headings in time that grows with the square of the text.
 */
const BLOCK_OPTIONS: Options = { extensions: [{ disable: { null: ['setextUnderline'] } }] };

/** A criterion is one paragraph: only inline markdown (links, emphasis, code) applies. */
const INLINE_OPTIONS: Options = {
  extensions: [
    {
      disable: {
        null: [
          'blockQuote',
          'codeFenced',
          'codeIndented',
          'definition',
          'headingAtx',
          'htmlFlow',
          'list',
          'setextUnderline',
          'thematicBreak',
        ],
      },
    },
  ],
};

/**
 * Markdown (an about text) to safe HTML. Text beyond the budget, and any piece of it longer than
 * `LIMITS.markdownPiece`, is shown as escaped plain text paragraphs (and counted in
 * `budget.plain`). Never throws.
 */
export function markdownToSafeHtml(markdown: string, budget = markdownBudget()): string {
  if (markdown.length > budget.characters) {
    budget.plain++;
    return plainTextHtml(markdown);
  }
  budget.characters -= markdown.length;
  let tooLong = false;
  const html = markdownPieces(markdown)
    .map((piece) => {
      if (piece.length <= LIMITS.markdownPiece) return render(piece, BLOCK_OPTIONS);
      tooLong = true;
      return plainTextHtml(piece);
    })
    .join('');
  if (tooLong) budget.plain++;
  return html;
}

const MARKDOWN_SYNTAX = /[[\]*_`<>&\\]|https?:\/\//;

/**
 * Inline markdown (one criterion or example) to safe HTML, or `undefined` when it is shown as
 * plain text: when it has no markdown syntax, or (counted in `budget.plain`) when it is longer
 * than `LIMITS.markdownPiece` or the budget is spent.
 */
export function inlineMarkdownToSafeHtml(
  text: string,
  budget = markdownBudget(),
): string | undefined {
  if (!MARKDOWN_SYNTAX.test(text)) return undefined;
  if (text.length > LIMITS.markdownPiece || text.length > budget.characters) {
    budget.plain++;
    return undefined;
  }
  budget.characters -= text.length;
  const html = render(text, INLINE_OPTIONS).trim();
  return html.startsWith('<p>') && html.endsWith('</p>') ? html.slice(3, -4) : html;
}

function render(markdown: string, options: Options): string {
  return micromark(markdown, options).replaceAll(
    '<a href=',
    '<a rel="noopener noreferrer" target="_blank" href=',
  );
}

const CONTAINER_START = /^(?:[ \t]|>|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$))/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const DEFINITION = /^ {0,3}\[[^\]]+\]:/m;

/**
 * Splits markdown where it can be rendered in separate pieces with the same result: before a
 * line at column 0 that follows a blank line, is not inside a code fence and starts no list item,
 * quote or indented code, since such a line closes every open block. Text with link reference
 * definitions (`[name]: url`) stays whole, because its links may refer across pieces.
 */
export function markdownPieces(markdown: string): string[] {
  if (DEFINITION.test(markdown)) return [markdown];
  const pieces: string[] = [];
  let piece: string[] = [];
  let fence: string | null = null;
  let previousBlank = false;
  for (const line of markdown.split('\n')) {
    const fenceMatch = FENCE.exec(line);
    if (fence === null && previousBlank && line !== '' && !CONTAINER_START.test(line)) {
      pieces.push(piece.join('\n') + '\n');
      piece = [];
    }
    if (fenceMatch && (fence === null || fenceMatch[1]!.startsWith(fence))) {
      fence = fence === null ? fenceMatch[1]! : null;
    }
    piece.push(line);
    previousBlank = line.trim() === '';
  }
  pieces.push(piece.join('\n'));
  return pieces.filter((text) => text.trim() !== '');
}

/** Escaped text in paragraphs, one per blank-line separated block. */
function plainTextHtml(text: string): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>\n`)
    .join('');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
