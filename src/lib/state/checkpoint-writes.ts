/**
 * The changes to a framework's checkpoint log that other writes carry with them: a checkpoint
 * taken before an import or restore, written in the same transaction as the progress it keeps,
 * with the undo that restores it. Each works from the log as it is inside that transaction, so
 * a checkpoint another tab took meanwhile is kept.
 */
import {
  addCheckpoint,
  CHECKPOINTS,
  progressState,
  readLog,
  type CheckpointCause,
  type CheckpointLog,
  type CheckpointUndo,
  type ProgressState,
  type StoredCheckpointLog,
} from '../core/checkpoint.ts';
import { encodeLog } from '../core/checkpoint-log.ts';
import type { BackupContents } from '../core/backup.ts';
import type { CollectionsContents, JsonValue } from '../core/collection.ts';
import { allCriteria, type Framework } from '../core/model.ts';
import { check } from '../core/schemas/read.ts';
import type { CriterionProgress, FrameworkSettings } from '../core/progress.ts';
import type { EntryUpdate } from '../storage/index.ts';

/** The progress state of `records` and `settings` on `framework` (settings null: none kept). */
export function stateOf(
  framework: Framework,
  records: readonly CriterionProgress[],
  settings: FrameworkSettings | null,
): ProgressState {
  return progressState(
    { id: framework.id, sourceHash: framework.sourceHash, criteria: allCriteria(framework) },
    records,
    settings,
  );
}

/** Whether a state holds anything worth a checkpoint: a record, or settings of one's own. */
export function hasProgress(state: ProgressState): boolean {
  return state.records.length > 0 || state.settings !== null;
}

/** The log as stored, or null to delete the entry when it holds nothing. */
function stored(log: CheckpointLog): StoredCheckpointLog | null {
  return log.checkpoints.length === 0 && log.undo === null ? null : encodeLog(log);
}

/** Any change to the log of `frameworkId`, from the log as it is when written. */
export function editLog(
  frameworkId: string,
  edit: (log: CheckpointLog) => CheckpointLog,
): EntryUpdate<StoredCheckpointLog> {
  return {
    collection: CHECKPOINTS,
    key: frameworkId,
    change: (current) => stored(edit(readLog(frameworkId, current))),
  };
}

export interface CheckpointDetails {
  name?: string;
  cause: CheckpointCause;
  takenAt: Date;
  /** The undo this checkpoint is for, given the checkpoint's id (null: nothing to keep). */
  undo?: (checkpointId: string | null) => CheckpointUndo;
}

/**
 * Adds a checkpoint of `state` (none when it holds no progress, or when the last checkpoint
 * holds the same) and, with `details.undo`, the undo that restores it.
 */
export function takeCheckpoint(
  frameworkId: string,
  state: ProgressState,
  details: CheckpointDetails,
): EntryUpdate<StoredCheckpointLog> {
  return editLog(frameworkId, (log) => {
    let next = log;
    let checkpointId: string | null = null;
    if (hasProgress(state)) {
      const taken = addCheckpoint(log, state, {
        name: details.name ?? '',
        cause: details.cause,
        takenAt: details.takenAt,
      });
      next = taken.log;
      checkpointId = taken.checkpoint.id;
    }
    return details.undo ? { ...next, undo: details.undo(checkpointId) } : next;
  });
}

/**
 * `contents` (a backup about to be restored) with a checkpoint of `state` added to the end of
 * the restored log of `frameworkId`, so what the restore replaces can be seen and restored.
 */
export async function withCheckpoint(
  contents: BackupContents,
  state: ProgressState,
  details: { frameworkId: string; cause: CheckpointCause; takenAt: Date },
): Promise<BackupContents> {
  if (!hasProgress(state)) return contents;
  const { frameworkId } = details;
  const schema = await CHECKPOINTS.loadSchema();
  const entries = contents.collections[CHECKPOINTS.name] ?? [];
  const entry = entries.find((candidate) => candidate.key === frameworkId);
  const read = entry ? check(schema, entry.value) : null;
  const log = readLog(frameworkId, read?.ok ? read.value : undefined);
  const taken = addCheckpoint(log, state, { name: '', ...details });
  const value = JSON.parse(JSON.stringify(encodeLog(taken.log))) as JsonValue;
  const collections = Object.assign(
    Object.create(null) as CollectionsContents,
    contents.collections,
  );
  collections[CHECKPOINTS.name] = [
    ...entries.filter((candidate) => candidate.key !== frameworkId),
    { key: frameworkId, value },
  ];
  return { ...contents, collections };
}

/** Forgets the undo made at `at` (an undo another tab made since is kept). */
export function clearUndo(frameworkId: string, at: string): EntryUpdate<StoredCheckpointLog> {
  return editLog(frameworkId, (log) => (log.undo?.at === at ? { ...log, undo: null } : log));
}
