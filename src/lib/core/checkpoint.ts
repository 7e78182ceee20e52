/**
 * Checkpoints: dated, named copies of one person's own assessment of one framework, kept so they
 * can see where they stood at each review cycle, compare two moments and go back to one.
 *
 * A checkpoint holds what the assessment was: every stored record (state, reason, evidence,
 * time), the settings, the framework's content hash and every criterion's text as it was, so it
 * reads the same after the framework changes. The checkpoints of a framework are kept together
 * in one collection entry, its log, keyed by the framework id: adding, renaming or deleting one
 * rewrites the log in one write, and an import writes it in the same transaction as the progress.
 *
 * Storage stays small: in the stored log, each checkpoint keeps its criteria and its records as
 * the difference from the checkpoint before it (what changed, what went) where that is shorter
 * than the whole list, and whole otherwise. The first checkpoint is always whole. `encodeLog`
 * and `decodeLog` go between the two forms; everything else works on whole checkpoints.
 */
import { defineCollection } from './collection.ts';
import { compareText } from './order.ts';
import {
  copy,
  criterionKey,
  decodeLog,
  recordKey,
  sameCriterion,
  sameList,
} from './checkpoint-log.ts';
import { sameProgress, type CriterionProgress, type FrameworkSettings } from './progress.ts';

/** Why a checkpoint was taken. */
export type CheckpointCause =
  /** The person pressed "Save checkpoint". */
  | 'saved'
  /** Before a snapshot import changed the progress (the import's undo restores it). */
  | 'before-import'
  /** Before a backup was restored. */
  | 'before-backup-restore'
  /** Before another checkpoint was restored (restoring this one undoes that). */
  | 'before-checkpoint-restore'
  /** Before a quick start marked whole levels. */
  | 'before-quick-start'
  /** When the person shared their assessment: what a manager was given. */
  | 'shared';

export const CHECKPOINT_CAUSES = [
  'saved',
  'before-import',
  'before-backup-restore',
  'before-checkpoint-restore',
  'before-quick-start',
  'shared',
] as const satisfies readonly CheckpointCause[];

/** A criterion of the framework as it was when the checkpoint was taken. */
export interface CheckpointCriterion {
  id: string;
  topic: string;
  level: number;
  text: string;
}

/** One stored record as it was (a criterion's progress, without the framework id). */
export type CheckpointRecord = Omit<CriterionProgress, 'frameworkId'>;

/** The framework settings as they were; null when none were kept (the defaults applied). */
export type CheckpointSettings = Pick<FrameworkSettings, 'threshold' | 'target' | 'updatedAt'>;

/** The progress a checkpoint keeps, and what "now" is when compared with one. */
export interface ProgressState {
  /** SHA-256 of the framework's normalised source when the state was taken. */
  frameworkHash: string;
  /** Every criterion of the framework then, in reading order. */
  criteria: CheckpointCriterion[];
  /** Every stored record then, by criterion id. */
  records: CheckpointRecord[];
  settings: CheckpointSettings | null;
}

/** A whole checkpoint. */
export interface Checkpoint extends ProgressState {
  /** Unique within its framework's log, never reused. */
  id: string;
  /** ISO 8601 time it was taken. */
  takenAt: string;
  name: string;
  cause: CheckpointCause;
}

/** What the last import or checkpoint restore replaced, so it can be undone after a reload. */
export interface CheckpointUndo {
  kind: 'import' | 'restore';
  /** The file imported, or the name of the checkpoint restored. */
  label: string;
  /** The checkpoint that puts back what was there; null when nothing was stored before. */
  checkpointId: string | null;
  /** A framework the import loaded from the file, removed again by the undo. */
  unloadFramework: string | null;
  at: string;
}

/** Every checkpoint of one framework, oldest first, whole. */
export interface CheckpointLog {
  frameworkId: string;
  checkpoints: Checkpoint[];
  undo: CheckpointUndo | null;
  /** The number the next checkpoint's id takes. */
  nextId: number;
}

/**
 * A list kept whole (`base: "none"`), or as the difference from the same list of the checkpoint
 * before (`base: "previous"`): items changed or added, and ids removed.
 */
export interface StoredPart<T> {
  base: 'none' | 'previous';
  put: T[];
  removed: string[];
}

/** A checkpoint as stored in its log. */
export interface StoredCheckpoint {
  id: string;
  takenAt: string;
  name: string;
  cause: CheckpointCause;
  frameworkHash: string;
  settings: CheckpointSettings | null;
  criteria: StoredPart<CheckpointCriterion>;
  records: StoredPart<CheckpointRecord>;
}

/** The log as kept in the `checkpoints` collection. */
export interface StoredCheckpointLog {
  frameworkId: string;
  nextId: number;
  undo: CheckpointUndo | null;
  checkpoints: StoredCheckpoint[];
}

/** Checkpoint logs, keyed by framework id; carried in backups, read through their schema. */
export const CHECKPOINTS = defineCollection<StoredCheckpointLog>('checkpoints', () =>
  import('./schemas/checkpoint.ts').then((module) => module.StoredCheckpointLogSchema),
);

/** The most checkpoints one framework keeps; the oldest automatic ones go first beyond it. */
export const MAX_CHECKPOINTS = 500;
/** Characters of a checkpoint's name. */
export const CHECKPOINT_NAME_LENGTH = 200;

/** An empty log for `frameworkId`. */
export function emptyLog(frameworkId: string): CheckpointLog {
  return { frameworkId, checkpoints: [], undo: null, nextId: 1 };
}

