/**
 * The records of a share link (`share-link.ts` describes the link), read through schemas like
 * every other untrusted input: the fields of the payload, all of them text as a URL carries
 * them, and the notes (reasons and evidence) once decompressed.
 */
import * as v from 'valibot';
import { MAX_THRESHOLD, MIN_THRESHOLD } from '../scoring.ts';
import { ISO_TIME } from './fields.ts';

/** What a share link may hold, and how much of it this app reads. */
export const SHARE_LIMITS = {
  /** Characters of a whole link the app offers: more is too long for chat and mail tools. */
  linkLength: 8_000,
  /** Characters of a payload the app reads: what it offers, with room for a longer address. */
  payloadLength: 10_000,
  /** Characters of a framework id (as `LIMITS.idLength`). */
  idLength: 200,
  /** Characters of the person's name (as in a snapshot). */
  personLength: 200,
  /** Characters of one reason or evidence (as in a snapshot). */
  noteLength: 20_000,
  /** Bytes of the notes once decompressed: a link cannot unpack into more than this. */
  notesBytes: 1_000_000,
} as const;

/** Text of `pattern`, with the message a person reads when it is not. */
const matching = (pattern: RegExp, expected: string) =>
  v.pipe(
    v.string(`should be ${expected}`),
    v.regex(pattern, (issue) => `should be ${expected}, found ${quote(issue.input)}`),
  );

const whole = (min: number, max: number, expected: string) =>
  v.pipe(
    matching(/^\d{1,3}$/, expected),
    v.transform(Number),
    v.minValue(min, `should be ${expected}`),
    v.maxValue(max, `should be ${expected}`),
  );

/** Base64url without padding, as `bytesToBase64url` writes it. */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * The payload's fields as the fragment carries them (one letter each, to keep the link short),
 * read into what they mean. `states` and `notes` stay encoded: their meaning depends on the
 * framework (how many criteria), and is read against it by `share-link.ts`.
 */
export const SharePayloadFieldsSchema = v.object(
  {
    /** The framework's id. */
    f: v.pipe(
      v.string('should be the framework’s id'),
      v.minLength(1, 'should be the framework’s id, found nothing'),
      v.maxLength(
        SHARE_LIMITS.idLength,
        `should be an id of at most ${SHARE_LIMITS.idLength} characters`,
      ),
      v.regex(
        /^[\p{L}\p{N}._/-]+$/u,
        (issue) => `should be a framework id, found ${quote(issue.input)}`,
      ),
    ),
    /** The hash of the framework's criterion ids, in order: 64 bits in base64url. */
    h: matching(/^[A-Za-z0-9_-]{11}$/, 'the 11-character hash of the framework’s criteria'),
    t: whole(MIN_THRESHOLD, MAX_THRESHOLD, `a threshold from ${MIN_THRESHOLD} to ${MAX_THRESHOLD}`),
    /** The target level, when one is set. */
    g: v.optional(whole(0, 99, 'a level from 0 to 99')),
    /** The person's name, when they gave one. */
    p: v.optional(
      v.pipe(
        v.string(),
        v.maxLength(
          SHARE_LIMITS.personLength,
          `should be a name of at most ${SHARE_LIMITS.personLength} characters`,
        ),
      ),
    ),
    /** The day it was shared. */
    d: v.pipe(
      matching(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
      v.check((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'should be a real date'),
    ),
    /** `1`: the report lists only the criteria demonstrated or not applicable. */
    o: v.optional(v.picklist(['1'], 'should be 1 when present')),
    /** `1`: evidence was left out. */
    n: v.optional(v.picklist(['1'], 'should be 1 when present')),
    /** The states, two bits a criterion in the framework's order, in base64url. */
    s: matching(BASE64URL, 'the criteria’s states in base64url'),
    /** The reasons and evidence, deflated JSON in base64url, when there are any. */
    x: v.optional(matching(BASE64URL, 'the notes in base64url')),
    /** Version 2, a review: the digest of the snapshot reviewed. */
    q: v.optional(matching(/^[0-9a-f]{32}$/, 'the 32-digit fingerprint of the snapshot reviewed')),
    /** Version 2: when the snapshot reviewed was exported. */
    a: v.optional(
      v.pipe(
        matching(ISO_TIME, 'a date and time'),
        v.check((value) => !Number.isNaN(Date.parse(value)), 'should be a real date and time'),
      ),
    ),
    /** Version 2: the reviewer's name, when they gave one. */
    m: v.optional(
      v.pipe(
        v.string(),
        v.maxLength(
          SHARE_LIMITS.personLength,
          `should be a name of at most ${SHARE_LIMITS.personLength} characters`,
        ),
      ),
    ),
    /** Version 2: the overall verdict, `3C`, `3` or `-` for no level. */
    v: v.optional(matching(/^(\d{1,2}[A-E]?|-)$/, 'a level such as 3C, or -')),
    /** Version 2: the verdicts, two bits a criterion in the framework's order, in base64url. */
    r: v.optional(matching(BASE64URL, 'the verdicts in base64url')),
    /** Version 2: the comments, deflated JSON in base64url, when there are any. */
    y: v.optional(matching(BASE64URL, 'the comments in base64url')),
  },
  (issue) => `is missing: the link has no “${String(issue.path?.at(-1)?.key ?? '')}”`,
);

export type SharePayloadFields = v.InferOutput<typeof SharePayloadFieldsSchema>;

const note = v.pipe(
  v.string('should be text'),
  v.maxLength(SHARE_LIMITS.noteLength, `should be at most ${SHARE_LIMITS.noteLength} characters`),
);
const position = v.pipe(
  v.number('should be a criterion’s position'),
  v.integer('should be a whole number'),
  v.minValue(0, 'should be a criterion’s position'),
);
/** `[position, text]`: the note of the criterion at that position in the framework's order. */
const notesOf = v.optional(
  v.array(v.strictTuple([position, note], 'should be a [position, text] pair'), 'should be a list'),
);

/** The notes, once decompressed and parsed: reasons (`r`) and evidence (`e`) by position. */
export const ShareNotesSchema = v.object(
  { r: notesOf, e: notesOf },
  'should be the notes of the criteria',
);

export type ShareNotes = v.InferOutput<typeof ShareNotesSchema>;

/** A review's comments, once decompressed: per criterion (`c`) by position, and overall (`v`). */
export const ShareCommentsSchema = v.object(
  { c: notesOf, v: v.optional(note) },
  'should be the comments of the review',
);

export type ShareComments = v.InferOutput<typeof ShareCommentsSchema>;

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
