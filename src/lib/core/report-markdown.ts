/**
 * The report (`report.ts`) as Markdown to paste into a document, a wiki page or a pull request:
 * a heading with who, when and which framework, the suggestion and why, a summary table of each
 * topic at each level, what's next, then every level's criteria as task lists (`- [x]`).
 *
 * Every string that comes from outside the app's own code (the person's name, reasons,
 * evidence, and the texts and titles of a framework, which a user may have written) goes
 * through `markdownText`, so it reads as the same text and can neither break the Markdown
 * (a pipe ending a table cell, a `#` making a heading, a backtick opening code) nor bring in
 * HTML or a link it did not contain as a bare address.
 */
import type { Report, ReportCriterion, ReportStep } from './report.ts';

/**
 * `text` as inline Markdown that renders as exactly that text, on one line: white space (line
 * breaks included) collapsed to single spaces, control characters dropped, and every character
 * that could start markup escaped with a backslash. CommonMark lets any ASCII punctuation be
 * escaped so; the set escaped is the one that can mean something somewhere in a line (emphasis,
 * code, links, images, HTML and autolinks, entities, table cells, headings, lists, quotes).
 * Bare web addresses are kept as addresses (GitHub and others show them as links to themselves,
 * which is what the text said), with only what could break out of them percent-encoded.
 */
export function markdownText(text: string): string {
  const flat = text
    // Control characters (C0 and C1, but tab and line breaks) have no place in a line of text.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  let out = '';
  let from = 0;
  for (const match of flat.matchAll(BARE_ADDRESS)) {
    const address = withoutTrailing(match[0]);
    out += escapeText(flat.slice(from, match.index)) + escapeAddress(address);
    from = match.index + address.length;
  }
  out += escapeText(flat.slice(from));
  // At the start of a line, `-`, `+`, `=` and `1.` or `1)` would make a list or a heading.
  return out.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A web address as GitHub's Markdown finds one in text: not right after a letter or digit. */
const BARE_ADDRESS = /(?<![\p{L}\p{N}])(?:https?:\/\/|www\.)[^\s<>]+/giu;

/** The address without what GitHub leaves out of it: trailing punctuation, an unmatched `)`. */
function withoutTrailing(address: string): string {
  let end = address.length;
  for (;;) {
    const last = address[end - 1];
    if (last !== undefined && '?!.,:*_~\'"'.includes(last)) end -= 1;
    else if (last === ')' && count(address.slice(0, end), ')') > count(address.slice(0, end), '('))
      end -= 1;
    else break;
  }
  return address.slice(0, end);
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

function escapeText(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]#|~&]/g, (character) => `\\${character}`)
      // As entities, not escapes: an entity also ends an address GitHub finds in the text.
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
  );
}

/**
 * Inside an address a backslash is not an escape, so the characters that could end a table cell,
 * open code or HTML, or look like an entity are percent-encoded: the same address to a browser.
 */
