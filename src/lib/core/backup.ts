/**
 * The backup file: everything the app keeps in the browser (every framework's progress and
 * settings, and the collections later features add) as one JSON file, and the checks that make
 * an untrusted file safe to restore.
 *
 *     { "format": "progression.backup", "version": 1, "exportedAt": "…",
 *       "frameworks": [{ "frameworkId": "…", "settings": {…} | null, "criteria": [{…}] }],
 *       "collections": { "<name>": [{ "key": "…", "value": … }] } }
 *
 * Pure: this module builds and reads text and plain objects; `src/lib/storage` reads and writes
 * the browser's storage. Values read from a file are copied field by field into fresh objects,
 * so keys such as `__proto__` or `constructor` in a file are inert data, never prototypes.
 */
import { LIMITS } from './limits.ts';
import { describe, ISO_TIME, isObject, join, own, problem, utf8Length } from './untrusted.ts';
import type { Problem } from './problem.ts';
import {
  PERSON_MAX_LENGTH,
  type CriterionProgress,
  type CriterionState,
  type FrameworkSettings,
} from './progress.ts';

export const BACKUP_FORMAT = 'progression.backup';
/** Version of the backup file's shape; a file with a higher version is refused, not guessed at. */
export const BACKUP_VERSION = 1;

/** How large a backup file may be, checked before and while it is read. */
export const BACKUP_LIMITS = {
  /** Bytes of the file (UTF-8). */
  bytes: 20 * 1024 * 1024,
  /** Frameworks, criterion records and collection entries together. */
  records: 200_000,
  /** Characters of a framework id, criterion id or collection entry key. */
  idLength: LIMITS.idLength,
  /** Nesting depth of a collection entry's value. */
  valueDepth: 64,
  /** Problems listed for one file; the rest are counted in a last problem. */
  problems: 50,
} as const;

/** Plain JSON data: what a collection entry holds and what a backup file can carry. */
export {
  COLLECTION_NAME,
  defineCollection,
  type Collection,
  type CollectionEntry,
  type CollectionRead,
  type CollectionsContents,
  type JsonValue,
} from './collection.ts';
import {
  COLLECTION_NAME,
  type Collection,
  type CollectionEntry,
  type CollectionsContents,
  type JsonValue,
} from './collection.ts';

/** All that is kept for one framework. */
export interface FrameworkProgress {
  frameworkId: string;
  settings: FrameworkSettings | null;
  /** In criterion id order. */
  criteria: CriterionProgress[];
}

/** Everything the app keeps: what a backup carries and what a restore puts back. */
export interface BackupContents {
  /** In framework id order. */
  frameworks: FrameworkProgress[];
  collections: CollectionsContents;
}

export interface Backup extends BackupContents {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO 8601 time the backup was made. */
  exportedAt: string;
}

export type BackupParseResult = { ok: true; backup: Backup } | { ok: false; problems: Problem[] };

export interface ParseBackupOptions {
  /**
   * Collections whose entries are checked with their `read`; an entry it refuses refuses the
   * file. Entries of other collections (say, from a newer version) are kept as plain JSON.
   */
  collections?: readonly Collection<unknown>[];
}

/** Says where a value is wrong: `field` is a path such as `frameworks[0].criteria[3].state`. */
export type ReportProblem = (field: string, message: string) => void;

/** The backup of `contents`, made at `exportedAt`. */
export function buildBackup(contents: BackupContents, exportedAt: Date): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: exportedAt.toISOString(),
    frameworks: contents.frameworks,
    collections: contents.collections,
  };
}

/** The text of a backup file: indented JSON, so a person can read it. */
export function backupToText(backup: Backup): string {
  return `${JSON.stringify(backup, null, 2)}\n`;
}

/** The file name to offer for a backup made at `exportedAt`: `progression-backup-2025-01-31.json`. */
export function backupFileName(exportedAt: Date): string {
  return `progression-backup-${exportedAt.toISOString().slice(0, 10)}.json`;
}

/**
 * Reads a backup file's text. Never throws, whatever the input: a file that is not JSON, not a
 * Progression backup, made by a newer version, larger than `BACKUP_LIMITS` or with a value of
 * the wrong type gives `ok: false` and the problems found (each with its field path, at most
 * `BACKUP_LIMITS.problems` of them plus a count of the rest). Reading changes nothing anywhere.
 */
