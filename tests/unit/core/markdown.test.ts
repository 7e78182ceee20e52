import { describe, expect, it } from 'vitest';
import {
  inlineMarkdownToSafeHtml,
  markdownBudget,
  markdownPieces,
  markdownToSafeHtml,
} from '../../../src/lib/core/markdown.ts';

describe('markdownToSafeHtml', () => {
  it('renders headings, lists, emphasis and links, opening links in a new tab', () => {
    expect(markdownToSafeHtml('## Why\n\n- **Bold** and [a link](https://example.com)\n')).toBe(
      '<h2>Why</h2>\n<ul>\n<li><strong>Bold</strong> and <a rel="noopener noreferrer" target="_blank" href="https://example.com">a link</a></li>\n</ul>\n',
    );
  });

  it('escapes raw HTML and empties unsafe link targets', () => {
    expect(
      markdownToSafeHtml('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick="y">'),
    ).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;\n<p><a rel="noopener noreferrer" target="_blank" href="">x</a> &lt;b onclick=&quot;y&quot;&gt;</p>',
    );
  });

  it('reads a "---" line under text as a rule, not as a heading underline', () => {
    expect(markdownToSafeHtml('Text\n---\nMore')).toBe('<p>Text</p>\n<hr />\n<p>More</p>');
  });

  it('renders the same in pieces as in one go', () => {
    const markdown =
      '# A\n\nText\n\n- one\n\n  still one\n- two\n\n```\ncode\n\nmore code\n```\n\nEnd';
    expect(markdownToSafeHtml(markdown)).toBe(
      '<h2>A</h2>\n<p>Text</p>\n<ul>\n<li>\n<p>one</p>\n<p>still one</p>\n</li>\n<li>\n<p>two</p>\n</li>\n</ul>\n<pre><code>code\n\nmore code\n</code></pre>\n<p>End</p>',
    );
  });

  it('shows a piece with too much markdown syntax as escaped plain text, and counts it', () => {
    const budget = markdownBudget();
    const html = markdownToSafeHtml(`# Fine\n\n${'*a'.repeat(1_001)}\n\n<b>Fine</b>`, budget);
    expect(html).toBe(
      `<h2>Fine</h2>\n<p>${'*a'.repeat(1_001)}</p>\n<p>&lt;b&gt;Fine&lt;/b&gt;</p>`,
    );
    expect(budget.plain).toBe(1);
  });

  it('shows lists nested deeper than the limit as plain text', () => {
    const budget = markdownBudget();
    expect(markdownToSafeHtml('- - - - - - - - - deep', budget)).toBe(
      '<p>- - - - - - - - - deep</p>\n',
    );
    expect(budget.plain).toBe(1);
    expect(markdownToSafeHtml('- - - - - - - - fine')).toMatch(/^<ul>/);
  });

  it('stops formatting once the budget is spent', () => {
    const budget = markdownBudget(6);
    expect(markdownToSafeHtml('*a* *b*', budget)).toBe('<p><em>a</em> <em>b</em></p>');
    expect(budget).toEqual({ syntax: 2, plain: 0 });
    expect(markdownToSafeHtml('*c* *d*', budget)).toBe('<p>*c* *d*</p>\n');
    expect(budget).toEqual({ syntax: 2, plain: 1 });
  });
});

describe('markdownPieces', () => {
  it('splits before a paragraph or heading that follows a blank line', () => {
    expect(markdownPieces('# A\ntext\n\n## B\n\nmore')).toEqual([
      '# A\ntext\n\n',
      '## B\n\n',
      'more',
    ]);
  });

  it('keeps list items, quotes, indented lines and code fences with what they continue', () => {
    for (const markdown of [
      '- a\n\n- b\n\n  c',
      '> a\n\n> b',
      'a\n\n    code',
      '```\na\n\nb\n```',
      '1. a\n\n2) b',
    ]) {
      expect(markdownPieces(markdown)).toEqual([markdown]);
    }
  });

  it('keeps text with link reference definitions whole', () => {
    const markdown = 'See [x].\n\nMore.\n\n[x]: https://example.com';
    expect(markdownPieces(markdown)).toEqual([markdown]);
  });
});

describe('inlineMarkdownToSafeHtml', () => {
  it('renders links, emphasis and code inline, without a paragraph around them', () => {
    expect(inlineMarkdownToSafeHtml('Reads *the* [guide](https://x.test) and `docs`')).toBe(
      'Reads <em>the</em> <a rel="noopener noreferrer" target="_blank" href="https://x.test">guide</a> and <code>docs</code>',
    );
  });

  it('gives undefined for text without markdown syntax', () => {
    expect(inlineMarkdownToSafeHtml('Gives regular status updates')).toBeUndefined();
  });

  it('reads block syntax in a criterion as text', () => {
    expect(inlineMarkdownToSafeHtml('# 1. > - not blocks & more')).toBe(
      '# 1. &gt; - not blocks &amp; more',
    );
  });

  it('escapes raw HTML', () => {
    expect(inlineMarkdownToSafeHtml('<img src=x onerror=alert(1)>')).toBe(
      '&lt;img src=x onerror=alert(1)&gt;',
    );
  });

  it('gives undefined, counted as plain, for a criterion with too much markdown syntax', () => {
    const budget = markdownBudget();
    expect(inlineMarkdownToSafeHtml('*a'.repeat(1_001), budget)).toBeUndefined();
    expect(budget.plain).toBe(1);
  });
});

describe('about text headings and images', () => {
  it('moves headings so the highest is an h2, keeping their order', () => {
    const html = markdownToSafeHtml('### About\n\ntext\n\n#### Details\n\nmore');
    expect(html).toContain('<h2>About</h2>');
    expect(html).toContain('<h3>Details</h3>');
    expect(html).not.toMatch(/<h[1456]/);
  });

  it('does not render images, so a framework file cannot make the page load anything', () => {
    const html = markdownToSafeHtml('See ![pixel](https://tracker.example/p.gif) here');
    expect(html).not.toContain('<img');
    expect(html).toContain('pixel');
    expect(
      inlineMarkdownToSafeHtml('A ![x](https://tracker.example/p.gif) criterion') ?? '',
    ).not.toContain('<img');
  });
});
