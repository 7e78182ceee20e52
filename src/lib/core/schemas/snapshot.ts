/**
 * The snapshot file (`snapshot.ts` builds one): the schema the app reads every imported file
 * with (versions 1 and 2), and from which `schema/progression.snapshot.v2.schema.json` is generated
 * (`scripts/snapshot-schema.ts`), so the two cannot disagree. Rules JSON Schema cannot state
 * (no repeated criterion id, a real calendar date) are `rule`s and `check`s that hold at run
 * time only; the embedded framework source is checked by the reader (`snapshot-read.ts`).
 */
import * as v from 'valibot';
import { SNAPSHOT_LIMITS } from '../limits.ts';
import { SUB_LEVELS } from '../scoring.ts';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  SNAPSHOT_VERSIONS,
  type Snapshot,
  type SnapshotCriterion,
  type SnapshotReviewOf,
} from '../snapshot.ts';

import {
  criterionState,
  exportId,
  identifier,
  level,
  levelOrNull,
  oneOf,
  optionalText,
  text,
  threshold,
  time,
} from './fields.ts';
import { expecting, list, object, repeats, rule, type RecordSchema } from './read.ts';

const L = SNAPSHOT_LIMITS;

const note = optionalText(L.noteLength);

const review = v.exactOptional(
  object(
    {
      verdict: oneOf(['agree', 'disagree', 'needs-evidence']),
      comment: note,
    },
    'an object when present',
  ),
);

const criterion = object({
  id: identifier,
  topic: text(L.textLength),
  level,
  text: text(L.textLength),
  state: criterionState,
  reason: note,
  evidence: note,
  updatedAt: v.exactOptional(time),
  review,
  detached: v.exactOptional(
    expecting(
      v.pipe(
        v.literal(true),
        v.description(
          'Progress for a criterion the framework no longer has, kept for re-attaching.',
        ),
      ),
      'true when present',
    ),
  ),
});

const count = expecting(v.pipe(v.number(), v.integer(), v.minValue(0)), 'a whole number from 0');

const levelTally = object({ level, demonstrated: count, applicable: count });

const subLevelOrNull = expecting(v.nullable(v.picklist(SUB_LEVELS)), 'null or a sub-level A to E');

/** Where the person stands: written for readers, recomputed by the app on import. */
const summary = object({
  level: levelOrNull,
  subLevel: subLevelOrNull,
  label: expecting(v.nullable(v.string()), 'null or a string'),
  levels: v.array(levelTally),
  topics: v.array(
    object({
      name: expecting(v.string(), 'a string'),
      title: expecting(v.string(), 'a string'),
      status: oneOf(['placed', 'not-started', 'not-applicable']),
      level: levelOrNull,
      subLevel: subLevelOrNull,
      levels: v.array(levelTally),
    }),
  ),
});

/** A manager's review of the whole snapshot (version 2). */
const reviewOf: RecordSchema<SnapshotReviewOf> = object(
  {
    reviewer: optionalText(L.personLength),
    reviewedAt: time,
    of: object({
      digest: expecting(
        v.pipe(
          v.string(),
          v.regex(/^[0-9a-f]{32}$/),
          v.description('The fingerprint of the snapshot reviewed (32 lowercase hex digits).'),
        ),
        '32 lowercase hex digits',
      ),
      exportedAt: time,
      exportId: v.exactOptional(exportId),
      suggested: expecting(
        v.nullable(v.pipe(v.string(), v.regex(/^\d{1,2}[A-E]$/))),
        'null or a level and sub-level such as "3C"',
      ),
    }),
    verdict: v.exactOptional(
      object({
        level: levelOrNull,
        subLevel: subLevelOrNull,
        comment: note,
      }),
    ),
  },
  'an object when present',
);

/** Parts the published schema names once, under `$defs`, and refers to. */
export const SNAPSHOT_DEFINITIONS = { id: identifier, time, level, levelTally, criterion };

export const SnapshotSchema: RecordSchema<Snapshot> = v.pipe(
  object({
    format: expecting(v.literal(SNAPSHOT_FORMAT), `"${SNAPSHOT_FORMAT}"`),
    version: expecting(
      v.pipe(
        v.picklist(SNAPSHOT_VERSIONS),
        v.description(
          `The file's shape: ${SNAPSHOT_VERSION} is written now; 1 (without \`exportId\` and \`review\`) is still read.`,
        ),
      ),
      SNAPSHOT_VERSIONS.join(' or '),
    ),
    exportedAt: time,
    role: oneOf(['self', 'manager']),
    person: optionalText(L.personLength),
    exportId: v.exactOptional(exportId),
    framework: object({
      id: identifier,
      title: text(L.textLength),
      sha256: expecting(
        v.pipe(
          v.string(),
          v.regex(/^[0-9a-f]{64}$/),
          v.description(
            "SHA-256 (lowercase hex) of the framework file's normalised text: no byte order mark, LF line endings.",
          ),
        ),
        '64 lowercase hex digits',
      ),
      source: v.exactOptional(
        expecting(
          v.pipe(
            v.string(),
            v.maxLength(L.sourceBytes),
            v.description("The framework file's text (markdown with YAML front matter)."),
          ),
          `a string of at most ${L.sourceBytes} characters when present`,
        ),
      ),
    }),
    settings: object({ threshold, target: v.exactOptional(level) }),
    criteria: v.pipe(
      list(
        criterion,
        L.criteria,
        (found) =>
          `The snapshot has ${found.toLocaleString('en')} criteria; at most ` +
          `${L.criteria.toLocaleString('en')} can be imported.`,
      ),
      rule((criteria: SnapshotCriterion[]) =>
        repeats(criteria, (item) => item.id, 'id', 'criterion'),
      ),
    ),
    review: v.exactOptional(reviewOf),
    summary,
  }),
  v.title(`Progression snapshot, version ${SNAPSHOT_VERSION}`),
  v.description(
    "One person's assessment against one career progression framework, as exported by " +
      'Progression. Every criterion of the framework appears in `criteria`, in reading order; ' +
      'progress for criteria the framework no longer has follows, flagged `detached`. ' +
      'A manager\'s review (`role: "manager"`) carries the engineer\'s criteria with a `review` ' +
      'on each one reviewed, and `review` names the reviewer, the overall verdict and the ' +
      'snapshot reviewed. ' +
      '`summary` is for readers: Progression recomputes it on import and never trusts it.',
  ),
);
