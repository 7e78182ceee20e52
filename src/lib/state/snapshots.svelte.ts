import type { Framework } from '../core/model.ts';
import { formatProblem } from '../core/problem.ts';
import type {
  ImportClaim,
  ImportMode,
  OwnImportPlan,
  ReceivedImportPlan,
} from '../core/import-plan.ts';
import { REVIEWS, type Review } from '../core/review.ts';
import { SNAPSHOT_LIMITS } from '../core/limits.ts';
import { RECEIVED, type ReceivedAssessment } from '../core/received.ts';
import type { Snapshot, SnapshotRole } from '../core/snapshot.ts';
import type { Assessment } from './assessment.svelte.ts';
import { BrowserExportId } from './export-id.ts';
import type { Library } from './library.svelte.ts';
import type { ReviewSession } from './review.svelte.ts';
import type { SavedProgress } from './saved-progress.svelte.ts';

export { RECEIVED };

// The snapshot code (and the framework parser it uses for embedded files) loads when a snapshot
// is exported or imported, not when the list of received assessments is shown.
const snapshotFiles = async () => {
  const [build, file] = await Promise.all([
    import('../core/snapshot.ts'),
    import('../core/snapshot-file.ts'),
  ]);
  return { ...build, ...file };
};
const snapshotImports = async () => {
  const [read, plan] = await Promise.all([
    import('../core/snapshot-read.ts'),
    import('../core/import-plan.ts'),
  ]);
  return { ...read, ...plan };
};
// The checkpoint taken before an import is its undo: written with it, so undo survives a reload.
const checkpointCode = async () => {
  const [core, writes, state] = await Promise.all([
    import('../core/checkpoint.ts'),
    import('./checkpoint-writes.ts'),
    import('./checkpoints.svelte.ts'),
  ]);
  return { ...core, ...writes, ...state };
};

export interface ExportChoices {
  /** `self` unless given: a manager's review is sent back from the review itself. */
  role?: SnapshotRole;
  person: string;
  /** Include the framework file's text, so the file can be read where the framework is unknown. */
  includeSource: boolean;
}

export type SnapshotMessage = { kind: 'done' | 'error'; text: string; details?: string[] };

export interface SnapshotsOptions {
  saved: SavedProgress;
  library: Library;
  /** The assessment on screen. */
  assessment: () => Assessment;
  /** A shipped framework's file text, loaded on demand. */
  loadShippedSource: (id: string) => Promise<string | undefined>;
  /** Shows the person's progress afresh after an import or undo changed it. */
  reload: () => Promise<void>;
  now?: () => Date;
}

/**
 * Snapshots of an assessment: exporting one to a file, and importing one with a preview first.
 * One's own file is merged (newer per criterion wins) or replaces, at the person's choice, and
 * can be undone exactly; someone else's is kept as a received assessment beside one's own.
 * A file that cannot be read changes nothing.
 */
export class Snapshots {
  readonly #options: SnapshotsOptions;
  /** An import waiting for the person's choice. */
  pending = $state.raw<{
    fileName: string;
    text: string;
    plan: OwnImportPlan | ReceivedImportPlan;
  } | null>(null);
  message = $state.raw<SnapshotMessage | null>(null);
  /**
   * The import "Undo import" takes back: the checkpoint before it, kept in the framework's
   * checkpoint log (so it is offered again after a reload).
   */
  lastImport = $state.raw<{ fileName: string; frameworkId: string } | null>(null);
  received = $state.raw<ReceivedAssessment[]>([]);
  /** The manager's reviews, by the digest of the snapshot each reviews. */
  reviews = $state.raw<Map<string, Review>>(new Map());

  readonly #exportId: BrowserExportId;

  constructor(options: SnapshotsOptions) {
    this.#options = options;
    this.#exportId = new BrowserExportId(options.saved);
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** The snapshot file of the assessment on screen. */
  async export(choices: ExportChoices): Promise<{ fileName: string; text: string }> {
    const assessment = this.#options.assessment();
    // What the person gives away as their own is kept, so it can be seen again later.
    if ((choices.role ?? 'self') === 'self') await assessment.keepCheckpoint('shared');
    const framework = assessment.framework;
    const source = choices.includeSource ? await this.#sourceOf(framework) : undefined;
    const now = this.#now();
    const { buildSnapshot, snapshotFileName, snapshotToText } = await snapshotFiles();
    const snapshot = buildSnapshot({
      framework,
      records: assessment.records,
      settings: { threshold: assessment.threshold, target: assessment.target },
      role: choices.role ?? 'self',
      ...(choices.person.trim() ? { person: choices.person.trim() } : {}),
      ...(source === undefined ? {} : { source }),
      exportedAt: now,
      exportId: await this.exportId(),
    });
    return { fileName: snapshotFileName(framework.id, now), text: snapshotToText(snapshot) };
  }

  /** This browser's export id, made and kept on first use. */
  exportId(): Promise<string> {
    return this.#exportId.get();
  }

  async #sourceOf(framework: Framework): Promise<string | undefined> {
    return this.#options.library.isOwn(framework.id)
      ? await this.#options.library.sourceOf(framework.id)
      : await this.#options.loadShippedSource(framework.id);
  }

