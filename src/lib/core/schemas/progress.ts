/**
 * The records of one person's progress, as storage, other tabs, exit notes and backups carry
 * them: one criterion's progress, and one framework's settings. Storage migrates an older
 * version first (`storage/records.ts`), then reads it with these.
 */
import * as v from 'valibot';
import { LIMITS } from '../limits.ts';
import type { CriterionProgress, FrameworkSettings } from '../progress.ts';
import { object, expecting, type RecordSchema } from './read.ts';
import { criterionState, identifier, level, levelOrNull, text, threshold, time } from './fields.ts';

/** A note (reason, evidence) kept with progress: any length, the file or store bounds it. */
const note = v.exactOptional(expecting(v.string(), 'a string when present'));

/**
 * The fields of a criterion's kept progress, but for the framework it belongs to (a checkpoint
 * keeps records of one framework without it), with `note` for the reason and the evidence.
 */
export const criterionRecordEntries = <N extends v.GenericSchema>(note: N) => ({
  criterionId: identifier,
  state: criterionState,
  reason: note,
  evidence: note,
  updatedAt: time,
  topic: text(LIMITS.textLength),
  level,
  text: text(LIMITS.textLength),
});

export const CriterionProgressSchema: RecordSchema<CriterionProgress> = object({
  frameworkId: identifier,
  ...criterionRecordEntries(note),
});

export const FrameworkSettingsSchema: RecordSchema<FrameworkSettings> = object({
  frameworkId: identifier,
  threshold,
  target: levelOrNull,
  updatedAt: time,
});

/**
 * A framework's detached progress as stored (`storage/detached.ts`): the criterion ids, and the
 * records as one JSON text, each record then read with `CriterionProgressSchema`.
 */
export const DetachedIdsSchema: RecordSchema<{ ids: string[] }> = object({
  ids: expecting(v.array(identifier), 'a list of criterion ids'),
});

export const DetachedRecordsSchema: RecordSchema<{ json: string }> = object({
  json: expecting(v.string(), 'JSON text'),
});

export const CriterionProgressListSchema: RecordSchema<CriterionProgress[]> = expecting(
  v.array(CriterionProgressSchema),
  'a list of records',
);
