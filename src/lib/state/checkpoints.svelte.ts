import {
  CHECKPOINTS,
  deleteCheckpoint,
  readLog,
  recordsOf,
  renameCheckpoint,
  settingsOf,
  type Checkpoint,
  type CheckpointCause,
  type CheckpointLog,
  type CheckpointUndo,
  type ProgressState,
} from '../core/checkpoint.ts';
import {
  compareStates,
  matchToToday,
  sinceLine,
  standingAt,
  type Comparison,
  type StandingAt,
  type UnmatchedCriterion,
} from '../core/checkpoint-compare.ts';
import type { Assessment } from './assessment.svelte.ts';
import { clearUndo, editLog, hasProgress, stateOf, takeCheckpoint } from './checkpoint-writes.ts';
import type { SavedProgress } from './saved-progress.svelte.ts';

export interface CheckpointsOptions {
  saved: SavedProgress;
  /** The person's own assessment on screen. */
  assessment: () => Assessment;
  /** Removes a framework that an import loaded from its file, when that import is undone. */
  unloadFramework?: (frameworkId: string) => Promise<void>;
  now?: () => Date;
}

/** One checkpoint with where it stood, for the timeline. */
export interface TimelineEntry {
  checkpoint: Checkpoint;
  standing: StandingAt;
  /** Criteria the checkpoint has that today's framework does not (it changed since). */
  missing: UnmatchedCriterion[];
}

/**
 * The checkpoints of the person's own assessment of the framework on screen: saving one,
 * renaming, deleting, restoring one (after keeping the present as a checkpoint, so it can be
 * undone), comparing two, and the undo of the last import or restore, which survives a reload
 * because it is kept in the log, written with the change it undoes.
 */
export class Checkpoints {
  readonly #options: CheckpointsOptions;
  #log = $state.raw<CheckpointLog | null>(null);
  message = $state.raw<string | null>(null);

  constructor(options: CheckpointsOptions) {
    this.#options = options;
  }

  get #frameworkId(): string {
    return this.#options.assessment().framework.id;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** Whether the log has been read. */
  get loaded(): boolean {
    return this.#log !== null;
  }

  /** Oldest first. */
  get checkpoints(): Checkpoint[] {
    return this.#log?.checkpoints ?? [];
  }

  /** The last import or checkpoint restore, while it can be undone. */
  get undoable(): CheckpointUndo | null {
    return this.#log?.undo ?? null;
  }

  /** Every checkpoint with its standing, oldest first. */
  get timeline(): TimelineEntry[] {
    return this.#timeline;
  }

  readonly #timeline = $derived(
    this.checkpoints.map((checkpoint) => ({
      checkpoint,
      standing: standingAt(checkpoint),
      missing: matchToToday(checkpoint, this.#present.criteria).missing,
    })),
  );

  /**
   * A topic's title in the framework on screen, from its name; the name itself for a topic the
   * framework no longer has (a checkpoint may be older than a change to it).
   */
  get titleOf(): (topic: string) => string {
    return this.#titleOf;
  }

