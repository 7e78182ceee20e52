/**
 * What is stored under each key (see keys.ts), and how a stored value of an older version is read.
 *
 * Every value this version writes is a plain object whose `v` is the `PROGRESS_RECORD_VERSION`
 * that wrote it:
 *
 *     progress   { v: 1, frameworkId, criterionId, state, reason?, evidence?, updatedAt,
 *                  topic, level, text }
 *     settings   { v: 1, frameworkId, threshold, target, updatedAt }
 *     entry      { v: 1, value }                  value: plain JSON
 *
 * Version 0, the prototype before records carried a version, kept one criterion as
 * `{ done: boolean, na?: boolean, note?: string, at?: epoch milliseconds }` under the string key
 * `progress:<frameworkId>:<criterionId>`. A value is migrated step by step (0 -> 1 -> … ->
 * current) when it is read; a value from a newer version is never rewritten.
 */
import type { JsonValue } from '../core/collection.ts';
import { jsonValue } from '../core/schemas/fields.ts';
import { CriterionProgressSchema, FrameworkSettingsSchema } from '../core/schemas/progress.ts';
import { check, problem, problemsInLine, type Checked } from '../core/schemas/read.ts';
import {
  PROGRESS_RECORD_VERSION,
  type CriterionProgress,
  type CriterionState,
  type FrameworkSettings,
} from '../core/progress.ts';

/** A stored value as read: usable now, usable after migration, from a newer version, or broken. */
export type Decoded<T> =
  | { kind: 'current'; value: T }
  | { kind: 'migrated'; value: T; from: number }
  | { kind: 'newer'; version: number }
  | { kind: 'unreadable'; message: string };

/** The version 0 shape of a criterion's progress. */
export interface CriterionVersion0 {
  done: boolean;
  /** Not applicable. */
  na?: boolean;
  /** What became `evidence`. */
  note?: string;
  /** When it last changed, in milliseconds since 1970. */
  at?: number;
}

export type StoredObject = Record<string, unknown>;
/** Takes a stored object of version n to version n + 1, or says why it cannot. */
type Step = (old: StoredObject, ids: CriterionIds) => StoredObject | string;

interface CriterionIds {
  frameworkId: string;
  criterionId: string;
}

const NO_IDS: CriterionIds = { frameworkId: '', criterionId: '' };

/** Used when a version 0 record does not say when it changed. */
const UNKNOWN_TIME = new Date(0).toISOString();

const CRITERION_STEPS: Record<number, Step> = {
  0: (old, ids) => {
    const { done, na, note, at } = old as Partial<Record<keyof CriterionVersion0, unknown>>;
    if (typeof done !== 'boolean') return '`done` should be true or false';
    if (na !== undefined && typeof na !== 'boolean') return '`na` should be true or false';
    if (note !== undefined && typeof note !== 'string') return '`note` should be a string';
    if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(new Date(at).getTime()))) {
      return '`at` should be a time in milliseconds';
    }
    const state: CriterionState = na ? 'not-applicable' : done ? 'demonstrated' : 'not-yet';
    // Version 0 kept no copy of the criterion: the id still holds its topic slug and level, and
    // the app fills in the topic name and text again the next time the criterion changes.
    const [, topic = '', level = '0'] = /^([^.]*)\.(\d{1,2})\./.exec(ids.criterionId) ?? [];
    const next: StoredObject = {
      v: 1,
      frameworkId: ids.frameworkId,
      criterionId: ids.criterionId,
      state,
      updatedAt: at === undefined ? UNKNOWN_TIME : new Date(at).toISOString(),
      topic,
      level: Number(level),
      text: '',
    };
    if (note !== undefined && note.trim() !== '') next.evidence = note;
    return next;
  },
};

/**
 * A plain copy of a record, field by field: the caller's object may be a Svelte state proxy,
 * which neither IndexedDB nor a BroadcastChannel can clone.
 */
export function copyCriterion(record: CriterionProgress): CriterionProgress {
  const { frameworkId, criterionId, state, updatedAt, topic, level, text, reason, evidence } =
    record;
  return {
    ...{ frameworkId, criterionId, state, updatedAt, topic, level, text },
    ...(reason === undefined ? {} : { reason }),
    ...(evidence === undefined ? {} : { evidence }),
  };
}

export function copySettings(settings: FrameworkSettings): FrameworkSettings {
  return {
    frameworkId: settings.frameworkId,
    threshold: settings.threshold,
    target: settings.target,
    updatedAt: settings.updatedAt,
  };
}

