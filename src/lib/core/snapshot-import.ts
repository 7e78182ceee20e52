/**
 * Reading an untrusted snapshot file and planning its import (the file itself: `snapshot.ts`).
 *
 * The rule: nothing a person imports overwrites their own progress without their say, and
 * nothing in a file is trusted. `parseSnapshot` checks every field and copies it into fresh
 * objects (so `__proto__` or `constructor` keys are inert data, and strings holding script are
 * only strings: the UI shows text, never HTML), checks an embedded framework source like any
 * framework file, and recomputes the summary. `planImport` then says, without changing anything,
 * what merge or replace would do to the person's own progress, or that the file is someone
 * else's assessment to keep beside theirs; `applyPlan` and `undoImport` give the records to
 * store.
 */
import { BACKUP_LIMITS, type ReportProblem } from './backup.ts';
import { parseFramework, topicTitle } from './framework.ts';
import { sha256Hex } from './hash.ts';
import { LIMITS } from './limits.ts';
import { allCriteria, type Criterion, type Framework, type Topic } from './model.ts';
import type { Problem } from './problem.ts';
import type { CriterionProgress, CriterionState, FrameworkSettings } from './progress.ts';
import { isThreshold } from './scoring.ts';
import { describe, ISO_TIME, isObject, join, own, problem, utf8Length } from './untrusted.ts';
import {
  assembleSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  snapshotCriterion,
  statesOf,
  summarise,
  type ReviewVerdict,
  type Snapshot,
  type SnapshotCriterion,
  type SnapshotRole,
  type SnapshotReview,
} from './snapshot.ts';
import { normaliseSource } from './source.ts';

/** How large a snapshot file may be, checked before and while it is read. */
export const SNAPSHOT_LIMITS = {
  /** Bytes of the file (UTF-8): an embedded framework plus every criterion with notes. */
  bytes: 16 * 1024 * 1024,
  /** Entries of `criteria`: as many as a framework may have (`LIMITS.criteria`). */
  criteria: LIMITS.criteria,
  /** Characters of a framework or criterion id. */
  idLength: BACKUP_LIMITS.idLength,
  /** Characters of a topic name, criterion text or framework title. */
  textLength: LIMITS.textLength,
  /** Characters of a reason, evidence or review comment. */
  noteLength: 20_000,
  /** Characters of `person`. */
  personLength: 200,
  /** Bytes of the embedded framework source: as for any framework file. */
  sourceBytes: LIMITS.frameworkBytes,
  /** Problems listed for one file; the rest are counted in a last problem. */
  problems: BACKUP_LIMITS.problems,
} as const;

export type SnapshotParseResult =
  | {
      ok: true;
      snapshot: Snapshot;
      /** The framework parsed from `framework.source`, when the file embeds one. */
      embeddedFramework: Framework | null;
    }
  | { ok: false; problems: Problem[] };

export interface ParseSnapshotOptions {
  /**
   * The app's framework with a given id, if it has one. When its hash is the file's, its topics
   * (and their titles) give the recomputed summary; otherwise the summary is computed from the
   * embedded framework, or from the file's own criteria.
   */
  findFramework?: (id: string) => Framework | null;
}

/**
 * Reads a snapshot file's text. Never throws, whatever the input: a file that is not JSON, not a
 * snapshot, made by a newer version of Progression, larger than `SNAPSHOT_LIMITS`, with a value
 * of the wrong type, a repeated criterion id, or an embedded framework source that is invalid or
 * not the framework the file names gives `ok: false` and the problems found, each with its field
 * path (at most `SNAPSHOT_LIMITS.problems` plus a count of the rest). The file's `summary` is
 * ignored and recomputed. Reading changes nothing anywhere.
 */
