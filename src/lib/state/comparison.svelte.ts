import {
  compareWithReview,
  filterComparison,
  type Comparison,
  type ComparisonFilter,
  type CriterionComparison,
} from '../core/comparison.ts';
import { comparisonFileName, comparisonMarkdown } from '../core/comparison-markdown.ts';
import type { Snapshot } from '../core/snapshot.ts';
import type { Assessment } from './assessment.svelte.ts';

/**
 * The engineer's assessment beside a manager's review of it, as they look at it: the comparison
 * follows their ticks as they change them, and the filter says which criteria are listed.
 */
export class ComparisonView {
  readonly #assessment: Assessment;
  readonly review: Snapshot;
  /** Where the views differ, first: what the conversation is about. */
  filter = $state<ComparisonFilter>('differ');
  readonly #comparison: Comparison = $derived.by(() =>
    compareWithReview({
      framework: this.#assessment.framework,
      stateOf: this.#assessment.stateOf,
      threshold: this.#assessment.threshold,
      review: this.review,
    }),
  );

  constructor(assessment: Assessment, review: Snapshot) {
    this.#assessment = assessment;
    this.review = review;
  }

  get comparison(): Comparison {
    return this.#comparison;
  }

  /** The criteria the filter keeps, in reading order. */
  get shown(): CriterionComparison[] {
    return filterComparison(this.#comparison.criteria, this.filter);
  }

  /** How many criteria each filter keeps. */
  count(filter: ComparisonFilter): number {
    return filterComparison(this.#comparison.criteria, filter).length;
  }

  /** The comparison report as Markdown, dated `date`. */
  markdown(date: Date): string {
    return comparisonMarkdown(this.#comparison, {
      frameworkTitle: this.#assessment.framework.title,
      date: date.toISOString().slice(0, 10),
    });
  }

  /** The name offered for that Markdown's file, dated `date`. */
  fileName(date: Date): string {
    return comparisonFileName(this.#comparison, this.#assessment.framework.id, date);
  }
}
