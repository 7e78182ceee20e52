/**
 * Planning a snapshot's import (reading the file: `snapshot-read.ts`).
 *
 * The rule: nothing a person imports overwrites their own progress without their say.
 * `planImport` says, without changing anything, what merge or replace would do to the person's
 * own progress, or that the file is someone else's assessment to keep beside theirs;
 * `applyPlan` and `undoImport` give the records to store.
 */
import { parseFramework } from './framework.ts';
import { sha256Hex } from './hash.ts';
import { allCriteria, type Framework } from './model.ts';
import { compareText } from './order.ts';
import type { Problem } from './problem.ts';
import {
  isFutureTime,
  sameProgress,
  type CriterionProgress,
  type FrameworkSettings,
} from './progress.ts';
import type { ReceivedAssessment } from './received.ts';
import { problem } from './schemas/read.ts';
import type { Snapshot, SnapshotCriterion } from './snapshot.ts';
import { originFor, underSnapshotId } from './snapshot-read.ts';

/** A criterion's change on import; `before` and `after` are the stored records. */
export interface CriterionChange {
  criterionId: string;
  kind: 'added' | 'changed' | 'unchanged' | 'removed';
  before: CriterionProgress | null;
  after: CriterionProgress | null;
}

export interface ChangeCounts {
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
}

/** What the person's progress for the framework would be after one way of importing. */
export interface ImportOutcome {
  /** One per criterion id with a record before or after, in criterion id order. */
  changes: CriterionChange[];
  counts: ChangeCounts;
  /** Every record for the framework afterwards, in criterion id order. */
  records: CriterionProgress[];
  settings: FrameworkSettings;
}

/** Everything stored for one framework: what an import writes and what undo puts back. */
export interface StoredProgress {
  frameworkId: string;
  records: CriterionProgress[];
  settings: FrameworkSettings | null;
}

/** What "Undo import" needs to put back the state before the import, exactly. */
export interface ImportUndo extends StoredProgress {
  /** Set when the import loaded the framework from the file: undo removes it again. */
  unloadFramework: string | null;
}

export type ImportMode = 'merge' | 'replace';

/** The person's own assessment: a preview of merge and replace, to choose from. */
export interface OwnImportPlan {
  kind: 'own';
  frameworkId: string;
  /** The framework the progress is for: the app's, else the one embedded in the file. */
  framework: Framework;
  /** Set when the app does not have the framework: it is loaded from the file's source. */
  loadFramework: { source: string; framework: Framework } | null;
  /** The file was made against another version of the framework (its hash differs). */
  frameworkChanged: boolean;
  /**
   * Criteria whose time in the file is more than a day after the import: a clock set wrong, or a
   * file made to win every merge. They are taken as made at the import, and the person is told.
   */
  futureTimes: number;
  /**
   * Criterion ids in the file with progress that the framework does not have. Their records are
   * kept (with the topic, level and text they were recorded against) for the re-attach flow.
   */
  reattach: string[];
  merge: ImportOutcome;
  replace: ImportOutcome;
  undo: ImportUndo;
}

export interface ReceivedImportPlan {
  kind: 'received';
  received: ReceivedAssessment;
  /**
   * A self-assessment this browser did not export (or one of version 1, which carries no export
   * id): it may still be the person's own, from another browser, if they say so.
   */
  mayBeMine: boolean;
  /** A manager's review of an assessment this browser exported: one to compare with. */
  reviewOfMine: boolean;
  /** The framework, when the app or the file has it; the snapshot is readable without it. */
  framework: Framework | null;
  loadFramework: { source: string; framework: Framework } | null;
}

export interface RefusedImportPlan {
  kind: 'refused';
  problems: Problem[];
}

export type ImportPlan = OwnImportPlan | ReceivedImportPlan | RefusedImportPlan;

export interface ImportContext {
  /** The app's framework with the snapshot's framework id, or null when it has none. */
  framework: Framework | null;
  /** The person's stored progress for that framework id (any order). */
  currentRecords: readonly CriterionProgress[];
  /** Their stored settings for it, if any. */
  currentSettings?: FrameworkSettings | null;
  now: Date;
  /** The id this browser writes into every export (`export-id.ts`); null when it has none yet. */
  ownExportId?: string | null;
  /**
   * What the person says of a `self` file: `mine` (from another browser of theirs, say) or
   * `not-mine`. Without it, the file is theirs only when it carries this browser's export id.
   */
  claim?: ImportClaim;
}

