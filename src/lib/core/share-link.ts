/**
 * The share link: one assessment in the fragment of a URL (after `#share=`), which browsers never
 * send to a server, so the link works with no server and the assessment stays between the
 * person and whoever they send it to.
 *
 * The payload, version 1, in the fragment's query form:
 *
 *     1&f=<framework id>&h=<criteria hash>&t=<threshold>[&g=<target>][&p=<name>]&d=<YYYY-MM-DD>
 *      [&o=1][&n=1]&s=<states>[&x=<notes>]&k=<check>
 *
 * - It starts with its format version, so a later version (a manager's review, say) can extend
 *   it; this app refuses a higher version with a message rather than guessing.
 * - `f` names the framework and `h` is a hash of its criterion ids in the order shown (after any
 *   base-framework merge): the states are only read against exactly those criteria.
 * - `s` holds every criterion's state in that order, two bits each (`STATE_BITS`), packed four to
 *   a byte, in base64url: a link stays short (the backend framework's 135 criteria take 46
 *   characters).
 * - `x`, when there are reasons or evidence to carry, is their JSON deflated with the browser's
 *   own `CompressionStream`, in base64url. `n=1` says evidence was left out, `o=1` that the report
 *   lists only what is demonstrated or not applicable.
 * - `k`, last, is a check of everything before it (36 bits of SHA-256): a link changed or cut
 *   short is told apart from one merely made for another framework.
 *
 * Version 2 is a manager's review sent back: the engineer's assessment as above (with `p` their
 * name and `d` the day of the review), and
 *
 *     &q=<digest of the snapshot reviewed>&a=<its export time>[&m=<reviewer>][&v=<verdict>]
 *      &r=<verdicts>[&y=<comments>]
 *
 * - `r` holds every criterion's verdict in the framework's order, two bits each
 *   (`VERDICT_BITS`: none, agree, disagree, needs evidence), packed as `s` is.
 * - `v` is the overall verdict: a level with its sub-level (`3C`), a level alone (`3`), or `-`
 *   for no level; absent when the manager gave none.
 * - `y`, when there are comments, is their JSON (`{"c": [[position, comment]…], "v": comment}`)
 *   deflated as `x` is.
 *
 * A link without a review is written as version 1, so links of today's format, and the apps
 * that read them, are unchanged.
 *
 * Reading is in two steps, both refusing with a message and never throwing: `readShareLink` reads
 * the payload through its schema; `assessmentOfLink` reads its states and notes against the
 * framework it names (and `reviewOfLink`, in `share-review.ts`, its review). How the fields are
 * packed (two-bit pairs, deflated JSON, base64url, the check) is `link-encoding.ts`.
 */
import * as v from 'valibot';
import { allCriteria, type Framework } from './model.ts';
import type { CriterionState } from './progress.ts';
import type { CriterionNote, ReportOptions, ReportSubject } from './report.ts';
import {
  checkOf,
  criteriaHash,
  encodeValue,
  packJson,
  packPairs,
  refuseLink,
  unpackJson,
  unpackPairs,
  type LinkRead,
} from './link-encoding.ts';
import {
  payloadReview,
  reviewFields,
  type SharePayloadReview,
  type ShareReviewInput,
} from './share-review.ts';
import { SHARE_LIMITS, ShareNotesSchema, SharePayloadFieldsSchema } from './schemas/share-link.ts';

export { SHARE_LIMITS };

/** The newest payload version this app writes and reads: 2 carries a manager's review. */
export const SHARE_VERSION = 2;

/** Each state's two bits. 3 is not a state: a link holding it was changed. */
export const STATE_BITS: Readonly<Record<CriterionState, number>> = {
  'not-yet': 0,
  demonstrated: 1,
  'not-applicable': 2,
};
const STATE_OF_BITS: readonly (CriterionState | null)[] = [
  'not-yet',
  'demonstrated',
  'not-applicable',
  null,
];

