/**
 * Reading an untrusted snapshot file (the file itself: `snapshot.ts`; planning its import:
 * `import-plan.ts`).
 *
 * Nothing in a file is trusted. `parseSnapshot` reads it through the shared envelope check and
 * the snapshot's schema (`schemas/snapshot.ts`), which build fresh objects (so `__proto__` or
 * `constructor` keys are inert data, and strings holding script are only strings: the UI shows
 * text, never HTML), checks an embedded framework source like any framework file, and
 * recomputes the summary.
 */
import { parseFramework } from './framework.ts';
import { topicTitle } from './framework-naming.ts';
import { sha256Hex } from './hash.ts';
import { SNAPSHOT_LIMITS } from './limits.ts';
import type { Criterion, Framework, Topic } from './model.ts';
import type { Problem } from './problem.ts';
import { readFile, type Envelope } from './schemas/envelope.ts';
import { describeValue, problem } from './schemas/read.ts';
import { SnapshotSchema } from './schemas/snapshot.ts';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  snapshotSummary,
  statesOf,
  type Snapshot,
  type SnapshotCriterion,
} from './snapshot.ts';
import { normaliseSource } from './source.ts';
import { setSlug } from './user-sets.ts';

/** What a snapshot file must say about itself, and how large it may be. */
export const SNAPSHOT_ENVELOPE: Envelope = {
  format: SNAPSHOT_FORMAT,
  version: SNAPSHOT_VERSION,
  noun: 'snapshot',
  verb: 'import',
  bytes: SNAPSHOT_LIMITS.bytes,
  problems: SNAPSHOT_LIMITS.problems,
};

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
 * recomputed, never trusted. Reading changes nothing anywhere.
 */
export function parseSnapshot(
  text: string,
  options: ParseSnapshotOptions = {},
): SnapshotParseResult {
  const read = readFile(text, SNAPSHOT_ENVELOPE, SnapshotSchema);
  if (!read.ok) return read;
  const file = read.value;

  let embedded: Framework | null = null;
  if (file.framework.source !== undefined) {
    const problems: Problem[] = [];
    embedded = checkEmbeddedSource(
      file.framework.source,
      file.framework.id,
      file.framework.sha256,
      (field, message) => problems.push(problem(message, field)),
    );
    if (!embedded) return { ok: false, problems: problems.slice(0, SNAPSHOT_LIMITS.problems) };
  }

  const found = options.findFramework?.(file.framework.id) ?? null;
  const topics =
    embedded?.topics ??
    (found && found.sourceHash === file.framework.sha256 ? found.topics : topicsOf(file.criteria));
  return {
    ok: true,
    embeddedFramework: embedded,
    snapshot: {
      ...file,
      summary: snapshotSummary(topics, statesOf(file.criteria), file.settings.threshold),
    },
  };
}

/** A file name whose id, for a source without `path`, is the last segment of `frameworkId`. */
export function originFor(frameworkId: string): string {
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
  report: (field: string, message: string) => void,
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
  const named = underSnapshotId(parsed.framework, id);
  let ok = true;
  if (!named) {
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
      `is ${describeValue(sha256)}, but the embedded source's SHA-256 is "${hash}": the source is not the framework the file names`,
    );
    ok = false;
  }
  return ok ? named : null;
}

/**
 * The framework an embedded source holds, under the id the snapshot names: its file's own id, or
 * one slug-like part before it, as the app keeps a framework of a set the person added
 * (`memberId`: the set's slug, then the file's id) or one moved aside for a shipped framework
 * (`yours/<id>`). Such a framework exported with its source then opens where the set (or the
 * shipped framework's arrival) is unknown. Null when the source is another framework.
 */
export function underSnapshotId(framework: Framework, id: string): Framework | null {
  if (framework.id === id) return framework;
  if (!id.endsWith(`/${framework.id}`)) return null;
  const slug = id.slice(0, -framework.id.length - 1);
  return slug !== '' && !slug.includes('/') && setSlug(slug) === slug ? { ...framework, id } : null;
}
