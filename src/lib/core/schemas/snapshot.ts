/**
 * The snapshot file (`snapshot.ts` builds one): the schema the app reads every imported file
 * with, and from which `schema/progression.snapshot.v1.schema.json` is generated
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
  type Snapshot,
  type SnapshotCriterion,
} from '../snapshot.ts';

import {
  criterionState,
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

/** Parts the published schema names once, under `$defs`, and refers to. */
export const SNAPSHOT_DEFINITIONS = { id: identifier, time, level, levelTally, criterion };

export const SnapshotSchema: RecordSchema<Snapshot> = v.pipe(
  object({
    format: expecting(v.literal(SNAPSHOT_FORMAT), `"${SNAPSHOT_FORMAT}"`),
    version: expecting(v.literal(SNAPSHOT_VERSION), `${SNAPSHOT_VERSION}`),
    exportedAt: time,
    role: oneOf(['self', 'manager']),
    person: optionalText(L.personLength),
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
    summary,
  }),
  v.title('Progression snapshot, version 1'),
  v.description(
    "One person's assessment against one career progression framework, as exported by " +
      'Progression. Every criterion of the framework appears in `criteria`, in reading order; ' +
      'progress for criteria the framework no longer has follows, flagged `detached`. ' +
      '`summary` is for readers: Progression recomputes it on import and never trusts it.',
  ),
);