export type ImportClaim = 'mine' | 'not-mine';

/**
 * Whether a snapshot is the person's own to merge: a `self` file they say is theirs, or, when
 * they say nothing, one this browser exported (its `exportId` is `ownExportId`). A name never
 * decides it, and a manager's review is never anyone's own progress.
 */
export function isOwnFile(
  snapshot: Snapshot,
  ownExportId: string | null,
  claim: ImportClaim | undefined,
): boolean {
  if (snapshot.role !== 'self') return false;
  if (claim !== undefined) return claim === 'mine';
  return ownExportId !== null && snapshot.exportId === ownExportId;
}

/**
 * What importing `snapshot` would do; changes nothing. A file that is not the person's own
 * (`isOwnFile`) gives a `received` plan, kept beside their assessment. Their own file gives an
 * `own` plan with both outcomes, or `refused` when neither the app nor the file has the
 * framework ("unknown framework without embedded source"). Throws a `TypeError` when a current
 * record is for another framework.
 *
 * Merge: for each criterion, the newer `updatedAt` wins; the stored record wins a tie and over
 * a file criterion without `updatedAt`; a stored record the file lacks is kept. Replace: the
 * file's records, and only they; settings from the file. A file criterion that is `not-yet`
 * with no time, reason or evidence was never recorded and makes no record; one with a state
 * but no time gets `now`.
 */
export function planImport(snapshot: Snapshot, context: ImportContext): ImportPlan {
  const frameworkId = snapshot.framework.id;
  const now = context.now.toISOString();
  let framework = context.framework;
  let loadFramework: OwnImportPlan['loadFramework'] = null;
  if (!framework && snapshot.framework.source !== undefined) {
    const parsed = parseFramework(snapshot.framework.source, originFor(frameworkId));
    const named = parsed.ok ? underSnapshotId(parsed.framework, frameworkId) : null;
    if (named) {
      framework = named;
      loadFramework = { source: snapshot.framework.source, framework };
    }
  }

  const ownExportId = context.ownExportId ?? null;
  if (!isOwnFile(snapshot, ownExportId, context.claim)) {
    const person = snapshot.person ?? null;
    return {
      kind: 'received',
      framework,
      loadFramework,
      mayBeMine: snapshot.role === 'self' && context.claim !== 'not-mine',
      reviewOfMine:
        snapshot.role === 'manager' &&
        ownExportId !== null &&
        snapshot.review?.of.exportId === ownExportId,
      received: {
        key: `received-${sha256Hex(JSON.stringify([frameworkId, snapshot.role, person, snapshot.exportedAt])).slice(0, 32)}`,
        receivedAt: now,
        role: snapshot.role,
        person,
        frameworkId,
        frameworkTitle: snapshot.framework.title,
        exportedAt: snapshot.exportedAt,
        snapshot,
      },
    };
  }
  if (!framework) {
    return {
      kind: 'refused',
      problems: [
        problem(
          `This snapshot is for the framework "${frameworkId}" (${snapshot.framework.title}), ` +
            `which this app does not have, and the file has no embedded source to load it from ` +
            `(unknown framework without embedded source). Open the framework file first, then ` +
            `import the snapshot again.`,
          'framework.id',
        ),
      ],
    };
  }

  const current = new Map<string, CriterionProgress>();
  for (const record of context.currentRecords) {
    if (record.frameworkId !== frameworkId)
      throw new TypeError(
        `Current record for criterion "${record.criterionId}" belongs to framework "${record.frameworkId}", not "${frameworkId}".`,
      );
    current.set(record.criterionId, record);
  }
  const incoming = new Map<string, CriterionProgress>();
  const fileTimes = new Map<string, string | undefined>();
  let futureTimes = 0;
  for (const criterion of snapshot.criteria) {
    const future = isFutureTime(criterion.updatedAt, context.now);
    if (future) futureTimes += 1;
    const taken = future ? { ...criterion, updatedAt: now } : criterion;
    const record = toRecord(taken, frameworkId, now);
    if (record) incoming.set(criterion.id, record);
    fileTimes.set(criterion.id, taken.updatedAt);
  }
  const known = new Set(allCriteria(framework).map((criterion) => criterion.id));
  const reattach = [...incoming.keys()].filter((id) => !known.has(id)).sort(compareText);

  const currentSettings = context.currentSettings ?? null;
  const fileSettings: FrameworkSettings = {
    frameworkId,
    threshold: snapshot.settings.threshold,
    target: snapshot.settings.target ?? null,
    updatedAt: now,
  };
  const sameSettings =
    currentSettings !== null &&
    currentSettings.threshold === fileSettings.threshold &&
    currentSettings.target === fileSettings.target;

  const merged = new Map(current);
  for (const [id, record] of incoming) {
    const existing = current.get(id);
    if (!existing || newer(fileTimes.get(id), existing.updatedAt)) merged.set(id, record);
  }

  return {
    kind: 'own',
    frameworkId,
    framework,
    loadFramework,
    frameworkChanged: framework.sourceHash !== snapshot.framework.sha256,
    futureTimes,
    reattach,
    merge: outcome(current, merged, currentSettings ?? fileSettings),
    replace: outcome(current, incoming, sameSettings ? currentSettings : fileSettings),
    undo: {
      frameworkId,
      records: [...current.values()].sort(byCriterionId).map(copyRecord),
      settings: currentSettings && { ...currentSettings },
      unloadFramework: loadFramework ? frameworkId : null,
    },
  };
}