  /** Reads a snapshot file and prepares its import; nothing changes until the person chooses. */
  async open(file: File): Promise<void> {
    this.message = null;
    this.pending = null;
    if (file.size > SNAPSHOT_LIMITS.bytes) {
      this.#refuse(file.name, [
        `${file.name} is larger than ${SNAPSHOT_LIMITS.bytes / 1024 / 1024} MB, too large for a snapshot.`,
      ]);
      return;
    }
    await this.openText(await file.text(), file.name);
  }

  /**
   * Reads a snapshot's text and prepares its import. `claim` is what the person said of it;
   * without it, a self-assessment is theirs only when this browser exported it.
   */
  async openText(text: string, fileName: string, claim?: ImportClaim): Promise<void> {
    const current = this.#options.assessment();
    const { parseSnapshot, planImport } = await snapshotImports();
    const parsed = parseSnapshot(text, {
      findFramework: (id) =>
        id === current.framework.id
          ? current.framework
          : (this.#options.library.userFramework(id) ?? null),
    });
    if (!parsed.ok) {
      this.#refuse(
        fileName,
        parsed.problems.map((problem) => formatProblem(fileName, problem)),
      );
      return;
    }
    const id = parsed.snapshot.framework.id;
    const framework =
      id === current.framework.id
        ? current.framework
        : (this.#options.library.userFramework(id) ?? null);
    const stored =
      id === current.framework.id ? current.records : await this.#options.saved.loadRecords(id);
    // Stored settings, not the ones in memory: those are the defaults when nothing is stored,
    // and a merge would then keep the defaults over the file's (and undo would write them).
    const settings = await this.#options.saved.loadSettings(id);
    const plan = planImport(parsed.snapshot, {
      framework,
      currentRecords: stored,
      currentSettings: settings,
      now: this.#now(),
      ownExportId: await this.#exportId.kept(),
      ...(claim === undefined ? {} : { claim }),
    });
    if (plan.kind === 'refused') {
      this.#refuse(
        fileName,
        plan.problems.map((problem) => formatProblem(fileName, problem)),
      );
      return;
    }
    this.pending = { fileName, text, plan };
  }

  /** The person says the pending file is not theirs: keep it as a received assessment instead. */
  async notMine(): Promise<void> {
    const pending = this.pending;
    if (pending) await this.openText(pending.text, pending.fileName, 'not-mine');
  }

  /** The person says the pending self-assessment is theirs (from another browser): preview a merge. */
  async mine(): Promise<void> {
    const pending = this.pending;
    if (pending) await this.openText(pending.text, pending.fileName, 'mine');
  }

  cancel(): void {
    this.pending = null;
  }

  /** Imports the pending file of the person's own assessment by merging or replacing. */
  async choose(mode: ImportMode): Promise<void> {
    const pending = this.pending;
    if (!pending || pending.plan.kind !== 'own') return;
    const plan = pending.plan;
    if (plan.loadFramework)
      await this.#options.library.addText(plan.loadFramework.source, pending.fileName, {
        acceptWarnings: true,
        // A set's framework keeps its set's id, which its progress is under.
        id: plan.frameworkId,
      });
    const { applyPlan } = await snapshotImports();
    const { stateOf, takeCheckpoint } = await checkpointCode();
    const outcome = applyPlan(plan, mode);
    const at = this.#now();
    const written = await this.#options.saved.replaceFramework(
      outcome.frameworkId,
      outcome.records,
      outcome.settings,
      [
        takeCheckpoint(
          plan.frameworkId,
          stateOf(plan.framework, plan.undo.records, plan.undo.settings),
          {
            cause: 'before-import',
            takenAt: at,
            undo: (checkpointId) => ({
              kind: 'import',
              label: pending.fileName,
              checkpointId,
              unloadFramework: plan.undo.unloadFramework,
              at: at.toISOString(),
            }),
          },
        ),
      ],
    );
    this.pending = null;
    if (!written) {
      this.#refuse(pending.fileName, ['The browser did not keep the change.']);
      return;
    }
    this.lastImport = { fileName: pending.fileName, frameworkId: plan.frameworkId };
    const counts = plan[mode].counts;
    this.message = {
      kind: 'done',
      text: `Imported ${pending.fileName} (${mode}): ${counts.added} added, ${counts.changed} changed, ${counts.removed} removed, ${counts.unchanged} unchanged.`,
    };
    await this.#options.reload();
  }

  /**
   * Puts back exactly the progress there was before the last import: the checkpoint taken
   * before it, restored in one transaction that also forgets the undo.
   */
  async undo(): Promise<void> {
    const last = this.lastImport;
    if (!last) return;
    const { undoFromLog } = await checkpointCode();
    const log = await this.#logOf(last.frameworkId);
    this.lastImport = null;
    const undo = log.undo;
    const undone = undo?.kind === 'import' && (await undoFromLog(this.#options.saved, log, undo));
    if (undone && undo.unloadFramework) await this.#options.library.remove(undo.unloadFramework);
    this.message = undone
      ? { kind: 'done', text: `The import of ${last.fileName} was undone.` }
      : { kind: 'error', text: `The import of ${last.fileName} can no longer be undone.` };
    await this.#options.reload();
  }

  /** Finds an import of the framework on screen that can still be undone (after a reload). */
  async loadUndo(): Promise<void> {
    const frameworkId = this.#options.assessment().framework.id;
    const undo = (await this.#logOf(frameworkId)).undo;
    this.lastImport = undo?.kind === 'import' ? { fileName: undo.label, frameworkId } : null;
  }

  async #logOf(frameworkId: string) {
    const { CHECKPOINTS, readLog } = await checkpointCode();
    const entries = await this.#options.saved.loadCollection(CHECKPOINTS);
    return readLog(frameworkId, entries.get(frameworkId));
  }

  /** Keeps the pending file of someone else's assessment beside the person's own. */
  async keepReceived(): Promise<void> {
    const pending = this.pending;
    if (!pending || pending.plan.kind !== 'received') return;
    const { received } = pending.plan;
    await this.#options.saved.putEntry(RECEIVED, received.key, received);
    this.pending = null;
    const what = received.role === 'manager' ? 'review' : 'assessment';
    this.message = {
      kind: 'done',
      text: `Kept ${received.person ? possessive(received.person) : 'the'} ${what} from ${pending.fileName} beside yours.`,
    };
    this.lastKept = received.key;
    await this.loadReceived();
  }

  /** The received assessment the last "Keep it" kept, to open from the message. */
  lastKept = $state<string | null>(null);

  async loadReceived(): Promise<void> {
    const [entries, reviews] = await Promise.all([
      this.#options.saved.loadCollection(RECEIVED),
      this.#options.saved.loadCollection(REVIEWS),
    ]);
    this.received = [...entries.values()].sort((a, b) =>
      a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0,
    );
    this.reviews = reviews;
  }

  /**
   * A received assessment with its snapshot read and checked again in full, as any file is;
   * null when there is none under `key` or it cannot be read any more.
   */
  async openReceived(
    key: string,
  ): Promise<{ received: ReceivedAssessment; snapshot: Snapshot } | null> {
    if (!this.received.some((entry) => entry.key === key)) await this.loadReceived();
    const received = this.received.find((entry) => entry.key === key);
    if (!received) return null;
    const { parseSnapshot } = await snapshotImports();
    const current = this.#options.assessment();
    const parsed = parseSnapshot(JSON.stringify(received.snapshot), {
      findFramework: (id) =>
        id === current.framework.id
          ? current.framework
          : (this.#options.library.userFramework(id) ?? null),
    });
    return parsed.ok ? { received, snapshot: parsed.snapshot } : null;
  }

  /**
   * The manager's review of the received assessment `key`: the one they started, taken up where
   * they left it, or a new one. Null when there is no such assessment or it cannot be read.
   */
  async openReview(key: string): Promise<ReviewSession | null> {
    const opened = await this.openReceived(key);
    if (!opened) return null;
    const { ReviewSession } = await import('./review.svelte.ts');
    return new ReviewSession({
      saved: this.#options.saved,
      ...opened,
      kept: this.reviewOf(opened.received),
      exportId: () => this.exportId(),
      onkept: (kept) => this.noteReview(kept),
      now: () => this.#now(),
    });
  }

  /** Takes a review just kept, so the list shows how far it has got. */
  noteReview(review: Review): void {
    const next = new Map(this.reviews);
    next.set(review.of, review);
    this.reviews = next;
  }

  /** The manager's review of a received assessment, if they started one. */
  reviewOf(received: ReceivedAssessment): Review | null {
    for (const review of this.reviews.values())
      if (review.receivedKey === received.key) return review;
    return null;
  }

  /** Deletes a received assessment, and the review of it the person started, if any. */
  async deleteReceived(key: string): Promise<void> {
    const entry = this.received.find((received) => received.key === key);
    const review = entry ? this.reviewOf(entry) : null;
    await this.#options.saved.deleteEntry(RECEIVED, key);
    if (review) await this.#options.saved.deleteEntry(REVIEWS, review.of);
    await this.loadReceived();
  }

  #refuse(fileName: string, details: string[]): void {
    this.message = {
      kind: 'error',
      text: `${fileName} could not be imported, so nothing was changed:`,
      details,
    };
  }
}

/** `Ada’s`, `James’`: a name's possessive, as English writes it. */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}’` : `${name}’s`;
}