export function parseBackup(text: string, options: ParseBackupOptions = {}): BackupParseResult {
  const problems: Problem[] = [];
  let hidden = 0;
  const report: ReportProblem = (field, message) => {
    if (problems.length < BACKUP_LIMITS.problems) problems.push(problem(message, field));
    else hidden += 1;
  };
  const refuse = (message: string, field: string | null = null): BackupParseResult => ({
    ok: false,
    problems: [problem(message, field)],
  });

  if (utf8Length(text, BACKUP_LIMITS.bytes) > BACKUP_LIMITS.bytes) {
    return refuse(
      `The file is larger than ${megabytes(BACKUP_LIMITS.bytes)}, the most a backup can be.`,
    );
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? ` (${error.message})` : '';
    return refuse(`This is not a Progression backup: the file is not JSON${reason}.`);
  }
  if (!isObject(root)) {
    return refuse(`This is not a Progression backup: the file holds ${describe(root)}.`);
  }
  const format = own(root, 'format');
  if (format !== BACKUP_FORMAT) {
    const found = format === undefined ? 'has no "format"' : `has format ${describe(format)}`;
    return refuse(
      `This is not a Progression backup: the file ${found}, not "${BACKUP_FORMAT}".`,
      'format',
    );
  }
  const version = own(root, 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse(
      `"version" should be a whole number from 1, found ${describe(version)}.`,
      'version',
    );
  }
  if (version > BACKUP_VERSION) {
    return refuse(
      `This backup was made by a newer version of Progression (backup version ${version}; this ` +
        `version reads version ${BACKUP_VERSION}). Update Progression, then restore it.`,
      'version',
    );
  }

  const records = countRecords(root);
  if (records > BACKUP_LIMITS.records) {
    return refuse(
      `The backup holds ${records.toLocaleString('en')} records; at most ` +
        `${BACKUP_LIMITS.records.toLocaleString('en')} can be restored.`,
    );
  }

  const exportedAt = readTime(root, 'exportedAt', '', report);
  const frameworks = readFrameworks(own(root, 'frameworks'), report);
  const collections = readCollections(own(root, 'collections'), options.collections ?? [], report);

  if (hidden > 0) {
    problems.push(problem(`…and ${hidden} more ${hidden === 1 ? 'problem' : 'problems'}.`, null));
  }
  if (problems.length > 0 || exportedAt === undefined || !frameworks || !collections) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    backup: {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt,
      frameworks,
      collections,
    },
  };
}

/**
 * Checks an untrusted value (from a backup file, from storage, from another tab) and returns a
 * fresh `CriterionProgress` built field by field, or `null` after reporting every wrong field.
 */
export function readCriterionProgress(
  value: unknown,
  field: string,
  report: ReportProblem,
): CriterionProgress | null {
  if (!isObject(value)) {
    report(field, `should be an object, found ${describe(value)}`);
    return null;
  }
  const frameworkId = readId(value, 'frameworkId', field, report);
  const criterionId = readId(value, 'criterionId', field, report);
  const state = readState(value, field, report);
  const reason = readOptionalString(value, 'reason', field, report);
  const evidence = readOptionalString(value, 'evidence', field, report);
  const updatedAt = readTime(value, 'updatedAt', field, report);
  const topic = readText(value, 'topic', field, report);
  const level = readLevel(value, 'level', field, report, false);
  const text = readText(value, 'text', field, report);
  if (
    frameworkId === undefined ||
    criterionId === undefined ||
    state === undefined ||
    reason === null ||
    evidence === null ||
    updatedAt === undefined ||
    topic === undefined ||
    level === undefined ||
    level === null ||
    text === undefined
  ) {
    return null;
  }
  const record: CriterionProgress = {
    frameworkId,
    criterionId,
    state,
    updatedAt,
    topic,
    level,
    text,
  };
  if (reason !== undefined) record.reason = reason;
  if (evidence !== undefined) record.evidence = evidence;
  return record;
}

/**
 * Checks an untrusted value as `FrameworkSettings`: a fresh object, or `null` after reporting
 * every wrong field. The threshold is a percentage from 50 to 100; the target a level or null.
 */
export function readFrameworkSettings(
  value: unknown,
  field: string,
  report: ReportProblem,
): FrameworkSettings | null {
  if (!isObject(value)) {
    report(field, `should be an object, found ${describe(value)}`);
    return null;
  }
  const frameworkId = readId(value, 'frameworkId', field, report);
  const rawThreshold = own(value, 'threshold');
  const threshold =
    typeof rawThreshold === 'number' && rawThreshold >= 50 && rawThreshold <= 100
      ? rawThreshold
      : undefined;
  if (threshold === undefined) {
    report(
      join(field, 'threshold'),
      `should be a number from 50 to 100, found ${describe(rawThreshold)}`,
    );
  }
  const target = readLevel(value, 'target', field, report, true);
  const updatedAt = readTime(value, 'updatedAt', field, report);
  // Optional: settings kept before the name was remembered have none.
  const person = own(value, 'person');
  const personOk =
    person === undefined || (typeof person === 'string' && person.length <= PERSON_MAX_LENGTH);
  if (!personOk)
    report(
      join(field, 'person'),
      `should be text of at most ${PERSON_MAX_LENGTH} characters, found ${describe(person)}`,
    );
  if (
    frameworkId === undefined ||
    threshold === undefined ||
    target === undefined ||
    updatedAt === undefined ||
    !personOk
  ) {
    return null;
  }
  return {
    frameworkId,
    threshold,
    target,
    ...(typeof person === 'string' ? { person } : {}),
    updatedAt,
  };
}

