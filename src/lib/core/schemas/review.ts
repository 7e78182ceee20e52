/** A manager's review as kept in its collection (`../review.ts`). */
import * as v from 'valibot';
import { LIMITS } from '../limits.ts';
import type { CriterionReview, Review } from '../review.ts';
import { SUB_LEVELS } from '../scoring.ts';
import { identifier, levelOrNull, oneOf, optionalText, time } from './fields.ts';
import { expecting, list, object, repeats, rule, type RecordSchema } from './read.ts';

const comment = optionalText(LIMITS.noteLength);

export const ReviewSchema: RecordSchema<Review> = object({
  of: expecting(v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)), '32 lowercase hex digits'),
  receivedKey: identifier,
  reviewer: expecting(
    v.nullable(v.pipe(v.string(), v.maxLength(LIMITS.personLength))),
    `null or a string of at most ${LIMITS.personLength} characters`,
  ),
  startedAt: time,
  updatedAt: time,
  criteria: v.pipe(
    list(
      object({
        id: identifier,
        verdict: oneOf(['agree', 'disagree', 'needs-evidence']),
        comment,
      }),
      LIMITS.criteria,
      (found) => `The review has ${found} criteria; at most ${LIMITS.criteria} can be kept.`,
    ),
    rule((criteria: CriterionReview[]) => repeats(criteria, (item) => item.id, 'id', 'criterion')),
  ),
  verdict: expecting(
    v.nullable(
      object({
        level: levelOrNull,
        subLevel: expecting(v.nullable(v.picklist(SUB_LEVELS)), 'null or a sub-level A to E'),
        comment,
      }),
    ),
    'null or an overall verdict',
  ),
});
