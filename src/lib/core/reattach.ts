import type { Criterion, Framework } from './model.ts';
import type { CriterionProgress } from './progress.ts';

/** A current criterion that saved progress for a vanished criterion probably belongs to. */
export interface ReattachSuggestion {
  criterion: Criterion;
  /** Word overlap, 0–1 (Jaccard index of the two texts' word sets). */
  similarity: number;
}

/** Below this overlap a suggestion would be a guess, so none is made. */
export const MIN_SIMILARITY = 0.3;

function words(text: string): Set<string> {
  return new Set(
    text
      .normalize('NFKC')
      .toLocaleLowerCase('en')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 1),
  );
}

/** Jaccard index of the word sets of two texts: 1 for the same words, 0 for none shared. */
export function wordOverlap(a: string, b: string): number {
  const left = words(a);
  const right = words(b);
  if (left.size === 0 && right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return shared / (left.size + right.size - shared);
}

/**
 * The current criterion of the same topic most similar to a record's saved text, when its word
 * overlap is at least `MIN_SIMILARITY`; `null` otherwise (also when the topic is gone). Ties go
 * to the criterion at the record's old level, then to reading order. `taken` holds criterion
 * ids that already have progress, which are not suggested.
 */
export function suggestReattach(
  record: CriterionProgress,
  framework: Framework,
  taken: ReadonlySet<string> = new Set(),
): ReattachSuggestion | null {
  const topic = framework.topics.find((candidate) => candidate.name === record.topic);
  if (!topic) return null;
  let best: ReattachSuggestion | null = null;
  for (const level of topic.levels) {
    for (const criterion of level.criteria) {
      if (taken.has(criterion.id)) continue;
      const similarity = wordOverlap(record.text, criterion.text);
      const better =
        !best ||
        similarity > best.similarity ||
        (similarity === best.similarity &&
          criterion.level === record.level &&
          best.criterion.level !== record.level);
      if (better) best = { criterion, similarity };
    }
  }
  return best && best.similarity >= MIN_SIMILARITY ? best : null;
}

/**
 * Rows of the re-attach list shown at once. Each row carries a menu of every criterion, so a
 * backup with thousands of records for vanished criteria would otherwise freeze the page.
 */
export const REATTACH_PAGE_SIZE = 20;

/** One page of the records to re-attach, as the list shows it. */
export interface OrphanPage {
  rows: CriterionProgress[];
  /** Records matching the search (all of them without one). */
  matching: number;
  /** Records to re-attach in all. */
  total: number;
  /** The page shown, from 0; a page past the end is moved back to the last one. */
  page: number;
  /** Pages of matching records (at least 1). */
  pages: number;
}

/**
 * The `page`-th page of `orphans` whose saved text or topic contains every word of `query`
 * (any case), `size` rows at most. Never gives more than `size` rows, however many records.
 */
export function orphanPage(
  orphans: readonly CriterionProgress[],
  query: string,
  page: number,
  size = REATTACH_PAGE_SIZE,
): OrphanPage {
  const terms = query.toLocaleLowerCase('en').split(/\s+/u).filter(Boolean);
  const matches =
    terms.length === 0
      ? orphans
      : orphans.filter((record) => {
          const haystack = `${record.text} ${record.topic}`.toLocaleLowerCase('en');
          return terms.every((term) => haystack.includes(term));
        });
  const pages = Math.max(1, Math.ceil(matches.length / size));
  const shown = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return {
    rows: matches.slice(shown * size, shown * size + size),
    matching: matches.length,
    total: orphans.length,
    page: shown,
    pages,
  };
}
