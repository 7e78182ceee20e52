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
 * framework it names.
 */
import * as v from 'valibot';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { allCriteria, type Framework } from './model.ts';
import type { CriterionState } from './progress.ts';
import type { CriterionNote, ReportOptions, ReportSubject } from './report.ts';
import type { SubLevel } from './scoring.ts';
import type { OverallVerdict, ReviewVerdict, SnapshotReview } from './snapshot.ts';
import {
  SHARE_LIMITS,
  ShareCommentsSchema,
  ShareNotesSchema,
  SharePayloadFieldsSchema,
} from './schemas/share-link.ts';

export { SHARE_LIMITS };

/** The newest payload version this app writes and reads: 2 carries a manager's review. */
export const SHARE_VERSION = 2;

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

export type LinkRead<T> = { ok: true; value: T } | { ok: false; message: string };

/** What the person shares: the subject of their report, as the report choices leave it. */
export interface ShareInput {
  framework: Framework;
  stateOf: (criterionId: string) => CriterionState;
  noteOf: (criterionId: string) => CriterionNote | undefined;
  threshold: number;
  target: number | null;
  person: string | null;
  date: Date;
  options: ReportOptions;
  /** A manager's review of the assessment: the link is then version 2. */
  review?: ShareReviewInput;
}

/** 64 bits of SHA-256 over the framework's criterion ids, one a line, in base64url. */
export function criteriaHash(framework: Framework): string {
  const ids = allCriteria(framework).map((criterion) => criterion.id);
  return bytesToBase64url(sha256(utf8ToBytes(ids.join('\n'))).slice(0, 8));
}

/**
 * The payload of a link to `input` (what follows `#share=`). Reasons are carried whenever there
 * are any; evidence unless `options.evidence` is off. Resolves once the notes are compressed.
 */