/** The progress to store for the chosen way of importing: fresh copies, in criterion id order. */
export function applyPlan(plan: OwnImportPlan, mode: ImportMode): StoredProgress {
  const chosen = mode === 'merge' ? plan.merge : plan.replace;
  return {
    frameworkId: plan.frameworkId,
    records: chosen.records.map(copyRecord),
    settings: { ...chosen.settings },
  };
}

/**
 * The progress to store to undo an import: exactly what was stored before it (fresh copies).
 * The caller replaces every record of `frameworkId` with `records`, puts back `settings` (or
 * deletes them when null) and unloads `unloadFramework` when set.
 */
export function undoImport(undo: ImportUndo): ImportUndo {
  return {
    frameworkId: undo.frameworkId,
    records: undo.records.map(copyRecord),
    settings: undo.settings && { ...undo.settings },
    unloadFramework: undo.unloadFramework,
  };
}

function outcome(
  before: ReadonlyMap<string, CriterionProgress>,
  after: ReadonlyMap<string, CriterionProgress>,
  settings: FrameworkSettings,
): ImportOutcome {
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  const counts: ChangeCounts = { added: 0, changed: 0, unchanged: 0, removed: 0 };
  const changes = ids.map((criterionId): CriterionChange => {
    const was = before.get(criterionId) ?? null;
    const will = after.get(criterionId) ?? null;
    const kind = !was
      ? 'added'
      : !will
        ? 'removed'
        : sameProgress(was, will)
          ? 'unchanged'
          : 'changed';
    counts[kind] += 1;
    return { criterionId, kind, before: was, after: will };
  });
  return {
    changes,
    counts,
    records: ids.flatMap((id) => {
      const record = after.get(id);
      return record ? [copyRecord(record)] : [];
    }),
    settings: { ...settings },
  };
}

/** The stored record a snapshot criterion stands for; null for one never recorded. */
function toRecord(
  criterion: SnapshotCriterion,
  frameworkId: string,
  now: string,
): CriterionProgress | null {
  const { updatedAt, reason, evidence } = criterion;
  if (updatedAt === undefined && criterion.state === 'not-yet' && !reason && !evidence) return null;
  const record: CriterionProgress = {
    frameworkId,
    criterionId: criterion.id,
    state: criterion.state,
    updatedAt: updatedAt ?? now,
    topic: criterion.topic,
    level: criterion.level,
    text: criterion.text,
  };
  if (reason !== undefined) record.reason = reason;
  if (evidence !== undefined) record.evidence = evidence;
  return record;
}

/** Whether the file's time is strictly later than the stored one; no time never is. */
function newer(fileTime: string | undefined, storedTime: string): boolean {
  return fileTime !== undefined && Date.parse(fileTime) > Date.parse(storedTime);
}

function copyRecord(record: CriterionProgress): CriterionProgress {
  return { ...record };
}

function byCriterionId(a: CriterionProgress, b: CriterionProgress): number {
  return compareText(a.criterionId, b.criterionId);
}