/**
 * Copies untrusted JSON data into fresh objects, or returns `undefined` after reporting why it
 * is not plain JSON (a non-finite number, a value nested deeper than `BACKUP_LIMITS.valueDepth`).
 * Keys such as `__proto__` become ordinary own properties.
 */
export function copyJson(
  value: unknown,
  field: string,
  report: ReportProblem,
): JsonValue | undefined {
  return copy(value, field, 0);

  function copy(item: unknown, path: string, depth: number): JsonValue | undefined {
    if (item === null || typeof item === 'boolean' || typeof item === 'string') return item;
    if (typeof item === 'number') {
      if (Number.isFinite(item)) return item;
      report(path, `should be a finite number, found ${describe(item)}`);
      return undefined;
    }
    if (typeof item !== 'object') {
      report(path, `should be JSON data, found ${describe(item)}`);
      return undefined;
    }
    if (depth >= BACKUP_LIMITS.valueDepth) {
      report(path, `is nested more than ${BACKUP_LIMITS.valueDepth} levels deep`);
      return undefined;
    }
    if (Array.isArray(item)) {
      const out: JsonValue[] = [];
      for (const [index, element] of item.entries()) {
        const copied = copy(element, `${path}[${index}]`, depth + 1);
        if (copied === undefined) return undefined;
        out.push(copied);
      }
      return out;
    }
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(item)) {
      const copied = copy((item as Record<string, unknown>)[key], join(path, key), depth + 1);
      if (copied === undefined) return undefined;
      Object.defineProperty(out, key, {
        value: copied,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
}

/** An object without a prototype, so no key of untrusted data can reach `Object.prototype`. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function readFrameworks(value: unknown, report: ReportProblem): FrameworkProgress[] | null {
  if (!Array.isArray(value)) {
    report('frameworks', `should be a list, found ${describe(value)}`);
    return null;
  }
  const frameworks: FrameworkProgress[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const [index, item] of value.entries()) {
    const field = `frameworks[${index}]`;
    if (!isObject(item)) {
      report(field, `should be an object, found ${describe(item)}`);
      ok = false;
      continue;
    }
    const frameworkId = readId(item, 'frameworkId', field, report);
    if (frameworkId !== undefined) {
      if (seen.has(frameworkId)) {
        report(join(field, 'frameworkId'), `repeats framework "${frameworkId}"`);
        ok = false;
      }
      seen.add(frameworkId);
    }

    const rawSettings = own(item, 'settings');
    let settings: FrameworkSettings | null = null;
    if (rawSettings !== null) {
      settings = readFrameworkSettings(rawSettings, join(field, 'settings'), report);
      if (!settings) ok = false;
      else if (frameworkId !== undefined && settings.frameworkId !== frameworkId) {
        report(join(field, 'settings.frameworkId'), `should be "${frameworkId}"`);
        ok = false;
      }
    }

    const rawCriteria = own(item, 'criteria');
    const criteria: CriterionProgress[] = [];
    if (!Array.isArray(rawCriteria)) {
      report(join(field, 'criteria'), `should be a list, found ${describe(rawCriteria)}`);
      ok = false;
    } else {
      const criterionIds = new Set<string>();
      for (const [position, rawRecord] of rawCriteria.entries()) {
        const recordField = `${field}.criteria[${position}]`;
        const record = readCriterionProgress(rawRecord, recordField, report);
        if (!record) {
          ok = false;
          continue;
        }
        if (frameworkId !== undefined && record.frameworkId !== frameworkId) {
          report(join(recordField, 'frameworkId'), `should be "${frameworkId}"`);
          ok = false;
        }
        if (criterionIds.has(record.criterionId)) {
          report(join(recordField, 'criterionId'), `repeats criterion "${record.criterionId}"`);
          ok = false;
        }
        criterionIds.add(record.criterionId);
        criteria.push(record);
      }
    }
    if (frameworkId === undefined) ok = false;
    else frameworks.push({ frameworkId, settings, criteria });
  }
  return ok ? frameworks : null;
}

function readCollections(
  value: unknown,
  known: readonly Collection<unknown>[],
  report: ReportProblem,
): CollectionsContents | null {
  if (!isObject(value)) {
    report('collections', `should be an object, found ${describe(value)}`);
    return null;
  }
  const collections = emptyRecord<CollectionEntry[]>();
  let ok = true;
  for (const name of Object.keys(value)) {
    const field = `collections.${name}`;
    if (!COLLECTION_NAME.test(name)) {
      report(field, `is not a collection name (${String(COLLECTION_NAME)})`);
      ok = false;
      continue;
    }
    const entries = own(value, name);
    if (!Array.isArray(entries)) {
      report(field, `should be a list, found ${describe(entries)}`);
      ok = false;
      continue;
    }
    const collection = known.find((candidate) => candidate.name === name);
    const keys = new Set<string>();
    const out: CollectionEntry[] = [];
    for (const [index, entry] of entries.entries()) {
      const entryField = `${field}[${index}]`;
      if (!isObject(entry)) {
        report(entryField, `should be an object, found ${describe(entry)}`);
        ok = false;
        continue;
      }
      const key = readId(entry, 'key', entryField, report);
      const entryValue = copyJson(own(entry, 'value'), join(entryField, 'value'), report);
      if (key === undefined || entryValue === undefined) {
        ok = false;
        continue;
      }
      if (keys.has(key)) {
        report(join(entryField, 'key'), `repeats key "${key}"`);
        ok = false;
      }
      keys.add(key);
      const checked = collection?.read(entryValue);
      if (checked && !checked.ok) {
        report(join(entryField, 'value'), checked.message);
        ok = false;
      }
      out.push({ key, value: entryValue });
    }
    collections[name] = out;
  }
  return ok ? collections : null;
}

/** Frameworks, criterion records and collection entries in a file, counted before reading them. */
function countRecords(root: Record<string, unknown>): number {
  let count = 0;
  const frameworks = own(root, 'frameworks');
  if (Array.isArray(frameworks)) {
    count += frameworks.length;
    for (const framework of frameworks) {
      const criteria = isObject(framework) ? own(framework, 'criteria') : undefined;
      if (Array.isArray(criteria)) count += criteria.length;
    }
  }
  const collections = own(root, 'collections');
  if (isObject(collections)) {
    for (const name of Object.keys(collections)) {
      const entries = own(collections, name);
      if (Array.isArray(entries)) count += entries.length;
    }
  }
  return count;
}

const STATES: readonly CriterionState[] = ['demonstrated', 'not-yet', 'not-applicable'];

function readId(
  object: Record<string, unknown>,
  name: string,
  field: string,
  report: ReportProblem,
): string | undefined {
  const value = own(object, name);
  if (typeof value === 'string' && value.length > 0 && value.length <= BACKUP_LIMITS.idLength) {
    return value;
  }
  report(
    join(field, name),
    `should be a non-empty string of at most ${BACKUP_LIMITS.idLength} characters, found ${describe(value)}`,
  );
  return undefined;
}

function readState(
  object: Record<string, unknown>,
  field: string,
  report: ReportProblem,
): CriterionState | undefined {
  const value = own(object, 'state');
  const state = STATES.find((candidate) => candidate === value);
  if (state === undefined) {
    const expected = STATES.map((candidate) => `"${candidate}"`).join(', ');
    report(join(field, 'state'), `should be one of ${expected}, found ${describe(value)}`);
  }
  return state;
}

function readText(
  object: Record<string, unknown>,
  name: string,
  field: string,
  report: ReportProblem,
): string | undefined {
  const value = own(object, name);
  if (typeof value === 'string' && value.length <= LIMITS.textLength) return value;
  report(
    join(field, name),
    `should be a string of at most ${LIMITS.textLength} characters, found ${describe(value)}`,
  );
  return undefined;
}

/** `undefined` when absent, the string when it is one, `null` (reported) otherwise. */
function readOptionalString(
  object: Record<string, unknown>,
  name: string,
  field: string,
  report: ReportProblem,
): string | undefined | null {
  const value = own(object, name);
  if (value === undefined || typeof value === 'string') return value;
  report(join(field, name), `should be a string when present, found ${describe(value)}`);
  return null;
}

/** A level number; with `nullable`, `null` is allowed too. `undefined` when reported. */
function readLevel(
  object: Record<string, unknown>,
  name: string,
  field: string,
  report: ReportProblem,
  nullable: boolean,
): number | null | undefined {
  const value = own(object, name);
  if (nullable && value === null) return null;
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= LIMITS.minLevel &&
    value <= LIMITS.maxLevel
  ) {
    return value;
  }
  const range = `a whole number from ${LIMITS.minLevel} to ${LIMITS.maxLevel}`;
  report(
    join(field, name),
    `should be ${nullable ? `null or ${range}` : range}, found ${describe(value)}`,
  );
  return undefined;
}

function readTime(
  object: Record<string, unknown>,
  name: string,
  field: string,
  report: ReportProblem,
): string | undefined {
  const value = own(object, name);
  if (typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))) {
    return value;
  }
  report(join(field, name), `should be an ISO 8601 date and time, found ${describe(value)}`);
  return undefined;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