export async function encodeShareLink(input: ShareInput): Promise<string> {
  const criteria = allCriteria(input.framework);
  const bytes = new Uint8Array(Math.ceil(criteria.length / 4));
  const notes = { r: [] as [number, string][], e: [] as [number, string][] };
  criteria.forEach((criterion, index) => {
    const state = input.stateOf(criterion.id);
    bytes[index >> 2]! |= STATE_BITS[state] << ((index & 3) * 2);
    const note = input.noteOf(criterion.id);
    const reason = note?.reason?.trim();
    const evidence = note?.evidence?.trim();
    if (state === 'not-applicable' && reason) notes.r.push([index, reason]);
    if (input.options.evidence && evidence) notes.e.push([index, evidence]);
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
  fields.push(['s', bytesToBase64url(bytes)]);
  if (notes.r.length > 0 || notes.e.length > 0) {
    const json = JSON.stringify({
      ...(notes.r.length > 0 ? { r: notes.r } : {}),
      ...(notes.e.length > 0 ? { e: notes.e } : {}),
    });
    fields.push(['x', bytesToBase64url(await deflate(utf8ToBytes(json)))]);
  }
  if (input.review) fields.push(...(await reviewFields(input.review, criteria)));
  const body = [
    String(input.review ? 2 : 1),
    ...fields.map(([key, value]) => `${key}=${encodeValue(value)}`),
  ].join('&');
  return `${body}&k=${checkOf(body)}`;
}

async function reviewFields(
  review: ShareReviewInput,
  criteria: readonly { id: string }[],
): Promise<[string, string][]> {
  const bits = new Uint8Array(Math.ceil(criteria.length / 4));
  const comments: [number, string][] = [];
  criteria.forEach((criterion, index) => {
    const verdict = review.reviewOf(criterion.id);
    if (!verdict) return;
    bits[index >> 2]! |= VERDICT_BITS[verdict.verdict] << ((index & 3) * 2);
    const comment = verdict.comment?.trim();
    if (comment) comments.push([index, comment]);
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
  fields.push(['r', bytesToBase64url(bits)]);
  const overall = review.verdict?.comment?.trim();
  if (comments.length > 0 || overall) {
    const json = JSON.stringify({
      ...(comments.length > 0 ? { c: comments } : {}),
      ...(overall ? { v: overall } : {}),
    });
    fields.push(['y', bytesToBase64url(await deflate(utf8ToBytes(json)))]);
  }
  return fields;
}

/**
 * Reads a link's payload (the text after `#share=`). Never throws: a payload that is too long,
 * cut short or changed (its check fails), made by a newer version, or with a field that is
 * missing, repeated or not what it should be gives `ok: false` and a message saying so.
 */
export function readShareLink(payload: string): LinkRead<SharePayload> {
  const refuse = (message: string): LinkRead<SharePayload> => ({ ok: false, message });
  if (payload.length > SHARE_LIMITS.payloadLength)
    return refuse(
      `This link is ${payload.length.toLocaleString('en')} characters long, longer than any link Progression makes (at most ${SHARE_LIMITS.payloadLength.toLocaleString('en')}), so it was not read.`,
    );
  const version = /^(\d{1,6})(&|$)/.exec(payload)?.[1];
  if (version === undefined)
    return refuse('This is not a Progression share link: it does not start with a version.');
  if (Number(version) > SHARE_VERSION)
    return refuse(
      `This link was made by a newer version of Progression (link version ${version}; this version reads version ${SHARE_VERSION}). Open it in an updated Progression.`,
    );
  if (Number(version) < 1)
    return refuse(`This is not a Progression share link: there is no link version ${version}.`);
  const checkAt = payload.lastIndexOf('&k=');
  if (checkAt < 0 || checkOf(payload.slice(0, checkAt)) !== payload.slice(checkAt + 3))
    return refuse(
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
      return refuse(`This link is damaged: its “${key}” is not readable text.`);
    }
    if (Object.hasOwn(fields, key)) return refuse(`This link is damaged: it has “${key}” twice.`);
    fields[key] = value;
  }
  const read = v.safeParse(SharePayloadFieldsSchema, fields);
  if (!read.success) {
    const issue = read.issues[0];
    const key = issue.path?.at(-1)?.key;
    return refuse(
      `This link is damaged: ${typeof key === 'string' ? `its “${key}” ` : ''}${issue.message}.`,
    );
  }
  const out = read.output;
  let review: SharePayloadReview | null = null;
  if (Number(version) >= 2) {
    for (const key of ['q', 'a', 'r'] as const)
      if (out[key] === undefined)
        return refuse(`This link is damaged: it is a review but has no “${key}”.`);
    const verdict =
      out.v === undefined ? null : /^(\d{1,2})?([A-E])?$/.exec(out.v === '-' ? '' : out.v);
    review = {
      reviewer: out.m === undefined || out.m.trim() === '' ? null : out.m,
      verdict:
        verdict === null
          ? null
          : {
              level: verdict[1] === undefined ? null : Number(verdict[1]),
              subLevel:
                verdict[1] === undefined ? null : ((verdict[2] as SubLevel | undefined) ?? null),
            },
      of: { digest: out.q!, exportedAt: out.a! },
      verdicts: out.r!,
      comments: out.y ?? null,
    };
  } else {
    for (const key of ['q', 'a', 'm', 'v', 'r', 'y'] as const)
      if (out[key] !== undefined)
        return refuse(`This link is damaged: a version 1 link has no “${key}”.`);
  }
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
      review,
    },
  };
}

/**
 * The review a version 2 link holds, against `framework` (the one `assessmentOfLink` accepted
 * for it): each criterion's verdict and comment, the overall verdict and its comment. Null for a
 * link without a review; refuses, with a message, verdicts or comments that do not fit the
 * framework. Never throws.
 */
export async function reviewOfLink(
  payload: SharePayload,
  framework: Framework,
): Promise<LinkRead<LinkReview | null>> {
  const refuse = (message: string) => ({ ok: false as const, message });
  const review = payload.review;
  if (!review) return { ok: true, value: null };
  if (criteriaHash(framework) !== payload.criteriaHash)
    return refuse(`This link was made with another version of “${framework.title}”.`);
  const criteria = allCriteria(framework);
  const bytes = base64urlToBytes(review.verdicts);
  if (bytes === null || bytes.length !== Math.ceil(criteria.length / 4))
    return refuse(
      `This link is damaged: it holds verdicts for ${(bytes?.length ?? 0) * 4} criteria where “${framework.title}” has ${criteria.length}.`,
    );
  const verdicts = new Map<string, SnapshotReview>();
  for (let index = 0; index < bytes.length * 4; index += 1) {
    const verdict = VERDICT_OF_BITS[(bytes[index >> 2]! >> ((index & 3) * 2)) & 3] ?? null;
    const criterion = criteria[index];
    if (!criterion) {
      if (verdict !== null)
        return refuse('This link is damaged: it holds verdicts past the last criterion.');
      continue;
    }
    if (verdict !== null) verdicts.set(criterion.id, { verdict });
  }
  let overallComment: string | undefined;
  if (review.comments !== null) {
    const read = await readPacked(review.comments, ShareCommentsSchema, 'comments');
    if (!read.ok) return read;
    for (const [index, comment] of read.value.c ?? []) {
      const criterion = criteria[index];
      const verdict = criterion ? verdicts.get(criterion.id) : undefined;
      if (!criterion || !verdict)
        return refuse(
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
  const refuse = (message: string) => ({ ok: false as const, message });
  if (framework.id !== payload.frameworkId)
    return refuse(
      `This link is for the framework “${payload.frameworkId}”, not “${framework.id}”.`,
    );
  if (criteriaHash(framework) !== payload.criteriaHash)
    return refuse(
      `This link was made with another version of “${framework.title}” than the one in this app: its criteria differ, so the link cannot be shown against them.`,
    );
  const criteria = allCriteria(framework);
  const bytes = base64urlToBytes(payload.states);
  if (bytes === null || bytes.length !== Math.ceil(criteria.length / 4))
    return refuse(
      `This link is damaged: it holds states for ${(bytes?.length ?? 0) * 4} criteria where “${framework.title}” has ${criteria.length}.`,
    );
  const states = new Map<string, CriterionState>();
  for (let index = 0; index < bytes.length * 4; index += 1) {
    const bits = (bytes[index >> 2]! >> ((index & 3) * 2)) & 3;
    const criterion = criteria[index];
    if (!criterion) {
      if (bits !== 0)
        return refuse('This link is damaged: it holds states past the last criterion.');
      continue;
    }
    const state = STATE_OF_BITS[bits];
    if (!state) return refuse(`This link is damaged: criterion ${index + 1} has no known state.`);
    states.set(criterion.id, state);
  }
  const notes = new Map<string, CriterionNote>();
  if (payload.notes !== null) {
    const read = await readPacked(payload.notes, ShareNotesSchema, 'notes');
    if (!read.ok) return read;
    for (const [kind, entries] of [
      ['reason', read.value.r ?? []],
      ['evidence', read.value.e ?? []],
    ] as const) {
      for (const [index, text] of entries) {
        const criterion = criteria[index];
        if (!criterion)
          return refuse(
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

/**
 * What a link's deflated JSON field (`noun`: its notes, its comments) holds, read through
 * `schema`: refused when it is not base64url, cannot be unpacked, unpacks past
 * `SHARE_LIMITS.notesBytes`, is not JSON or not what `schema` reads.
 */
async function readPacked<T>(
  encoded: string,
  schema: v.GenericSchema<unknown, T>,
  noun: string,
): Promise<LinkRead<T>> {
  const refuse = (message: string) => ({ ok: false as const, message });
  const bytes = base64urlToBytes(encoded);
  if (bytes === null) return refuse(`This link is damaged: its ${noun} are not readable.`);
  const json = await inflate(bytes, SHARE_LIMITS.notesBytes);
  if (json === null)
    return refuse(
      `This link is damaged: its ${noun} cannot be unpacked, or unpack to more than ${SHARE_LIMITS.notesBytes / 1_000_000} MB.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return refuse(`This link is damaged: its ${noun} are not readable.`);
  }
  const read = v.safeParse(schema, value);
  if (!read.success) return refuse(`This link is damaged: its ${noun} ${read.issues[0].message}.`);
  return { ok: true, value: read.output };
}

/** 36 bits of SHA-256 of `text`, as six base64url characters. */
function checkOf(text: string): string {
  return bytesToBase64url(sha256(utf8ToBytes(text)).slice(0, 5)).slice(0, 6);
}

/** A value as the fragment carries it: percent-encoded, but `/` and `:` kept for reading. */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':');
}

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of base64url text, or null when it is not base64url. */
export function base64urlToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return null;
  }
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The text `bytes` inflate to, or null when they are not deflated data or unpack past `limit`. */
async function inflate(bytes: Uint8Array, limit: number): Promise<string | null> {
  try {
    const stream = new Blob([bytes as BlobPart])
      .stream()
      .pipeThrough(new DecompressionStream('deflate-raw'));
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      // Stop reading a small link that unpacks into something huge.
      if (total > limit) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(joined);
  } catch {
    return null;
  }
}
