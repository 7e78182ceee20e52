/**
 * The comparison (`comparison.ts`) as Markdown, for the record of the conversation: who and
 * when, both suggested levels and the manager's verdict, each topic both ways, then every
 * criterion where the two views differ with the manager's comment, and what the review holds
 * that the framework no longer has. Outside strings go through `markdownText`, as in the report.
 */
import {
  countsSentence,
  standingLabel,
  type Comparison,
  type CriterionComparison,
} from './comparison.ts';
import type { CriterionState } from './progress.ts';
import { fileNameSlug, markdownText } from './report-markdown.ts';
import { VERDICT_WORDS, verdictLabel } from './review.ts';

const STATE_WORDS: Readonly<Record<CriterionState, string>> = {
  demonstrated: 'demonstrated',
  'not-yet': 'not yet',
  'not-applicable': 'not applicable',
};

export interface ComparisonHeading {
  frameworkTitle: string;
  /** The day of the conversation, `YYYY-MM-DD`. */
  date: string;
}

/** The comparison as a Markdown document ending in a newline. */
export function comparisonMarkdown(comparison: Comparison, heading: ComparisonHeading): string {
  const out: string[] = [];
  const who = comparison.person ? markdownText(comparison.person) : 'Self-assessment';
  out.push(`# ${who} and ${reviewerName(comparison)}: ${markdownText(heading.frameworkTitle)}`, '');
  out.push(
    [
      heading.date,
      `reviewed ${comparison.reviewedAt.slice(0, 10)}`,
      `threshold ${comparison.threshold}%`,
    ].join(' · '),
    '',
  );
  out.push(`- Suggested by the self-assessment now: **${comparison.mine?.label ?? 'no level'}**`);
  out.push(`- Suggested by the manager's view: **${comparison.manager?.label ?? 'no level'}**`);
  if (comparison.verdict) {
    const comment = comparison.verdict.comment
      ? `: ${markdownText(comparison.verdict.comment)}`
      : '';
    out.push(`- Manager's verdict: **${verdictLabel(comparison.verdict)}**${comment}`);
  } else out.push("- Manager's verdict: none given");
  out.push('', countsSentence(comparison.counts), '');

  out.push('## By topic', '');
  out.push('| Topic | Self-assessment | Manager |', '| --- | :-: | :-: |');
  for (const topic of comparison.topics)
    out.push(
      `| ${markdownText(topic.title)} | ${standingLabel(topic.mine)} | ${standingLabel(topic.manager)} |`,
    );
  out.push('');

  // The record of the conversation: every criterion the two views differ on, and every one the
  // manager disagreed with or asked evidence for, even where the engineer has since changed it.
  const differing = comparison.criteria.filter(
    (criterion) =>
      criterion.differs ||
      criterion.verdict === 'disagree' ||
      criterion.verdict === 'needs-evidence',
  );
  out.push('## Where the views differ', '');
  if (differing.length === 0) out.push('Nowhere: the two views agree on every criterion.', '');
  for (const criterion of differing) out.push(...criterionLines(criterion));
  if (differing.length > 0) out.push('');

  if (comparison.onlyInReview.length > 0) {
    out.push('## Reviewed, but no longer in the framework', '');
    for (const criterion of comparison.onlyInReview) {
      const verdict = criterion.review ? ` · ${VERDICT_WORDS[criterion.review.verdict]}` : '';
      const comment = criterion.review?.comment
        ? `: ${markdownText(criterion.review.comment)}`
        : '';
      out.push(`- L${criterion.level} ${markdownText(criterion.text)}${verdict}${comment}`);
    }
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function reviewerName(comparison: Comparison): string {
  return comparison.reviewer ? markdownText(comparison.reviewer) : 'their manager';
}

function criterionLines(criterion: CriterionComparison): string[] {
  const verdict = criterion.verdict ? VERDICT_WORDS[criterion.verdict] : 'Not reviewed';
  const lines = [
    `- **L${criterion.level} ${markdownText(criterion.topicTitle)}**: ${markdownText(criterion.text)}`,
    `  - Self-assessment: ${STATE_WORDS[criterion.mine]} · Manager: ${verdict} (${STATE_WORDS[criterion.manager]})`,
  ];
  if (criterion.comment) lines.push(`  - Comment: ${markdownText(criterion.comment)}`);
  if (criterion.changedSince && criterion.reviewed)
    lines.push(`  - Changed since the review (was ${STATE_WORDS[criterion.reviewed]})`);
  return lines;
}

/**
 * The name offered for the comparison's Markdown file:
 * `<person>-<framework>-review-<YYYY-MM-DD>.comparison.md`
 * (`ada-lovelace-engineering-backend-review-2025-01-31.comparison.md`), without the person when
 * the review names none.
 */
export function comparisonFileName(
  comparison: Comparison,
  frameworkId: string,
  date: Date,
): string {
  const who = comparison.person ? `${fileNameSlug(comparison.person)}-` : '';
  return `${who}${fileNameSlug(frameworkId)}-review-${date.toISOString().slice(0, 10)}.comparison.md`;
}
