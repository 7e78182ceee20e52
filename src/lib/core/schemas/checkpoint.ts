/** A framework's checkpoint log as kept in its collection (`../checkpoint.ts`). */
import * as v from 'valibot';
import {
  CHECKPOINT_CAUSES,
  CHECKPOINT_NAME_LENGTH,
  MAX_CHECKPOINTS,
  type CheckpointCriterion,
  type CheckpointRecord,
  type CheckpointSettings,
  type CheckpointUndo,
  type StoredCheckpoint,
  type StoredCheckpointLog,
  type StoredPart,
} from '../checkpoint.ts';
import { LIMITS } from '../limits.ts';
import { criterionRecordEntries } from './progress.ts';
import { identifier, level, levelOrNull, oneOf, text, threshold, time } from './fields.ts';
import { expecting, list, object, repeats, rule, type Breach, type RecordSchema } from './read.ts';

const note = v.exactOptional(
  expecting(
    v.pipe(v.string(), v.maxLength(LIMITS.noteLength)),
    `a string of at most ${LIMITS.noteLength} characters when present`,
  ),
);

const CheckpointCriterionSchema: RecordSchema<CheckpointCriterion> = object({
  id: identifier,
  topic: text(LIMITS.textLength),
  level,
  text: text(LIMITS.textLength),
});

const CheckpointRecordSchema: RecordSchema<CheckpointRecord> = object(criterionRecordEntries(note));

function part<T>(item: RecordSchema<T>, key: (item: T) => string): RecordSchema<StoredPart<T>> {
  const many = (count: number) => `holds ${count} entries; at most ${LIMITS.criteria} are kept`;
  return v.pipe(
    object({
      base: oneOf(['none', 'previous']),
      put: list(item, LIMITS.criteria, many),
      removed: list(identifier, LIMITS.criteria, many),
    }),
    rule((value: StoredPart<T>) => [
      ...repeats(value.put, key, 'id', 'id').map((breach) => ({
        ...breach,
        path: ['put', breach.path[0]!],
      })),
      ...(value.base === 'none' && value.removed.length > 0
        ? [{ path: ['removed'], message: 'should be empty in a whole list (base "none")' }]
        : []),
    ]),
  );
}

const SettingsSchema: RecordSchema<CheckpointSettings> = object({
  threshold,
  target: levelOrNull,
  updatedAt: time,
});

const StoredCheckpointSchema: RecordSchema<StoredCheckpoint> = object({
  id: identifier,
  takenAt: time,
  name: text(CHECKPOINT_NAME_LENGTH),
  cause: oneOf(CHECKPOINT_CAUSES),
  frameworkHash: text(128),
  settings: expecting(v.nullable(SettingsSchema), 'null or settings'),
  criteria: part(CheckpointCriterionSchema, (criterion) => criterion.id),
  records: part(CheckpointRecordSchema, (record) => record.criterionId),
});

const UndoSchema: RecordSchema<CheckpointUndo> = object({
  kind: oneOf(['import', 'restore']),
  label: text(LIMITS.originLength),
  checkpointId: expecting(
    v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.idLength))),
    'null or a checkpoint id',
  ),
  unloadFramework: expecting(
    v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.idLength))),
    'null or a framework id',
  ),
  at: time,
});

export const StoredCheckpointLogSchema: RecordSchema<StoredCheckpointLog> = v.pipe(
  object({
    frameworkId: identifier,
    nextId: expecting(
      v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
      'a whole number from 1',
    ),
    undo: expecting(v.nullable(UndoSchema), 'null or the undo of an import or restore'),
    checkpoints: list(
      StoredCheckpointSchema,
      MAX_CHECKPOINTS,
      (count) => `holds ${count} checkpoints; at most ${MAX_CHECKPOINTS} are kept`,
    ),
  }),
  // A difference needs the checkpoint before it: the first one must be whole.
  rule((log: StoredCheckpointLog): Breach[] => {
    const breaches = repeats(log.checkpoints, (checkpoint) => checkpoint.id, 'id', 'id').map(
      (breach) => ({ ...breach, path: ['checkpoints', ...breach.path] }),
    );
    const first = log.checkpoints[0];
    for (const field of ['criteria', 'records'] as const) {
      if (first && first[field].base !== 'none')
        breaches.push({
          path: ['checkpoints', 0, field, 'base'],
          message: 'should be "none": the first checkpoint has none before it',
        });
    }
    return breaches;
  }),
);