  readonly #titleOf = $derived.by(() => {
    const { topics } = this.#options.assessment().framework;
    const titles = new Map(topics.map((topic) => [topic.name, topic.title]));
    return (topic: string) => titles.get(topic) ?? topic;
  });

  /** The assessment on screen as a progress state, following every change. */
  readonly #present = $derived.by(() => {
    const assessment = this.#options.assessment();
    return stateOf(assessment.framework, assessment.records, assessment.storedSettings);
  });

  /** Where the assessment on screen stands now, by the same reading as the checkpoints. */
  get now(): StandingAt {
    return this.#standingNow;
  }

  readonly #standingNow = $derived(standingAt(this.#present));

  /** The assessment on screen as a progress state, its evidence typed so far included. */
  present(): ProgressState {
    this.#options.assessment().flush();
    return this.#present;
  }

  /** Reads the log of the framework on screen. */
  async load(): Promise<void> {
    const entries = await this.#options.saved.loadCollection(CHECKPOINTS);
    this.#log = readLog(this.#frameworkId, entries.get(this.#frameworkId));
  }

  /** The line a returning person reads, or null without a checkpoint. */
  get sinceLast(): string | null {
    const last = this.checkpoints.at(-1);
    return last ? sinceLine(last, this.#present, this.#now()) : null;
  }

  /** Keeps the assessment as it is now as a checkpoint named `name` ("Checkpoint" when blank). */
  async save(name: string): Promise<void> {
    const present = this.present();
    if (!hasProgress(present)) {
      this.message = 'There is no progress to keep yet: tick a criterion first.';
      return;
    }
    this.message = (await this.#take('saved', present, name))
      ? 'Checkpoint saved.'
      : 'Nothing has changed since the last checkpoint, so no new one was saved.';
  }

  /** Takes a checkpoint of `state` (the present by default), unless it holds nothing new. */
  async take(cause: CheckpointCause, state: ProgressState = this.present()): Promise<void> {
    await this.#take(cause, state, '');
  }

  /** Whether a checkpoint was added (not when the last one already held `state`). */
  async #take(cause: CheckpointCause, state: ProgressState, name: string): Promise<boolean> {
    if (!this.loaded) await this.load();
    const last = this.checkpoints.at(-1)?.id;
    await this.#options.saved.updateEntry(
      takeCheckpoint(this.#frameworkId, state, { name, cause, takenAt: this.#now() }),
    );
    await this.load();
    return this.checkpoints.at(-1)?.id !== last;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#options.saved.updateEntry(
      editLog(this.#frameworkId, (log) => renameCheckpoint(log, id, name)),
    );
    await this.load();
  }

  async remove(id: string): Promise<void> {
    const name = this.#find(id)?.name;
    await this.#options.saved.updateEntry(
      editLog(this.#frameworkId, (log) => deleteCheckpoint(log, id)),
    );
    await this.load();
    if (name !== undefined) this.message = `Deleted the checkpoint “${name}”.`;
  }

  /**
   * Makes the progress what checkpoint `id` kept, after keeping the present as a checkpoint:
   * both, and the undo, in one transaction.
   */
  async restore(id: string): Promise<void> {
    const checkpoint = this.#find(id);
    if (!checkpoint) return;
    const frameworkId = this.#frameworkId;
    const present = this.present();
    const at = this.#now();
    const written = await this.#options.saved.replaceFramework(
      frameworkId,
      recordsOf(checkpoint, frameworkId),
      settingsOf(checkpoint, frameworkId),
      [
        takeCheckpoint(frameworkId, present, {
          cause: 'before-checkpoint-restore',
          takenAt: at,
          undo: (checkpointId) => ({
            kind: 'restore',
            label: checkpoint.name,
            checkpointId,
            unloadFramework: null,
            at: at.toISOString(),
          }),
        }),
      ],
    );
    await this.load();
    this.message = written
      ? `Restored the checkpoint “${checkpoint.name}” of ${dateOf(checkpoint.takenAt)}.`
      : 'The checkpoint could not be restored; nothing was changed.';
  }

  /** Undoes the last import or checkpoint restore (`undoable`), as kept in the log. */
  async undo(): Promise<void> {
    await this.load();
    const undo = this.undoable;
    if (!undo) return;
    const undone = await undoFromLog(this.#options.saved, this.#log!, undo);
    if (undone && undo.unloadFramework) await this.#options.unloadFramework?.(undo.unloadFramework);
    await this.load();
    this.message = undone
      ? undo.kind === 'import'
        ? `The import of ${undo.label} was undone.`
        : `The restore of “${undo.label}” was undone.`
      : 'It could not be undone; nothing was changed.';
  }

  /** What changed from checkpoint `from` to checkpoint `to` (null: now). */
  compare(from: string, to: string | null): Comparison | null {
    const before = this.#find(from);
    const after = to === null ? this.#present : this.#find(to);
    return before && after ? compareStates(before, after) : null;
  }

  /** A snapshot file of checkpoint `id`, as it was then, against today's framework. */
  async exportSnapshot(id: string): Promise<{ fileName: string; text: string } | null> {
    const checkpoint = this.#find(id);
    if (!checkpoint) return null;
    const framework = this.#options.assessment().framework;
    const [{ buildSnapshot }, { snapshotFileName, snapshotToText }] = await Promise.all([
      import('../core/snapshot.ts'),
      import('../core/snapshot-file.ts'),
    ]);
    const takenAt = new Date(checkpoint.takenAt);
    const snapshot = buildSnapshot({
      framework,
      records: recordsOf(checkpoint, framework.id),
      settings: checkpoint.settings,
      role: 'self',
      exportedAt: takenAt,
    });
    return { fileName: snapshotFileName(framework.id, takenAt), text: snapshotToText(snapshot) };
  }

  #find(id: string): Checkpoint | undefined {
    return this.checkpoints.find((checkpoint) => checkpoint.id === id);
  }
}

/**
 * Puts back what checkpoint `undo.checkpointId` kept (nothing, when null) and forgets the undo,
 * in one transaction. Gives whether it was written.
 */
export async function undoFromLog(
  saved: SavedProgress,
  log: CheckpointLog,
  undo: CheckpointUndo,
): Promise<boolean> {
  const checkpoint =
    undo.checkpointId === null
      ? null
      : log.checkpoints.find((candidate) => candidate.id === undo.checkpointId);
  if (checkpoint === undefined) return false;
  return saved.replaceFramework(
    log.frameworkId,
    checkpoint ? recordsOf(checkpoint, log.frameworkId) : [],
    checkpoint ? settingsOf(checkpoint, log.frameworkId) : null,
    [clearUndo(log.frameworkId, undo.at)],
  );
}

function dateOf(time: string): string {
  return new Date(time).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
