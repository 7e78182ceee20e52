import { micromark } from 'micromark';

/**
 * Markdown to HTML that is safe to insert into the page: micromark escapes raw HTML and drops
 * link targets with unsafe protocols (`javascript:`, `data:`), so no script from a framework
 * file can run. Links open in a new tab without access to this page.
 */
export function markdownToSafeHtml(markdown: string): string {
  return micromark(markdown).replaceAll(
    '<a href=',
    '<a rel="noopener noreferrer" target="_blank" href=',
  );
}

const MARKDOWN_SYNTAX = /[[\]*_`<>&\\]|https?:\/\//;

/**
 * Inline markdown (one paragraph) to safe HTML, or `undefined` when the text has no markdown
 * syntax and is shown as plain text.
 */
export function inlineMarkdownToSafeHtml(text: string): string | undefined {
  if (!MARKDOWN_SYNTAX.test(text)) return undefined;
  const html = markdownToSafeHtml(text).trim();
  return html.startsWith('<p>') && html.endsWith('</p>') ? html.slice(3, -4) : html;
}
