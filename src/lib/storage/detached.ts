/**
 * Detached progress: progress on criterion ids a framework does not have (reworded or removed
 * criteria, a backup from another version of the file). A restored backup may hold tens of
 * thousands of such records, and a record per key would make the restore and every later load
 * read and write them all. So each framework keeps them in two entries:
 *
 *     ['detached', frameworkId, 'ids']       { v: 1, ids: string[] }   read on every load
 *     ['detached', frameworkId, 'records']   { v: 1, json: string }    read when the person
 *                                                                       opens the list
 *
 * The records are JSON text, one string, which IndexedDB copies far faster than thousands of
 * objects. A record here never shadows one kept per criterion: where both exist, the newer wins.
 */
import { PROGRESS_RECORD_VERSION, type CriterionProgress } from '../core/progress.ts';
import {
  CriterionProgressListSchema,
  DetachedIdsSchema,
  DetachedRecordsSchema,
} from '../core/schemas/progress.ts';
import { check, problem, type Checked } from '../core/schemas/read.ts';
import type { Write } from './backend.ts';
import type { StoreConnection } from './connection.ts';
import {
  detachedIdsKey,
  detachedRecordsKey,
  formatKey,
  progressKey,
  type StoreKey,
} from './keys.ts';
import {
  copyCriterion,
  decodeCriterion,
  decodeStored,
  encodeCriterion,
  isNewer,
  type Decoded,
} from './records.ts';

/** A change to a framework's detached progress (see `ProgressStore.changeDetached`). */
export interface DetachedChange {
  /** Criterion ids to take out. */
  remove: readonly string[];
  /** Records to keep per criterion, in the same step (progress re-attached). */
  attach?: readonly CriterionProgress[];
}

/** A framework's detached criterion ids, or its detached records: one stored value, read. */
export async function loadDetached<T>(
  connection: StoreConnection,
  key: StoreKey,
  decodeValue: (stored: unknown) => Decoded<T[]>,
): Promise<T[]> {
  const [entry] = await connection.run(formatKey(key), [], (backend) =>
    backend.entries({ lower: key, upper: key }),
  );
  if (!entry) return [];
  const decoded = decodeValue(entry[1]);
  return connection.problems.usable(entry[0], decoded) ? decoded.value : [];
}

/**
 * Applies `change` to a framework's detached progress as one atomic step; gives whether it was
 * written. Nothing is written when the stored list cannot be read (reported), or a newer version
 * wrote it; an attached record stored newer than the one attached is kept.
 */
export async function writeDetachedChange(
  connection: StoreConnection,
  frameworkId: string,
  change: DetachedChange,
): Promise<boolean> {
  const idsKey = detachedIdsKey(frameworkId);
  const recordsKey = detachedRecordsKey(frameworkId);
  const attach = change.attach ?? [];
  const attachKeys = attach.map((record) => progressKey(frameworkId, record.criterionId));
  let unreadable: string | null = null;
  const outcome = await connection.write(
    recordsKey,
    [idsKey, recordsKey, ...attachKeys],
    ([ids, stored, ...current]) => {
      if (isNewer(ids) || isNewer(stored)) return null;
      const decoded = stored === undefined ? null : decodeDetachedRecords(frameworkId, stored);
      if (decoded && decoded.kind !== 'current') {
        unreadable = decoded.kind === 'unreadable' ? decoded.message : 'not this version';
        return [];
      }
      const removed = new Set(change.remove);
      const next = (decoded?.value ?? []).filter((record) => !removed.has(record.criterionId));
      const puts = attach.flatMap((record, index): Write[] => {
        const present = current[index];
        if (isNewer(present)) return [];
        const kept = present === undefined ? null : decodeCriterion(record, present);
        if (kept?.kind === 'current' && kept.value.updatedAt > record.updatedAt) return [];
        return [{ type: 'put', key: attachKeys[index]!, value: encodeCriterion(record) }];
      });
      return [...detachedWrites(frameworkId, next), ...puts];
    },
  );
  if (unreadable !== null) {
    connection.problems.report(
      'unreadable',
      formatKey(recordsKey),
      `Not changed: the progress kept for criteria this framework no longer has cannot be read (${String(unreadable)}).`,
    );
    return false;
  }
  if (outcome !== 'written') return false;
  connection.post({ kind: 'everything' });
  return true;
}

/** The writes that keep `records` as a framework's detached progress (none: both deleted). */
export function detachedWrites(
  frameworkId: string,
  records: readonly CriterionProgress[],
): Write[] {
  const keys = [detachedIdsKey(frameworkId), detachedRecordsKey(frameworkId)] as const;
  if (records.length === 0) return keys.map((key): Write => ({ type: 'delete', key }));
  const copies = records.map(copyCriterion);
  return [
    {
      type: 'put',
      key: keys[0],
      value: { v: PROGRESS_RECORD_VERSION, ids: copies.map((record) => record.criterionId) },
    },
    {
      type: 'put',
      key: keys[1],
      value: { v: PROGRESS_RECORD_VERSION, json: JSON.stringify(copies) },
    },
  ];
}

/** The criterion ids of a framework's detached progress, as stored. */
export function decodeDetachedIds(stored: unknown): Decoded<string[]> {
  return decodeStored(stored, (value) => {
    const read = check(DetachedIdsSchema, value);
    return read.ok ? { ok: true, value: read.value.ids } : read;
  });
}

/** A framework's detached progress, as stored; each record checked as a stored record is. */
export function decodeDetachedRecords(
  frameworkId: string,
  stored: unknown,
): Decoded<CriterionProgress[]> {
  return decodeStored(stored, (value) => {
    const text = check(DetachedRecordsSchema, value);
    if (!text.ok) return text;
    let list: unknown;
    try {
      list = JSON.parse(text.value.json);
    } catch {
      return refused('json', 'is not valid JSON');
    }
    const read = check(CriterionProgressListSchema, list);
    if (!read.ok) return { ok: false, problems: read.problems.map(within('json')) };
    const stranger = read.value.findIndex((record) => record.frameworkId !== frameworkId);
    if (stranger < 0) return read;
    return refused(
      `json[${stranger}].frameworkId`,
      `names ${read.value[stranger]!.frameworkId}, not its key`,
    );
  });
}

function refused(field: string, message: string): Checked<never> {
  return { ok: false, problems: [problem(message, field)] };
}

/** A problem of a value inside the field `prefix`, named from there. */
function within(prefix: string) {
  return (found: ReturnType<typeof problem>) =>
    problem(
      found.message,
      `${prefix}${found.field?.startsWith('[') ? '' : '.'}${found.field ?? ''}`,
    );
}
