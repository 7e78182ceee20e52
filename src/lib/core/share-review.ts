/**
 * A manager's review in a share link (payload version 2, described in `share-link.ts`): what a
 * review adds to the link's fields when written, and reading it back against the framework.
 */
import { allCriteria, type Framework } from './model.ts';
import type { SubLevel } from './scoring.ts';
import type { OverallVerdict, ReviewVerdict, SnapshotReview } from './snapshot.ts';
import * as link from './link-encoding.ts';
import type { LinkRead } from './link-encoding.ts';
import { ShareCommentsSchema } from './schemas/share-link.ts';

/** Each verdict's two bits; 0 is no verdict. */
export const VERDICT_BITS: Readonly<Record<ReviewVerdict, number>> = {
  agree: 1,
  disagree: 2,
  'needs-evidence': 3,
};
const VERDICT_OF_BITS: readonly (ReviewVerdict | null)[] = [
  null,
  'agree',
  'disagree',
  'needs-evidence',
];

/** A manager's review, as a link carries it (version 2). */
export interface ShareReviewInput {
  reviewer: string | null;
  /** The manager's verdict on a criterion, if any. */
  reviewOf: (criterionId: string) => SnapshotReview | undefined;
  verdict: OverallVerdict | null;
  /** The snapshot reviewed: its digest and export time. */
  of: { digest: string; exportedAt: string };
}

/** The review a version 2 link holds, read, but not yet against a framework. */
export interface SharePayloadReview {
  reviewer: string | null;
  /** The overall verdict without its comment (that travels with the comments). */
  verdict: { level: number | null; subLevel: SubLevel | null } | null;
  of: { digest: string; exportedAt: string };
  /** Encoded verdicts and comments, read against the framework by `reviewOfLink`. */
  verdicts: string;
  comments: string | null;
}

/** A link's review read against its framework. */
export interface LinkReview {
  reviewer: string | null;
  verdict: OverallVerdict | null;
  of: { digest: string; exportedAt: string };
  /** Criterion id -> the manager's verdict. */
  criteria: Map<string, SnapshotReview>;
}

/** The review's fields as read by the payload's schema (all optional there: version 1 has none). */
export interface ReviewFields {
  q?: string | undefined;
  a?: string | undefined;
  m?: string | undefined;
  v?: string | undefined;
  r?: string | undefined;
  y?: string | undefined;
}

/** The fields a review adds to a link of `criteria` (in the framework's order). */
export async function reviewFields(
  review: ShareReviewInput,
  criteria: readonly { id: string }[],
): Promise<[string, string][]> {
  const comments: [number, string][] = [];
  const verdicts = criteria.map((criterion, index) => {
    const verdict = review.reviewOf(criterion.id);
    const comment = verdict?.comment?.trim();
    if (comment) comments.push([index, comment]);
    return verdict ? VERDICT_BITS[verdict.verdict] : 0;
  });
  const fields: [string, string][] = [
    ['q', review.of.digest],
    ['a', review.of.exportedAt],
  ];
  const reviewer = review.reviewer?.trim();
  if (reviewer) fields.push(['m', reviewer]);
  if (review.verdict)
    fields.push([
      'v',
      review.verdict.level === null
        ? '-'
        : `${review.verdict.level}${review.verdict.subLevel ?? ''}`,
    ]);
  fields.push(['r', link.packPairs(verdicts)]);
  const overall = review.verdict?.comment?.trim();
  if (comments.length > 0 || overall)
    fields.push([
      'y',
      await link.packJson({
        ...(comments.length > 0 ? { c: comments } : {}),
        ...(overall ? { v: overall } : {}),
      }),
    ]);
  return fields;
}

/**
 * The review in a link's fields: null for version 1, which must have none of them; refused when
 * a version 2 link lacks one it needs.
 */
export function payloadReview(
  version: number,
  fields: ReviewFields,
): LinkRead<SharePayloadReview | null> {
  if (version < 2) {
    for (const key of ['q', 'a', 'm', 'v', 'r', 'y'] as const)
      if (fields[key] !== undefined)
        return link.refuseLink(`This link is damaged: a version 1 link has no “${key}”.`);
    return { ok: true, value: null };
  }
  const { q, a, r } = fields;
  if (q === undefined || a === undefined || r === undefined) {
    const missing = q === undefined ? 'q' : a === undefined ? 'a' : 'r';
    return link.refuseLink(`This link is damaged: it is a review but has no “${missing}”.`);
  }
  const verdict =
    fields.v === undefined ? null : /^(\d{1,2})?([A-E])?$/.exec(fields.v === '-' ? '' : fields.v);
  return {
    ok: true,
    value: {
      reviewer: fields.m === undefined || fields.m.trim() === '' ? null : fields.m,
      verdict:
        verdict === null
          ? null
          : {
              level: verdict[1] === undefined ? null : Number(verdict[1]),
              subLevel:
                verdict[1] === undefined ? null : ((verdict[2] as SubLevel | undefined) ?? null),
            },
      of: { digest: q, exportedAt: a },
      verdicts: r,
      comments: fields.y ?? null,
    },
  };
}

/**
 * The review a version 2 link holds (`review`, with the link's `hash` of its criteria), against
 * `framework` (the one `assessmentOfLink` accepted for it): each criterion's verdict and comment,
 * the overall verdict and its comment. Null for a link without a review; refuses, with a
 * message, verdicts or comments that do not fit the framework. Never throws.
 */
export async function reviewOfLink(
  payload: { criteriaHash: string; review: SharePayloadReview | null },
  framework: Framework,
): Promise<LinkRead<LinkReview | null>> {
  const review = payload.review;
  if (!review) return { ok: true, value: null };
  if (link.criteriaHash(framework) !== payload.criteriaHash)
    return link.refuseLink(`This link was made with another version of “${framework.title}”.`);
  const criteria = allCriteria(framework);
  const bits = link.unpackPairs(review.verdicts, criteria.length, 'verdicts', framework.title);
  if (!bits.ok) return bits;
  const verdicts = new Map<string, SnapshotReview>();
  bits.value.forEach((value, index) => {
    const verdict = VERDICT_OF_BITS[value];
    if (verdict) verdicts.set(criteria[index]!.id, { verdict });
  });
  let overallComment: string | undefined;
  if (review.comments !== null) {
    const read = await link.unpackJson(review.comments, ShareCommentsSchema, 'comments');
    if (!read.ok) return read;
    for (const [index, comment] of read.value.c ?? []) {
      const criterion = criteria[index];
      const verdict = criterion ? verdicts.get(criterion.id) : undefined;
      if (!criterion || !verdict)
        return link.refuseLink(
          `This link is damaged: it has a comment for criterion ${index + 1}, which has no verdict.`,
        );
      verdict.comment = comment;
    }
    overallComment = read.value.v;
  }
  let verdict: OverallVerdict | null = null;
  if (review.verdict) {
    verdict = { level: review.verdict.level, subLevel: review.verdict.subLevel };
    if (overallComment) verdict.comment = overallComment;
  }
  return {
    ok: true,
    value: { reviewer: review.reviewer, verdict, of: review.of, criteria: verdicts },
  };
}
