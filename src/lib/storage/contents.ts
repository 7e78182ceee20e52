/**
 * Everything the store keeps, as a backup carries it: read out of the stored entries for an
 * export, and turned into the writes of a restore, each record checked as it will be when read
 * back (a record stored now but unreadable later would be lost).
 */
import type { BackupContents, FrameworkProgress } from '../core/backup.ts';
import { COLLECTION_NAME, type CollectionsContents } from '../core/collection.ts';
import { LIMITS } from '../core/limits.ts';
import { compareText } from '../core/order.ts';
import type { CriterionProgress, FrameworkSettings } from '../core/progress.ts';
import { jsonValue } from '../core/schemas/fields.ts';
import { CriterionProgressSchema, FrameworkSettingsSchema } from '../core/schemas/progress.ts';
import { check, type Checked } from '../core/schemas/read.ts';
import type { Entry, Write } from './backend.ts';
import type { Report } from './fallback.ts';
import { entryKey, formatKey, parseKey, progressKey, settingsKey } from './keys.ts';
import { decodeDetachedRecords, detachedWrites } from './detached.ts';
import { readCriteria, type Usable } from './migration.ts';
import {
  decodeEntry,
  decodeSettings,
  encodeCriterion,
  encodeEntry,
  encodeSettings,
} from './records.ts';

/** The contents of every readable stored entry; what must be left out is reported. */
export function contentsOf(
  entries: readonly Entry[],
  usable: Usable,
  report: Report,
): BackupContents {
  const { frameworks: criteria } = readCriteria(entries, usable);
  const settings = new Map<string, FrameworkSettings>();
  const collections = Object.create(null) as CollectionsContents;
  for (const [key, stored] of entries) {
    const parsed = parseKey(key);
    if (parsed.kind === 'settings') {
      const decoded = decodeSettings(parsed.frameworkId, stored);
      if (usable(key, decoded)) settings.set(parsed.frameworkId, decoded.value);
    } else if (parsed.kind === 'detached' && parsed.part === 'records') {
      // A backup carries detached progress as any other: restore detaches it again.
      const decoded = decodeDetachedRecords(parsed.frameworkId, stored);
      if (!usable(key, decoded)) continue;
      let records = criteria.get(parsed.frameworkId);
      if (!records) criteria.set(parsed.frameworkId, (records = new Map()));
      for (const record of decoded.value) {
        const kept = records.get(record.criterionId);
        if (!kept || kept.updatedAt < record.updatedAt) records.set(record.criterionId, record);
      }
    } else if (parsed.kind === 'entry') {
      // A backup the app writes must restore: a key restore would refuse is left out.
      if (parsed.key.length > LIMITS.idLength) {
        report(
          'unreadable',
          formatKey(key),
          `Left out of the backup: its key is longer than ${LIMITS.idLength} characters.`,
        );
        continue;
      }
      const decoded = decodeEntry(stored);
      if (usable(key, decoded)) {
        (collections[parsed.collection] ??= []).push({ key: parsed.key, value: decoded.value });
      }
    }
  }
  const ids = [...new Set([...criteria.keys(), ...settings.keys()])].sort();
  const frameworks = ids.map((frameworkId): FrameworkProgress => ({
    frameworkId,
    settings: settings.get(frameworkId) ?? null,
    criteria: [...(criteria.get(frameworkId)?.values() ?? [])].sort((a, b) =>
      compareText(a.criterionId, b.criterionId),
    ),
  }));
  return { frameworks, collections };
}

/**
 * The puts that store `contents`, and each framework's `detached` progress (see detached.ts),
 * each record checked as it will be when read back, or why it cannot be stored (the first
 * problems found).
 */
export function encodeContents(
  contents: BackupContents,
  detached: ReadonlyMap<string, readonly CriterionProgress[]> = new Map(),
): Write[] | string {
  const writes: Write[] = [];
  const problems: string[] = [];
  const report = (field: string, checked: Checked<unknown>) => {
    if (checked.ok) return;
    for (const found of checked.problems) {
      problems.push(`\`${[field, found.field].filter(Boolean).join('.')}\` ${found.message}`);
    }
  };
  for (const [frameworkId, records] of detached) {
    // One unreadable record would make the whole list unreadable: each is checked here.
    const own = records.flatMap((record, index) => {
      const checked = check(CriterionProgressSchema, record);
      report(`detached.${frameworkId}[${index}]`, checked);
      return checked.ok && checked.value.frameworkId === frameworkId ? [checked.value] : [];
    });
    writes.push(...detachedWrites(frameworkId, own).filter((write) => write.type === 'put'));
  }
  for (const [index, framework] of contents.frameworks.entries()) {
    const field = `frameworks[${index}]`;
    if (framework.settings) {
      const settings = check(FrameworkSettingsSchema, framework.settings);
      report(`${field}.settings`, settings);
      if (settings.ok) {
        const { frameworkId } = settings.value;
        writes.push({
          type: 'put',
          key: settingsKey(frameworkId),
          value: encodeSettings(settings.value),
        });
      }
    }
    for (const [position, criterion] of framework.criteria.entries()) {
      const record = check(CriterionProgressSchema, criterion);
      report(`${field}.criteria[${position}]`, record);
      if (!record.ok) continue;
      const key = progressKey(record.value.frameworkId, record.value.criterionId);
      writes.push({ type: 'put', key, value: encodeCriterion(record.value) });
    }
  }
  for (const name of Object.keys(contents.collections)) {
    if (!COLLECTION_NAME.test(name))
      problems.push(`\`collections.${name}\` is not a collection name`);
    for (const [index, entry] of (contents.collections[name] ?? []).entries()) {
      const value = check(jsonValue, entry.value);
      report(`collections.${name}[${index}].value`, value);
      if (!value.ok) continue;
      writes.push({ type: 'put', key: entryKey(name, entry.key), value: encodeEntry(value.value) });
    }
  }
  return problems.length > 0 ? problems.slice(0, 3).join('; ') : writes;
}