/** What a link carries, read and checked, but not yet against a framework. */
export interface SharePayload {
  version: number;
  frameworkId: string;
  /** The hash of the framework's criterion ids in order (`criteriaHash`). */
  criteriaHash: string;
  threshold: number;
  target: number | null;
  person: string | null;
  /** `YYYY-MM-DD`. */
  date: string;
  options: ReportOptions;
  /** Encoded states and notes, read against the framework by `assessmentOfLink`. */
  states: string;
  notes: string | null;
  /** A manager's review (version 2 links only). */
  review: SharePayloadReview | null;
}

/** What the person shares: the subject of their report (dated), as the report choices leave it. */
export interface ShareInput extends Omit<ReportSubject, 'date'> {
  date: Date;
  options: ReportOptions;
  /** A manager's review of the assessment: the link is then version 2. */
  review?: ShareReviewInput;
}

/**
 * The payload of a link to `input` (what follows `#share=`). Reasons are carried whenever there
 * are any; evidence unless `options.evidence` is off. Resolves once the notes are compressed.
 */
export async function encodeShareLink(input: ShareInput): Promise<string> {
  const criteria = allCriteria(input.framework);
  const notes = { r: [] as [number, string][], e: [] as [number, string][] };
  const states = criteria.map((criterion, index) => {
    const state = input.stateOf(criterion.id);
    const note = input.noteOf(criterion.id);
    const reason = note?.reason?.trim();
    const evidence = note?.evidence?.trim();
    if (state === 'not-applicable' && reason) notes.r.push([index, reason]);
    if (input.options.evidence && evidence) notes.e.push([index, evidence]);
    return STATE_BITS[state];
  });
  const fields: [string, string][] = [
    ['f', input.framework.id],
    ['h', criteriaHash(input.framework)],
    ['t', String(input.threshold)],
  ];
  if (input.target !== null) fields.push(['g', String(input.target)]);
  const person = input.person?.trim();
  if (person) fields.push(['p', person]);
  fields.push(['d', input.date.toISOString().slice(0, 10)]);
  if (input.options.onlyShown) fields.push(['o', '1']);
  if (!input.options.evidence) fields.push(['n', '1']);
  fields.push(['s', packPairs(states)]);
  if (notes.r.length > 0 || notes.e.length > 0)
    fields.push([
      'x',
      await packJson({
        ...(notes.r.length > 0 ? { r: notes.r } : {}),
        ...(notes.e.length > 0 ? { e: notes.e } : {}),
      }),
    ]);
  if (input.review) fields.push(...(await reviewFields(input.review, criteria)));
  const body = [
    String(input.review ? 2 : 1),
    ...fields.map(([key, value]) => `${key}=${encodeValue(value)}`),
  ].join('&');
  return `${body}&k=${checkOf(body)}`;
}

/**
 * Reads a link's payload (the text after `#share=`). Never throws: a payload that is too long,
 * cut short or changed (its check fails), made by a newer version, or with a field that is
 * missing, repeated or not what it should be gives `ok: false` and a message saying so.
 */