/**
 * The progress state of a framework's stored records: records of another framework are the
 * caller's mistake and throw a `TypeError` naming the criterion.
 */
export function progressState(
  framework: { id: string; sourceHash: string; criteria: readonly CheckpointCriterion[] },
  records: readonly CriterionProgress[],
  settings: FrameworkSettings | null,
): ProgressState {
  return {
    frameworkHash: framework.sourceHash,
    criteria: framework.criteria.map(({ id, topic, level, text }) => ({ id, topic, level, text })),
    records: records
      .map((record) => {
        if (record.frameworkId !== framework.id)
          throw new TypeError(
            `The record of criterion "${record.criterionId}" is for "${record.frameworkId}", not "${framework.id}".`,
          );
        return checkpointRecord(record);
      })
      .sort((a, b) => compareText(a.criterionId, b.criterionId)),
    settings: settings && {
      threshold: settings.threshold,
      target: settings.target,
      updatedAt: settings.updatedAt,
    },
  };
}

/** The stored records a checkpoint puts back for `frameworkId`, fresh copies in id order. */
export function recordsOf(state: ProgressState, frameworkId: string): CriterionProgress[] {
  return state.records.map((record) => ({ frameworkId, ...record }));
}

/** The settings a checkpoint puts back; null when none were kept. */
export function settingsOf(state: ProgressState, frameworkId: string): FrameworkSettings | null {
  return state.settings && { frameworkId, ...state.settings };
}

/** Whether two states hold the same progress, settings and criteria (times included). */
export function sameState(a: ProgressState, b: ProgressState): boolean {
  return (
    a.frameworkHash === b.frameworkHash &&
    a.settings?.threshold === b.settings?.threshold &&
    a.settings?.target === b.settings?.target &&
    sameList(a.criteria, b.criteria, criterionKey, sameCriterion) &&
    sameList(a.records, b.records, recordKey, sameProgress)
  );
}

export interface Taken {
  log: CheckpointLog;
  /** The checkpoint holding `state`: the new one, or the last one when it was identical. */
  checkpoint: Checkpoint;
  /** False when the last checkpoint already held exactly this state, so none was added. */
  added: boolean;
}

/**
 * `log` with a checkpoint of `state` added at its end, unless the last checkpoint holds the same
 * state (never two identical in a row): then `log` as it was, pointing at that one. Beyond
 * `MAX_CHECKPOINTS`, the oldest automatic checkpoint (else the oldest) is dropped.
 */
export function addCheckpoint(
  log: CheckpointLog,
  state: ProgressState,
  details: { name: string; cause: CheckpointCause; takenAt: Date },
): Taken {
  const last = log.checkpoints.at(-1);
  if (last && sameState(last, state)) return { log, checkpoint: last, added: false };
  const checkpoint: Checkpoint = {
    id: String(log.nextId),
    takenAt: details.takenAt.toISOString(),
    name: details.name.trim().slice(0, CHECKPOINT_NAME_LENGTH) || defaultName(details.cause),
    cause: details.cause,
    ...copyState(state),
  };
  let checkpoints = [...log.checkpoints, checkpoint];
  if (checkpoints.length > MAX_CHECKPOINTS) {
    const automatic = checkpoints.findIndex((candidate) => candidate.cause !== 'saved');
    checkpoints = checkpoints.filter((_, index) => index !== Math.max(0, automatic));
  }
  return { log: { ...log, checkpoints, nextId: log.nextId + 1 }, checkpoint, added: true };
}

/** The name a checkpoint gets when the person gives none. */
export function defaultName(cause: CheckpointCause): string {
  switch (cause) {
    case 'saved':
      return 'Checkpoint';
    case 'before-import':
      return 'Before an import';
    case 'before-backup-restore':
      return 'Before a backup was restored';
    case 'before-checkpoint-restore':
      return 'Before a checkpoint was restored';
    case 'before-quick-start':
      return 'Before a quick start';
    case 'shared':
      return 'Shared';
    default:
      cause satisfies never;
      return 'Checkpoint';
  }
}

/** `log` with checkpoint `id` renamed; a blank name keeps the old one. Unknown ids change nothing. */
export function renameCheckpoint(log: CheckpointLog, id: string, name: string): CheckpointLog {
  const trimmed = name.trim().slice(0, CHECKPOINT_NAME_LENGTH);
  if (!trimmed) return log;
  return {
    ...log,
    checkpoints: log.checkpoints.map((checkpoint) =>
      checkpoint.id === id ? { ...checkpoint, name: trimmed } : checkpoint,
    ),
  };
}

/** `log` without checkpoint `id` (and without an undo that needed it). */
export function deleteCheckpoint(log: CheckpointLog, id: string): CheckpointLog {
  return {
    ...log,
    checkpoints: log.checkpoints.filter((checkpoint) => checkpoint.id !== id),
    undo: log.undo?.checkpointId === id ? null : log.undo,
  };
}

/** The stored log of a collection entry read through its schema, whole; an empty one for none. */
export function readLog(frameworkId: string, stored: StoredCheckpointLog | undefined) {
  return stored && stored.frameworkId === frameworkId ? decodeLog(stored) : emptyLog(frameworkId);
}

function checkpointRecord(record: CriterionProgress): CheckpointRecord {
  const { frameworkId: _frameworkId, ...rest } = record;
  return { ...rest };
}

function copyState(state: ProgressState): ProgressState {
  return {
    frameworkHash: state.frameworkHash,
    criteria: state.criteria.map(copy),
    records: state.records.map(copy),
    settings: state.settings && { ...state.settings },
  };
}