export function parseSnapshot(
  text: string,
  options: ParseSnapshotOptions = {},
): SnapshotParseResult {
  const problems: Problem[] = [];
  let hidden = 0;
  const report: ReportProblem = (field, message) => {
    if (problems.length < SNAPSHOT_LIMITS.problems) problems.push(problem(message, field || null));
    else hidden += 1;
  };
  const refuse = (message: string, field: string | null = null): SnapshotParseResult => ({
    ok: false,
    problems: [problem(message, field)],
  });

  if (utf8Length(text, SNAPSHOT_LIMITS.bytes) > SNAPSHOT_LIMITS.bytes) {
    return refuse(
      `The file is larger than ${SNAPSHOT_LIMITS.bytes / 1024 / 1024} MB, the most a snapshot can be.`,
    );
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? ` (${error.message})` : '';
    return refuse(`This is not a Progression snapshot: the file is not JSON${reason}.`);
  }
  if (!isObject(root)) {
    return refuse(`This is not a Progression snapshot: the file holds ${describe(root)}.`);
  }
  const format = own(root, 'format');
  if (format !== SNAPSHOT_FORMAT) {
    const found = format === undefined ? 'has no "format"' : `has format ${describe(format)}`;
    return refuse(
      `This is not a Progression snapshot: the file ${found}, not "${SNAPSHOT_FORMAT}".`,
      'format',
    );
  }
  const version = own(root, 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse(`should be a whole number from 1, found ${describe(version)}`, 'version');
  }
  if (version > SNAPSHOT_VERSION) {
    return refuse(
      `This snapshot was made by a newer version of Progression (snapshot version ${version}; ` +
        `this version reads version ${SNAPSHOT_VERSION}). Update Progression, then import it.`,
      'version',
    );
  }
  const rawCriteria = own(root, 'criteria');
  if (Array.isArray(rawCriteria) && rawCriteria.length > SNAPSHOT_LIMITS.criteria) {
    return refuse(
      `The snapshot has ${rawCriteria.length.toLocaleString('en')} criteria; at most ` +
        `${SNAPSHOT_LIMITS.criteria.toLocaleString('en')} can be imported.`,
      'criteria',
    );
  }

  const read = new Reader(report);
  const exportedAt = read.time(root, 'exportedAt', '');
  const role = read.choice(root, 'role', '', ROLES);
  const person = read.optionalString(root, 'person', '', SNAPSHOT_LIMITS.personLength);
  const framework = readFramework(own(root, 'framework'), read, report);
  const settings = readSettings(own(root, 'settings'), read, report);
  const criteria = readCriteria(rawCriteria, read, report);

  let embedded: Framework | null = null;
  if (framework?.source !== undefined) {
    embedded = checkEmbeddedSource(framework.source, framework.id, framework.sha256, report);
  }

  if (hidden > 0) {
    problems.push(problem(`…and ${hidden} more ${hidden === 1 ? 'problem' : 'problems'}.`, null));
  }
  if (
    problems.length > 0 ||
    exportedAt === undefined ||
    role === undefined ||
    person === null ||
    !framework ||
    !settings ||
    !criteria
  ) {
    return { ok: false, problems };
  }

  const found = options.findFramework?.(framework.id) ?? null;
  const topics =
    embedded?.topics ??
    (found && found.sourceHash === framework.sha256 ? found.topics : topicsOf(criteria));
  return {
    ok: true,
    embeddedFramework: embedded,
    snapshot: assembleSnapshot({
      exportedAt,
      role,
      person,
      framework,
      settings,
      criteria,
      summary: summarise(topics, statesOf(criteria), settings.threshold),
    }),
  };
}

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
   * Criterion ids in the file with progress that the framework does not have. Their records are
   * kept (with the topic, level and text they were recorded against) for the re-attach flow.
   */
  reattach: string[];
  merge: ImportOutcome;
  replace: ImportOutcome;
  undo: ImportUndo;
}

/** Someone else's assessment, kept beside the person's own and shown read-only. */
export interface ReceivedAssessment {
  /** Stable for the same file: importing it twice keeps one copy. */
  key: string;
  receivedAt: string;
  role: SnapshotRole;
  person: string | null;
  frameworkId: string;
  frameworkTitle: string;
  exportedAt: string;
  snapshot: Snapshot;
}

export interface ReceivedImportPlan {
  kind: 'received';
  received: ReceivedAssessment;
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
  /** The person says the file is not theirs (for a `self` file of someone else). */
  notMe?: boolean;
}

/**
 * What importing `snapshot` would do; changes nothing. A `manager` file, or one the person says
 * is `notMe`, gives a `received` plan. Their own file gives an `own` plan with both outcomes,
 * or `refused` when neither the app nor the file has the framework ("unknown framework without
 * embedded source"). Throws a `TypeError` when a current record is for another framework.
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
    if (parsed.ok && parsed.framework.id === frameworkId) {
      framework = parsed.framework;
      loadFramework = { source: snapshot.framework.source, framework };
    }
  }

  if (snapshot.role === 'manager' || context.notMe === true) {
    const person = snapshot.person ?? null;
    return {
      kind: 'received',
      framework,
      loadFramework,
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
  for (const criterion of snapshot.criteria) {
    const record = toRecord(criterion, frameworkId, now);
    if (record) incoming.set(criterion.id, record);
    fileTimes.set(criterion.id, criterion.updatedAt);
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
        : sameRecord(was, will)
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

function sameRecord(a: CriterionProgress, b: CriterionProgress): boolean {
  return (
    a.state === b.state &&
    a.reason === b.reason &&
    a.evidence === b.evidence &&
    a.updatedAt === b.updatedAt &&
    a.topic === b.topic &&
    a.level === b.level &&
    a.text === b.text
  );
}

function copyRecord(record: CriterionProgress): CriterionProgress {
  return { ...record };
}

function byCriterionId(a: CriterionProgress, b: CriterionProgress): number {
  return compareText(a.criterionId, b.criterionId);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A file name whose id, for a source without `path`, is the last segment of `frameworkId`. */
