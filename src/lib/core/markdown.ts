/**
 * Markdown from framework files to HTML that is safe to insert into the page, within fixed limits.
 *
 * Safety: micromark escapes raw HTML and empties link and image targets with unsafe protocols
 * (`javascript:`, `data:`, `vbscript:`), so no script from a framework file can run. Links open
 * in a new tab without access to this page.
 *
 * Limits: micromark's time grows faster than linearly with some inputs (runs of emphasis
 * markers, long or deeply nested lists, setext underlines), so a hostile file could keep it busy
 * for minutes. Its time goes to syntax characters (punctuation and line breaks), so text is
 * rendered in pieces of at most `LIMITS.markdownPieceSyntax` of them, nested at most
 * `LIMITS.markdownNesting` deep, and at most `LIMITS.markdownSyntax` per budget (one framework).
 * Whatever falls outside is shown as escaped plain text instead.
 */
import { micromark, type Options } from 'micromark';
import { LIMITS } from './limits.ts';

/**
 * What is left to render of one framework's markdown: `syntax` characters, and `plain`, the count
 * of texts shown as plain text because they passed a limit.
 */
export interface MarkdownBudget {
  syntax: number;
  plain: number;
}

export function markdownBudget(syntax: number = LIMITS.markdownSyntax): MarkdownBudget {
  return { syntax, plain: 0 };
}

/**
 * Setext headings (a line of `---` or `===` under text) are off: framework files use `---` as a
 * rule, and micromark resolves setext headings in time that grows with the square of the text.
 */
const BLOCK_OPTIONS: Options = {
  extensions: [{ disable: { null: ['setextUnderline', 'labelStartImage'] } }],
};

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
          'labelStartImage',
          'list',
          'setextUnderline',
          'thematicBreak',
        ],
      },
    },
  ],
};

/**
 * Markdown (an about text) to safe HTML. A piece that passes a limit or the budget is shown as
 * escaped plain text paragraphs, counted in `budget.plain` (once per text). Images are not
 * rendered (their `![text](address)` stays text), so a framework file cannot make the page
 * load anything. Headings are moved so the highest is an `<h2>`: the text sits under the page's
 * `<h1>`, and heading levels must not skip. Never throws.
 */
export function markdownToSafeHtml(markdown: string, budget = markdownBudget()): string {
  return shiftHeadings(renderPieces(markdown, budget), 2);
}

/** Moves every `<hN>` of micromark's output so the highest becomes `<h{top}>` (at most h6). */
export function shiftHeadings(html: string, top: number): string {
  const levels = [...html.matchAll(/<h([1-6])>/g)].map((match) => Number(match[1]));
  if (levels.length === 0) return html;
  const shift = top - Math.min(...levels);
  if (shift === 0) return html;
  return html.replace(
    /<(\/?)h([1-6])>/g,
    (_, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + shift)}>`,
  );
}

function renderPieces(markdown: string, budget: MarkdownBudget): string {
  let plain = false;
  const html = markdownPieces(markdown)
    .map((piece) => {
      if (!DEEP_NESTING.test(piece) && spend(budget, piece)) return render(piece, BLOCK_OPTIONS);
      plain = true;
      return plainTextHtml(piece);
    })
    .join('');
  if (plain) budget.plain++;
  return html;
}

const MARKDOWN_SYNTAX = /[[\]*_`<>&\\]|https?:\/\//;

/**
 * Inline markdown (one criterion) to safe HTML, or `undefined` when it is shown as plain text:
 * when it has no markdown syntax, or (counted in `budget.plain`) when it passes a limit or the
 * budget.
 */
export function inlineMarkdownToSafeHtml(
  text: string,
  budget = markdownBudget(),
): string | undefined {
  if (!MARKDOWN_SYNTAX.test(text)) return undefined;
  if (!spend(budget, text)) {
    budget.plain++;
    return undefined;
  }
  const html = render(text, INLINE_OPTIONS).trim();
  return html.startsWith('<p>') && html.endsWith('</p>') ? html.slice(3, -4) : html;
}

function render(markdown: string, options: Options): string {
  return micromark(markdown, options).replaceAll(
    '<a href=',
    '<a rel="noopener noreferrer" target="_blank" href=',
  );
}

/** Takes the syntax characters of `piece` from the budget; false, taking none, if it cannot. */
function spend(budget: MarkdownBudget, piece: string): boolean {
  const syntax = piece.length - piece.replace(SYNTAX_CHARACTERS, '').length;
  if (syntax > LIMITS.markdownPieceSyntax || syntax > budget.syntax) return false;
  budget.syntax -= syntax;
  return true;
}

const SYNTAX_CHARACTERS = /[!-/:-@[-`{-~\n\t]/g;

/** A line that opens more lists and quotes, one in the other, than `LIMITS.markdownNesting`. */
const DEEP_NESTING = new RegExp(
  `^(?:[ \\t]*(?:>|(?:[-+*]|\\d{1,9}[.)])(?=[ \\t]))){${LIMITS.markdownNesting + 1}}`,
  'm',
);

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
    if (fence === null && previousBlank && line !== '' && !CONTAINER_START.test(line)) {
      pieces.push(piece.join('\n') + '\n');
      piece = [];
    }
    const fenceMatch = FENCE.exec(line);
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