export function encodeCriterion(record: CriterionProgress): StoredObject {
  return { v: PROGRESS_RECORD_VERSION, ...copyCriterion(record) };
}

export function encodeSettings(settings: FrameworkSettings): StoredObject {
  return { v: PROGRESS_RECORD_VERSION, ...copySettings(settings) };
}

export function encodeEntry(value: JsonValue): StoredObject {
  return { v: PROGRESS_RECORD_VERSION, value };
}

export function decodeCriterion(ids: CriterionIds, stored: unknown): Decoded<CriterionProgress> {
  return decode(stored, CRITERION_STEPS, ids, (value) => {
    const read = check(CriterionProgressSchema, value);
    if (!read.ok) return read;
    const { frameworkId, criterionId } = read.value;
    if (frameworkId !== ids.frameworkId || criterionId !== ids.criterionId) {
      return refused('criterionId', `names ${frameworkId} ${criterionId}, not its key`);
    }
    return read;
  });
}

export function decodeSettings(frameworkId: string, stored: unknown): Decoded<FrameworkSettings> {
  return decode(stored, {}, { ...NO_IDS, frameworkId }, (value) => {
    const read = check(FrameworkSettingsSchema, value);
    if (read.ok && read.value.frameworkId !== frameworkId) {
      return refused('frameworkId', `names ${read.value.frameworkId}, not its key`);
    }
    return read;
  });
}

export function decodeEntry(stored: unknown): Decoded<JsonValue> {
  return decode(stored, {}, NO_IDS, (object) =>
    Object.hasOwn(object, 'value')
      ? check(jsonValue, object.value)
      : refused('value', 'is missing'),
  );
}

/** A value this version wrote with no older shape to migrate from, read by `read`. */
export function decodeStored<T>(
  stored: unknown,
  read: (value: StoredObject) => Checked<T>,
): Decoded<T> {
  return decode(stored, {}, NO_IDS, read);
}

/** Why a decoded record cannot be used, as a storage problem; null when it can. */
export function whyUnusable(
  decoded: Decoded<unknown>,
): { kind: 'newer-version' | 'unreadable'; message: string } | null {
  switch (decoded.kind) {
    case 'current':
    case 'migrated':
      return null;
    case 'newer':
      return {
        kind: 'newer-version',
        message:
          `Left as it is: a newer version of Progression wrote this record (version ` +
          `${decoded.version}; this version writes ${PROGRESS_RECORD_VERSION}).`,
      };
    case 'unreadable':
      return {
        kind: 'unreadable',
        message: `Left as it is: this record cannot be read (${decoded.message}).`,
      };
    default:
      return decoded satisfies never;
  }
}

/** Whether a stored value was written by a newer version of the app, so must be left alone. */
export function isNewer(stored: unknown): boolean {
  const version = versionOf(stored);
  return typeof version === 'number' && version > PROGRESS_RECORD_VERSION;
}

/** The `v` of a stored object (0 when it has none); a message when it has no usable one. */
function versionOf(stored: unknown): number | string {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return 'is not an object';
  }
  const version = Object.hasOwn(stored, 'v') ? (stored as StoredObject).v : 0;
  if (typeof version === 'number' && Number.isInteger(version) && version >= 0) return version;
  return '`v` should be a version number';
}

function refused(field: string, message: string): Checked<never> {
  return { ok: false, problems: [problem(message, field)] };
}

function decode<T>(
  stored: unknown,
  steps: Record<number, Step>,
  ids: CriterionIds,
  read: (value: StoredObject) => Checked<T>,
): Decoded<T> {
  const version = versionOf(stored);
  if (typeof version === 'string') return { kind: 'unreadable', message: version };
  if (version > PROGRESS_RECORD_VERSION) return { kind: 'newer', version };
  let value = stored as StoredObject;
  for (let from = version; from < PROGRESS_RECORD_VERSION; from += 1) {
    const step = steps[from];
    if (!step) return { kind: 'unreadable', message: `no migration from version ${from}` };
    const next = step(value, ids);
    if (typeof next === 'string') return { kind: 'unreadable', message: next };
    value = next;
  }
  const result = read(value);
  if (!result.ok) return { kind: 'unreadable', message: problemsInLine(result.problems) };
  return version === PROGRESS_RECORD_VERSION
    ? { kind: 'current', value: result.value }
    : { kind: 'migrated', value: result.value, from: version };
}