function originFor(frameworkId: string): string {
  return `${frameworkId.split('/').pop() ?? 'framework'}.md`;
}

/** The topics of a file's own criteria, for a summary when no framework is at hand. */
function topicsOf(criteria: readonly SnapshotCriterion[]): Topic[] {
  const topics = new Map<string, Map<number, Criterion[]>>();
  for (const item of criteria) {
    if (item.detached) continue;
    let levels = topics.get(item.topic);
    if (!levels) topics.set(item.topic, (levels = new Map()));
    const criterion: Criterion = {
      id: item.id,
      topic: item.topic,
      level: item.level,
      text: item.text,
      examples: [],
      line: 0,
    };
    const list = levels.get(item.level);
    if (list) list.push(criterion);
    else levels.set(item.level, [criterion]);
  }
  return [...topics].map(([name, levels]) => ({
    name,
    ...topicTitle({ name, title: null }),
    description: null,
    levels: [...levels]
      .sort(([a], [b]) => a - b)
      .map(([level, list]) => ({ level, criteria: list })),
  }));
}

function checkEmbeddedSource(
  source: string,
  id: string,
  sha256: string,
  report: ReportProblem,
): Framework | null {
  const field = 'framework.source';
  const parsed = parseFramework(source, originFor(id));
  if (!parsed.ok) {
    for (const found of parsed.problems.filter((item) => item.severity === 'error')) {
      const where = found.line === null ? '' : ` at line ${found.line}`;
      report(field, `The embedded framework source has an error${where}: ${found.message}`);
    }
    return null;
  }
  let ok = true;
  if (parsed.framework.id !== id) {
    report(
      'framework.id',
      `is "${id}", but the embedded source is framework "${parsed.framework.id}"`,
    );
    ok = false;
  }
  const hash = sha256Hex(normaliseSource(source).text);
  if (hash !== sha256) {
    report(
      'framework.sha256',
      `is ${describe(sha256)}, but the embedded source's SHA-256 is "${hash}": the source is not the framework the file names`,
    );
    ok = false;
  }
  return ok ? parsed.framework : null;
}

function readFramework(value: unknown, read: Reader, report: ReportProblem) {
  const field = 'framework';
  if (!isObject(value)) {
    report(field, `should be an object, found ${describe(value)}`);
    return null;
  }
  const id = read.string(value, 'id', field, SNAPSHOT_LIMITS.idLength, true);
  const title = read.string(value, 'title', field, SNAPSHOT_LIMITS.textLength, false);
  const sha256 = own(value, 'sha256');
  const hashOk = typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256);
  if (!hashOk) {
    report(`${field}.sha256`, `should be 64 lowercase hex digits, found ${describe(sha256)}`);
  }
  const source = read.optionalString(value, 'source', field, SNAPSHOT_LIMITS.sourceBytes);
  if (id === undefined || title === undefined || !hashOk || source === null) return null;
  return { id, title, sha256, source };
}

function readSettings(value: unknown, read: Reader, report: ReportProblem) {
  const field = 'settings';
  if (!isObject(value)) {
    report(field, `should be an object, found ${describe(value)}`);
    return null;
  }
  const threshold = own(value, 'threshold');
  if (!isThreshold(threshold)) {
    report(
      `${field}.threshold`,
      `should be a whole number from 50 to 100, found ${describe(threshold)}`,
    );
  }
  const target =
    own(value, 'target') === undefined ? undefined : read.level(value, 'target', field);
  if (!isThreshold(threshold) || target === null) return null;
  return target === undefined ? { threshold } : { threshold, target };
}

