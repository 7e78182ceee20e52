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