function escapeAddress(address: string): string {
  return address.replace(
    /[\\`|<>"[\]&]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** A multi-line note (evidence) as lines of escaped text joined by hard line breaks. */
function markdownLines(text: string, indent: string): string {
  return text
    .split(/\r\n?|\n/)
    .map(markdownText)
    .filter((line) => line !== '')
    .join(`\\\n${indent}`);
}

const STATE_WORD = {
  demonstrated: 'demonstrated',
  'not-yet': 'not yet',
  'not-applicable': 'not applicable',
} as const;

/** The report as a Markdown document ending in a newline. */
export function reportMarkdown(report: Report): string {
  const out: string[] = [];
  const who = report.person ? markdownText(report.person) : 'Self-assessment';
  out.push(`# ${who}: ${markdownText(report.framework.title)}`, '');
  const facts = [
    report.date,
    `framework version \`${report.framework.version.replace(/[^0-9a-f]/g, '')}\``,
    `threshold ${report.threshold}%`,
  ];
  if (report.target !== null) facts.push(`target level ${report.target}`);
  out.push(facts.join(' · '), '');
  out.push(
    report.suggestion
      ? `**Suggested level: ${report.suggestion.label}**`
      : '**No suggested level**',
    '',
  );
  for (const sentence of report.why) out.push(markdownText(sentence));
  out.push('');
  out.push(
    `${report.counts.demonstrated} of ${report.counts.total} criteria demonstrated, ` +
      `${report.counts.notApplicable} not applicable.`,
    '',
  );

  out.push('## Summary', '');
  out.push(...summaryTable(report), '');

  if (report.next.length > 0) {
    out.push("## What's next", '');
    for (const step of report.next) out.push(...stepLines(step));
    out.push('');
  }

  const listed = [
    report.options.onlyShown ? 'Only the criteria demonstrated or not applicable are listed.' : '',
    report.options.evidence ? '' : 'Evidence is left out.',
  ].filter(Boolean);
  if (listed.length > 0) out.push(`*${listed.join(' ')}*`, '');

  for (const level of report.levels) {
    out.push(`## Level ${level.level}`, '');
    for (const topic of level.topics) {
      out.push(
        `### ${markdownText(topic.title)} (${topic.demonstrated} of ${topic.applicable})`,
        '',
      );
      for (const criterion of topic.criteria) out.push(...criterionLines(criterion));
      out.push('');
    }
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** Topics as rows, levels as columns: `demonstrated/applicable`, then the topic's standing. */
function summaryTable(report: Report): string[] {
  const { coverage } = report;
  const head = ['Topic', ...coverage.levels.map((level) => `L${level}`), 'Standing'];
  const cells = (cellsOf: typeof coverage.totals) =>
    cellsOf.map((cell) =>
      cell.applicable === 0 ? '–' : `${cell.demonstrated}/${cell.applicable}`,
    );
  const rows = coverage.topics.map((topic) => [
    markdownText(topic.title),
    ...cells(topic.cells),
    topic.standingLabel,
  ]);
  rows.push(['**All topics**', ...cells(coverage.totals), `**${coverage.overallLabel}**`]);
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  return [
    line(head),
    line(head.map((_, index) => (index === 0 ? '---' : ':---:'))),
    ...rows.map(line),
  ];
}

function stepLines(step: ReportStep): string[] {
  const lines = [`- **${step.heading}**: ${markdownText(step.sentence)}`];
  for (const criterion of step.criteria)
    lines.push(
      `  - L${criterion.level} ${markdownText(criterion.topic)}: ${markdownText(criterion.text)}`,
    );
  return lines;
}

function criterionLines(criterion: ReportCriterion): string[] {
  const text = markdownText(criterion.text);
  const lines: string[] = [];
  switch (criterion.state) {
    case 'demonstrated':
      lines.push(`- [x] ${text}`);
      break;
    case 'not-yet':
      lines.push(`- [ ] ${text}`);
      break;
    case 'not-applicable':
      lines.push(
        `- [ ] ~~${text}~~ *${STATE_WORD[criterion.state]}*${criterion.reason ? `: ${markdownText(criterion.reason)}` : ''}`,
      );
      break;
    default:
      criterion.state satisfies never;
  }
  if (criterion.evidence) lines.push(`  - Evidence: ${markdownLines(criterion.evidence, '    ')}`);
  return lines;
}

/**
 * The name offered for the report's Markdown file: `<person>-<framework>-<YYYY-MM-DD>.report.md`
 * (`ada-lovelace-engineering-backend-2025-01-31.report.md`), without the person when the report
 * has no name on it.
 */
export function reportFileName(report: Report): string {
  const parts = [
    report.person ? fileNameSlug(report.person) : '',
    fileNameSlug(report.framework.id),
    report.date,
  ];
  return `${parts.filter(Boolean).join('-')}.report.md`;
}

/**
 * `text` as part of a file name: in lower case, each run of anything but letters and digits one
 * `-`, none at either end (`Ada Lovelace` gives `ada-lovelace`, `engineering/backend` gives
 * `engineering-backend`); empty when `text` has no letter or digit.
 */
export function fileNameSlug(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}