export function readShareLink(payload: string): LinkRead<SharePayload> {
  if (payload.length > SHARE_LIMITS.payloadLength)
    return refuseLink(
      `This link is ${payload.length.toLocaleString('en')} characters long, longer than any link Progression makes (at most ${SHARE_LIMITS.payloadLength.toLocaleString('en')}), so it was not read.`,
    );
  const version = /^(\d{1,6})(&|$)/.exec(payload)?.[1];
  if (version === undefined)
    return refuseLink('This is not a Progression share link: it does not start with a version.');
  if (Number(version) > SHARE_VERSION)
    return refuseLink(
      `This link was made by a newer version of Progression (link version ${version}; this version reads version ${SHARE_VERSION}). Open it in an updated Progression.`,
    );
  if (Number(version) < 1)
    return refuseLink(`This is not a Progression share link: there is no link version ${version}.`);
  const checkAt = payload.lastIndexOf('&k=');
  if (checkAt < 0 || checkOf(payload.slice(0, checkAt)) !== payload.slice(checkAt + 3))
    return refuseLink(
      'This link is damaged: it was cut short or changed after it was made. Ask for the link again, copied whole.',
    );
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of payload.slice(version.length + 1, checkAt).split('&')) {
    const equals = part.indexOf('=');
    const key = equals < 0 ? part : part.slice(0, equals);
    let value: string;
    try {
      value = decodeURIComponent(equals < 0 ? '' : part.slice(equals + 1));
    } catch {
      return refuseLink(`This link is damaged: its “${key}” is not readable text.`);
    }
    if (Object.hasOwn(fields, key))
      return refuseLink(`This link is damaged: it has “${key}” twice.`);
    fields[key] = value;
  }
  const read = v.safeParse(SharePayloadFieldsSchema, fields);
  if (!read.success) {
    const issue = read.issues[0];
    const key = issue.path?.at(-1)?.key;
    return refuseLink(
      `This link is damaged: ${typeof key === 'string' ? `its “${key}” ` : ''}${issue.message}.`,
    );
  }
  const out = read.output;
  const review = payloadReview(Number(version), out);
  if (!review.ok) return review;
  return {
    ok: true,
    value: {
      version: Number(version),
      frameworkId: out.f,
      criteriaHash: out.h,
      threshold: out.t,
      target: out.g ?? null,
      person: out.p === undefined || out.p.trim() === '' ? null : out.p,
      date: out.d,
      options: { evidence: out.n !== '1', onlyShown: out.o === '1' },
      states: out.s,
      notes: out.x ?? null,
      review: review.value,
    },
  };
}

/**
 * The link's assessment against `framework` (the app's framework with the link's id, as shown),
 * as the subject of a report. Refuses, with a message naming the framework, when its criteria
 * are not the ones the link was made with (another version, or the base merge switched
 * differently), and when the states or notes do not fit it. Never throws.
 */
export async function assessmentOfLink(
  payload: SharePayload,
  framework: Framework,
): Promise<LinkRead<ReportSubject>> {
  if (framework.id !== payload.frameworkId)
    return refuseLink(
      `This link is for the framework “${payload.frameworkId}”, not “${framework.id}”.`,
    );
  if (criteriaHash(framework) !== payload.criteriaHash)
    return refuseLink(
      `This link was made with another version of “${framework.title}” than the one in this app: its criteria differ, so the link cannot be shown against them.`,
    );
  const criteria = allCriteria(framework);
  const bits = unpackPairs(payload.states, criteria.length, 'states', framework.title);
  if (!bits.ok) return bits;
  const states = new Map<string, CriterionState>();
  for (const [index, value] of bits.value.entries()) {
    const state = STATE_OF_BITS[value];
    if (!state)
      return refuseLink(`This link is damaged: criterion ${index + 1} has no known state.`);
    states.set(criteria[index]!.id, state);
  }
  const notes = new Map<string, CriterionNote>();
  if (payload.notes !== null) {
    const read = await unpackJson(payload.notes, ShareNotesSchema, 'notes');
    if (!read.ok) return read;
    for (const [kind, entries] of [
      ['reason', read.value.r ?? []],
      ['evidence', read.value.e ?? []],
    ] as const) {
      for (const [index, text] of entries) {
        const criterion = criteria[index];
        if (!criterion)
          return refuseLink(
            `This link is damaged: it has a ${kind} for criterion ${index + 1}, past the last one.`,
          );
        notes.set(criterion.id, { ...notes.get(criterion.id), [kind]: text });
      }
    }
  }
  return {
    ok: true,
    value: {
      framework,
      stateOf: (id) => states.get(id) ?? 'not-yet',
      noteOf: (id) => notes.get(id),
      threshold: payload.threshold,
      target: payload.target,
      person: payload.person,
      date: `${payload.date}T00:00:00.000Z`,
    },
  };
}