function readCriteria(
  value: unknown,
  read: Reader,
  report: ReportProblem,
): SnapshotCriterion[] | null {
  if (!Array.isArray(value)) {
    report('criteria', `should be a list, found ${describe(value)}`);
    return null;
  }
  const criteria: SnapshotCriterion[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const [index, item] of value.entries()) {
    const field = `criteria[${index}]`;
    if (!isObject(item)) {
      report(field, `should be an object, found ${describe(item)}`);
      ok = false;
      continue;
    }
    const id = read.string(item, 'id', field, SNAPSHOT_LIMITS.idLength, true);
    const topic = read.string(item, 'topic', field, SNAPSHOT_LIMITS.textLength, false);
    const level = read.level(item, 'level', field);
    const text = read.string(item, 'text', field, SNAPSHOT_LIMITS.textLength, false);
    const state = read.choice(item, 'state', field, STATES);
    const reason = read.optionalString(item, 'reason', field, SNAPSHOT_LIMITS.noteLength);
    const evidence = read.optionalString(item, 'evidence', field, SNAPSHOT_LIMITS.noteLength);
    const updatedAt =
      own(item, 'updatedAt') === undefined ? undefined : read.time(item, 'updatedAt', field);
    const review = readReview(own(item, 'review'), `${field}.review`, read, report);
    const detached = own(item, 'detached');
    if (detached !== undefined && detached !== true) {
      report(`${field}.detached`, `should be true when present, found ${describe(detached)}`);
      ok = false;
    }
    if (id !== undefined) {
      if (seen.has(id)) {
        report(`${field}.id`, `repeats criterion "${id}"`);
        ok = false;
      }
      seen.add(id);
    }
    if (
      id === undefined ||
      topic === undefined ||
      level === null ||
      text === undefined ||
      state === undefined ||
      reason === null ||
      evidence === null ||
      (own(item, 'updatedAt') !== undefined && updatedAt === undefined) ||
      review === null
    ) {
      ok = false;
      continue;
    }
    const fields = { id, topic, level, text, state, reason, evidence, updatedAt, review };
    criteria.push(snapshotCriterion({ ...fields, detached: detached === true ? true : undefined }));
  }
  return ok ? criteria : null;
}

/** `undefined` when absent, the review when valid, `null` (reported) otherwise. */
function readReview(
  value: unknown,
  field: string,
  read: Reader,
  report: ReportProblem,
): SnapshotReview | undefined | null {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    report(field, `should be an object when present, found ${describe(value)}`);
    return null;
  }
  const verdict = read.choice(value, 'verdict', field, VERDICTS);
  const comment = read.optionalString(value, 'comment', field, SNAPSHOT_LIMITS.noteLength);
  if (verdict === undefined || comment === null) return null;
  return comment === undefined ? { verdict } : { verdict, comment };
}

const ROLES: readonly SnapshotRole[] = ['self', 'manager'];
const STATES: readonly CriterionState[] = ['demonstrated', 'not-yet', 'not-applicable'];
const VERDICTS: readonly ReviewVerdict[] = ['agree', 'disagree', 'needs-evidence'];

/** Field readers that report what is wrong and where, and return only checked values. */
class Reader {
  constructor(private readonly report: ReportProblem) {}

  string(
    object: Record<string, unknown>,
    name: string,
    field: string,
    max: number,
    nonEmpty: boolean,
  ): string | undefined {
    const value = own(object, name);
    if (typeof value === 'string' && value.length <= max && (!nonEmpty || value.length > 0))
      return value;
    const what = nonEmpty ? 'a non-empty string' : 'a string';
    this.report(
      join(field, name),
      `should be ${what} of at most ${max} characters, found ${describe(value)}`,
    );
    return undefined;
  }

  /** `undefined` when absent, the string when it is one, `null` (reported) otherwise. */
  optionalString(
    object: Record<string, unknown>,
    name: string,
    field: string,
    max: number,
  ): string | undefined | null {
    const value = own(object, name);
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.length <= max) return value;
    this.report(
      join(field, name),
      `should be a string of at most ${max} characters when present, found ${describe(value)}`,
    );
    return null;
  }

  /** A level number, or `null` (reported). */
  level(object: Record<string, unknown>, name: string, field: string): number | null {
    const value = own(object, name);
    if (
      Number.isInteger(value) &&
      (value as number) >= LIMITS.minLevel &&
      (value as number) <= LIMITS.maxLevel
    )
      return value as number;
    this.report(
      join(field, name),
      `should be a whole number from ${LIMITS.minLevel} to ${LIMITS.maxLevel}, found ${describe(value)}`,
    );
    return null;
  }

  choice<T extends string>(
    object: Record<string, unknown>,
    name: string,
    field: string,
    choices: readonly T[],
  ): T | undefined {
    const value = own(object, name);
    const found = choices.find((choice) => choice === value);
    if (found === undefined) {
      const expected = choices.map((choice) => `"${choice}"`).join(', ');
      this.report(join(field, name), `should be one of ${expected}, found ${describe(value)}`);
    }
    return found;
  }

  time(object: Record<string, unknown>, name: string, field: string): string | undefined {
    const value = own(object, name);
    if (typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)))
      return value;
    this.report(join(field, name), `should be an ISO 8601 date and time, found ${describe(value)}`);
    return undefined;
  }
}
