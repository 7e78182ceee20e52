/**
 * The backup file: everything the app keeps in the browser (every framework's progress and
 * settings, and the collections later features add) as one JSON file, and reading one back.
 *
 *     { "format": "progression.backup", "version": 1, "exportedAt": "…",
 *       "frameworks": [{ "frameworkId": "…", "settings": {…} | null, "criteria": [{…}] }],
 *       "collections": { "<name>": [{ "key": "…", "value": … }] } }
 *
 * Pure: this module builds and reads text and plain objects; `src/lib/storage` reads and writes
 * the browser's storage. A file is read through the shared envelope check and the backup's
 * schema (`schemas/backup.ts`), which builds fresh objects, so keys such as `__proto__` or
 * `constructor` in a file are inert data, never prototypes.
 */
import { BACKUP_LIMITS } from './limits.ts';
import { FRAMEWORK_MODELS } from './library.ts';
import { SET_MODELS } from './user-sets.ts';
import type { CollectionsContents } from './collection.ts';
import type { Problem } from './problem.ts';
import { isFutureTime, type CriterionProgress, type FrameworkSettings } from './progress.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  backupSchema,
  type KnownCollection,
} from './schemas/backup.ts';
import { readFile, type Envelope } from './schemas/envelope.ts';
import { isPlainObject, problem } from './schemas/read.ts';

export { BACKUP_FORMAT, BACKUP_VERSION };

/** What a backup file must say about itself, and how large it may be. */
export const BACKUP_ENVELOPE: Envelope = {
  format: BACKUP_FORMAT,
  version: BACKUP_VERSION,
  noun: 'backup',
  verb: 'restore',
  bytes: BACKUP_LIMITS.bytes,
  problems: BACKUP_LIMITS.problems,
};

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
   * Collections whose entries are checked with their schema; an entry it refuses refuses the
   * file. Entries of other collections (say, from a newer version) are kept as plain JSON.
   */
  collections?: readonly KnownCollection[];
}

/**
 * The backup of `contents`, made at `exportedAt`. The user's frameworks as parsed
 * (`FRAMEWORK_MODELS`) are left out: they are made again from the files the backup carries.
 */
export function buildBackup(contents: BackupContents, exportedAt: Date): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: exportedAt.toISOString(),
    frameworks: contents.frameworks,
    collections: withoutModels(contents.collections),
  };
}

/**
 * `collections` without the kept models of the user's frameworks and sets (`FRAMEWORK_MODELS`,
 * `SET_MODELS`), which a backup never carries or restores: they are made again from the files.
 */
export function withoutModels(collections: CollectionsContents): CollectionsContents {
  const kept = Object.create(null) as CollectionsContents;
  const models = new Set([FRAMEWORK_MODELS.name, SET_MODELS.name]);
  for (const name of Object.keys(collections)) {
    if (!models.has(name)) kept[name] = collections[name]!;
  }
  return kept;
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
  const read = readFile(text, BACKUP_ENVELOPE, backupSchema(options.collections ?? []), (root) => {
    const records = countRecords(root);
    return records > BACKUP_LIMITS.records
      ? problem(
          `The backup holds ${records.toLocaleString('en')} records; at most ` +
            `${BACKUP_LIMITS.records.toLocaleString('en')} can be restored.`,
          null,
        )
      : null;
  });
  return read.ok ? { ok: true, backup: read.value } : read;
}

/**
 * The backup with each progress record and settings dated more than a day after `now` taken as
 * changed at `now` (the rule a snapshot import follows: no file overrules the person by its
 * date), and how many times were so taken. Returns `backup` itself when there are none.
 */
export function takeFutureTimesAsNow(
  backup: Backup,
  now: Date,
): { backup: Backup; futureTimes: number } {
  let futureTimes = 0;
  const atNow = <T extends { updatedAt: string }>(dated: T): T => {
    if (!isFutureTime(dated.updatedAt, now)) return dated;
    futureTimes += 1;
    return { ...dated, updatedAt: now.toISOString() };
  };
  const frameworks = backup.frameworks.map((framework) => ({
    ...framework,
    settings: framework.settings && atNow(framework.settings),
    criteria: framework.criteria.map(atNow),
  }));
  return futureTimes === 0
    ? { backup, futureTimes }
    : { backup: { ...backup, frameworks }, futureTimes };
}

/** Frameworks, criterion records and collection entries in a file, counted before reading them. */
function countRecords(root: Record<string, unknown>): number {
  const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  let count = 0;
  const { frameworks, collections } = root;
  if (Array.isArray(frameworks)) {
    count += frameworks.length;
    for (const framework of frameworks) {
      if (isPlainObject(framework)) count += lengthOf(framework.criteria);
    }
  }
  if (isPlainObject(collections)) {
    for (const name of Object.keys(collections)) count += lengthOf(collections[name]);
  }
  return count;
}
