/**
 * A checkpoint log as stored (see `checkpoint.ts`): each checkpoint's criteria and records kept
 * as the difference from the checkpoint before where that is shorter in JSON, else whole, and
 * read back whole. The first checkpoint is always whole.
 */
import { compareText } from './order.ts';
import { sameProgress } from './progress.ts';
import type {
  Checkpoint,
  CheckpointCriterion,
  CheckpointLog,
  CheckpointRecord,
  StoredCheckpoint,
  StoredCheckpointLog,
  StoredPart,
} from './checkpoint.ts';

/**
 * The stored form of `log`: each checkpoint's criteria and records as the difference from the
 * checkpoint before where that is shorter in JSON, else whole.
 */
export function encodeLog(log: CheckpointLog): StoredCheckpointLog {
  let previous: Checkpoint | null = null;
  const checkpoints = log.checkpoints.map((checkpoint): StoredCheckpoint => {
    const stored: StoredCheckpoint = {
      ...checkpointHead(checkpoint),
      criteria: encodePart(
        previous?.criteria ?? null,
        checkpoint.criteria,
        criterionKey,
        sameCriterion,
      ),
      records: encodePart(previous?.records ?? null, checkpoint.records, recordKey, sameProgress),
    };
    previous = checkpoint;
    return stored;
  });
  return { frameworkId: log.frameworkId, nextId: log.nextId, undo: log.undo, checkpoints };
}

/**
 * The whole checkpoints of a stored log. Its schema makes sure the first checkpoint is whole;
 * a removed id that was not there is ignored.
 */
export function decodeLog(stored: StoredCheckpointLog): CheckpointLog {
  let previous: Checkpoint | null = null;
  const checkpoints = stored.checkpoints.map((entry): Checkpoint => {
    const checkpoint: Checkpoint = {
      ...checkpointHead(entry),
      criteria: decodePart(previous?.criteria ?? [], entry.criteria, criterionKey),
      records: decodePart(previous?.records ?? [], entry.records, recordKey).sort((a, b) =>
        compareText(a.criterionId, b.criterionId),
      ),
    };
    previous = checkpoint;
    return checkpoint;
  });
  const ids = new Set(checkpoints.map((checkpoint) => checkpoint.id));
  const undo = stored.undo;
  return {
    frameworkId: stored.frameworkId,
    checkpoints,
    // An undo whose checkpoint is gone cannot be done: it is dropped rather than half done.
    undo: undo && (undo.checkpointId === null || ids.has(undo.checkpointId)) ? undo : null,
    nextId: Math.max(
      stored.nextId,
      ...checkpoints.map((checkpoint) => (Number(checkpoint.id) || 0) + 1),
    ),
  };
}

/** What a checkpoint is besides its criteria and records, copied. */
function checkpointHead(checkpoint: Omit<StoredCheckpoint, 'criteria' | 'records'>) {
  const { id, takenAt, name, cause, frameworkHash, settings } = checkpoint;
  return { id, takenAt, name, cause, frameworkHash, settings: settings && { ...settings } };
}

function encodePart<T>(
  before: readonly T[] | null,
  after: readonly T[],
  key: (item: T) => string,
  same: (a: T, b: T) => boolean,
): StoredPart<T> {
  const whole: StoredPart<T> = { base: 'none', put: after.map(copy), removed: [] };
  if (before === null) return whole;
  const previous = new Map(before.map((item) => [key(item), item]));
  const present = new Set(after.map(key));
  const diff: StoredPart<T> = {
    base: 'previous',
    put: after.filter((item) => {
      const was = previous.get(key(item));
      return !was || !same(was, item);
    }),
    removed: before.map(key).filter((id) => !present.has(id)),
  };
  // The difference unless it is longer than the whole list (a framework replaced outright).
  return JSON.stringify(diff).length <= JSON.stringify(whole).length
    ? { ...diff, put: diff.put.map(copy) }
    : whole;
}

function decodePart<T>(before: readonly T[], part: StoredPart<T>, key: (item: T) => string): T[] {
  if (part.base === 'none') return part.put.map(copy);
  const removed = new Set(part.removed);
  const changed = new Map(part.put.map((item) => [key(item), item]));
  const out: T[] = [];
  for (const item of before) {
    const id = key(item);
    if (removed.has(id)) continue;
    const next = changed.get(id);
    out.push(copy(next ?? item));
    changed.delete(id);
  }
  for (const item of changed.values()) out.push(copy(item));
  return out;
}

export function sameList<T>(
  a: readonly T[],
  b: readonly T[],
  key: (item: T) => string,
  same: (x: T, y: T) => boolean,
): boolean {
  return (
    a.length === b.length &&
    a.every((item, index) => key(item) === key(b[index]!) && same(item, b[index]!))
  );
}

export function criterionKey(criterion: CheckpointCriterion): string {
  return criterion.id;
}

export function recordKey(record: CheckpointRecord): string {
  return record.criterionId;
}

export function sameCriterion(a: CheckpointCriterion, b: CheckpointCriterion): boolean {
  return a.id === b.id && a.topic === b.topic && a.level === b.level && a.text === b.text;
}

export function copy<T>(item: T): T {
  return { ...item };
}
