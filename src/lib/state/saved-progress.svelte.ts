import type { Collection } from '../core/collection.ts';
import type { CheckpointCause } from '../core/checkpoint.ts';
import { allCriteria, type Framework } from '../core/model.ts';
import type { Problem } from '../core/problem.ts';
import type { CriterionProgress, FrameworkSettings } from '../core/progress.ts';
import { noteAtExit } from '../storage/exit-note.ts';
import { clearMirrors } from '../storage/first-view.ts';
import type {
  EntryUpdate,
  Persistence,
  ProgressStore,
  StorageProblem,
  StoreChange,
} from '../storage/index.ts';
import type { Assessment, ProgressSink } from './assessment.svelte.ts';
import type { KnownCriteria, RestoreOutcome } from './backup-restore.ts';

/** Where the engineer's progress is kept right now, as the app tells them. */
export type KeepingStatus = 'connecting' | 'ok' | 'unavailable' | 'full';

export interface SavedProgressOptions {
  /** Opens the store; the app passes a lazy import of `openProgressStore`, tests a memory store. */
  open: () => Promise<ProgressStore>;
  /** Asks the browser to keep storage; defaults to "unsupported". */
  persist?: () => Promise<Persistence>;
  /** Notes changes synchronously as the page goes away; defaults to the exit journal. */
  noteAtExit?: (records: readonly CriterionProgress[]) => void;
  now?: () => Date;
  /** Ids of the frameworks that ship with the app: a restored backup never adds one of these. */
  shippedIds?: readonly string[];
  /**
   * The criterion ids of a framework that is not on screen, for a restore to keep progress on
   * other ids aside (see `restoreBackup`); without it, all of it is kept per criterion.
   */
  knownCriteria?: KnownCriteria;
}

/**
 * Keeps one assessment in the progress store: every change is written as it happens (changes
 * made before the store is open wait in order), changes from other tabs come in, and the whole
 * store can be backed up, restored and deleted. When the store cannot keep data, the status
 * says so and the assessment carries on in memory, with backups still possible.
 */
export class SavedProgress implements ProgressSink {
  status = $state<KeepingStatus>('connecting');
  /** Why storage is unavailable, in the browser's words, when it is. */
  reason = $state<string | null>(null);
  /** Storage failed in this tab and works again: what was kept in memory meanwhile is saved. */
  recovered = $state(false);
  persistence = $state<Persistence | 'unknown'>('unknown');
  problems = $state.raw<StorageProblem[]>([]);
  /** Counts the checkpoints kept from outside the timeline (a share, a quick start, a restore). */
  checkpointsKept = $state(0);

  #store: ProgressStore | null = null;
  #waiting: ((store: ProgressStore) => Promise<void>)[] = [];
  /** Records whose write has started but not finished, by framework and criterion. */
  readonly #writing = new Map<string, CriterionProgress>();
  #assessment: Assessment | null = null;
  readonly #options: SavedProgressOptions;

  constructor(options: SavedProgressOptions) {
    this.#options = options;
  }

  put(record: CriterionProgress): void {
    const key = `${record.frameworkId}\u0000${record.criterionId}`;
    this.#writing.set(key, record);
    this.#run(async (store) => {
      try {
        await store.putCriterion(record);
      } finally {
        if (this.#writing.get(key) === record) this.#writing.delete(key);
      }
    });
  }

  putAtExit(record: CriterionProgress): void {
    if (this.#store) this.#store.putCriterionAtExit(record);
    else this.put(record);
  }

  /**
   * The page is going away: writes again, at once, every record whose write has not finished.
   * A normal write reads first, and a page being unloaded may never get the answer.
   */
  atExit(): void {
    const unfinished = [...this.#writing.values()];
    this.#writing.clear();
    // Before the store is open nothing could be written yet: the note is all there is.
    if (!this.#store) (this.#options.noteAtExit ?? noteAtExit)(unfinished);
    else for (const record of unfinished) this.#store.putCriterionAtExit(record);
  }

  remove(frameworkId: string, criterionId: string): void {
    this.#run((store) => store.deleteCriterion(frameworkId, criterionId));
  }

  putSettings(settings: FrameworkSettings): void {
    this.#run((store) => store.putSettings(settings));
  }

  async loadDetached(frameworkId: string): Promise<CriterionProgress[]> {
    return (await this.#ready()).loadDetached(frameworkId);
  }

  async removeDetached(frameworkId: string, criterionIds: readonly string[]): Promise<void> {
    await (await this.#ready()).changeDetached(frameworkId, { remove: criterionIds });
  }

  async keepCheckpoint(
    framework: Framework,
    records: readonly CriterionProgress[],
    settings: FrameworkSettings | null,
    cause: CheckpointCause,
  ): Promise<void> {
    // The state is taken now, before the change that follows; the checkpoint code loads after.
    const kept = [...records];
    const takenAt = this.#options.now?.() ?? new Date();
    const { stateOf, takeCheckpoint } = await import('./checkpoint-writes.ts');
    await this.updateEntry(
      takeCheckpoint(framework.id, stateOf(framework, kept, settings), { cause, takenAt }),
    );
    this.checkpointsKept += 1;
  }

  /**
   * Opens the store and brings the assessment up to date with what it holds. Changes made in
   * the meantime are newer, so they win and are then written. Never rejects.
   */
  async connect(assessment: Assessment): Promise<void> {
    this.#assessment = assessment;
    let store: ProgressStore;
    try {
      store = await this.#options.open();
    } catch (error) {
      // The store promises not to fail; should it all the same, say so rather than hang.
      this.status = 'unavailable';
      this.reason = error instanceof Error ? error.message : String(error);
      return;
    }
    this.#store = store;
    store.onProblem((problem) => {
      this.problems = [...this.problems.slice(-19), problem];
      if (problem.kind === 'recovered') this.recovered = true;
      this.#readStatus();
    });
    this.#readStatus();
    await this.#reload(store, assessment, { keepNewer: true });
    store.subscribe((change) => void this.#receive(change));
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const operation of waiting) await operation(store);
    this.persistence = this.#options.persist ? await this.#options.persist() : 'unsupported';
  }

  /**
   * Moves to another assessment (the same framework shown afresh, say with a base framework
   * merged in): it takes the previous one's records, then what the store holds that is newer.
   */
  async attach(assessment: Assessment): Promise<void> {
    const previous = this.#assessment;
    this.#assessment = assessment;
    if (previous) {
      assessment.receive(previous.records);
      assessment.loadSettings({ ...previous.settings, frameworkId: assessment.framework.id });
    }
    if (this.#store) await this.#reload(this.#store, assessment, { keepNewer: true });
  }

  /** A backup of everything kept (all frameworks), as file name and text. */
  async backup(): Promise<{ fileName: string; text: string }> {
    const store = await this.#ready();
    const { backupFileName, backupToText, buildBackup } = await import('../core/backup.ts');
    const now = this.#options.now?.() ?? new Date();
    this.#assessment?.flush();
    return {
      fileName: backupFileName(now),
      text: backupToText(buildBackup(await store.exportAll(), now)),
    };
  }

  /** Checks a backup file without changing anything: its problems, if it cannot be restored. */
  async checkBackup(text: string): Promise<{ ok: true } | { ok: false; problems: Problem[] }> {
    const { parseBackup } = await import('../core/backup.ts');
    const parsed = parseBackup(text);
    return parsed.ok ? { ok: true } : parsed;
  }

  /**
   * Replaces everything kept with a backup file's content. A file that is not a valid backup
   * changes nothing and gives its problems. Frameworks the backup adds are checked as adding a
   * file checks them: those that fail are left out and listed in `leftOut`. Times more than a
   * day ahead are taken as the restore's, as a snapshot import takes them; `futureTimes` counts
   * them.
   */
  async restore(text: string): Promise<RestoreOutcome> {
    const store = await this.#ready();
    const { restoreBackup } = await import('./backup-restore.ts');
    const restored = await restoreBackup(text, {
      store,
      now: this.#options.now?.() ?? new Date(),
      shippedIds: this.#options.shippedIds ?? [],
      assessment: this.#assessment,
      knownCriteria: this.#options.knownCriteria,
    });
    if (!restored.ok) return restored;
    // Every framework's first-view mirror now shows the old progress: the shown one is rewritten.
    clearMirrors();
    this.checkpointsKept += 1;
    if (this.#assessment) await this.#reload(store, this.#assessment, { keepNewer: false });
    return restored;
  }

  /** Deletes every framework's progress and settings from this browser. */
  async deleteAll(): Promise<void> {
    const store = await this.#ready();
    await store.deleteAll();
    // Deleted means deleted: no framework's first view may show the ticks again.
    clearMirrors();
    this.#readStatus();
    if (this.#assessment) await this.#reload(store, this.#assessment, { keepNewer: false });
  }

  /** The entries of a collection (user frameworks, options); empty when storage fails. */
  async loadCollection<T>(collection: Collection<T>): Promise<Map<string, T>> {
    return (await this.#ready()).loadCollection(collection);
  }

  async putEntry<T>(collection: Collection<T>, key: string, value: T): Promise<void> {
    await (await this.#ready()).putEntry(collection, key, value);
  }

  async deleteEntry(collection: Collection<unknown>, key: string): Promise<void> {
    await (await this.#ready()).deleteEntry(collection, key);
  }

  /** Changes an entry from what it is when written (see `ProgressStore.updateEntry`). */
  async updateEntry<T>(update: EntryUpdate<T>): Promise<boolean> {
    return (await this.#ready()).updateEntry(update);
  }

  /** One framework's saved records, as stored (empty when storage fails). */
  async loadRecords(frameworkId: string): Promise<CriterionProgress[]> {
    return (await this.#ready()).loadFramework(frameworkId);
  }

  async loadSettings(frameworkId: string): Promise<FrameworkSettings | null> {
    return (await this.#ready()).loadSettings(frameworkId);
  }

  /**
   * Makes one framework's stored progress exactly `records` and `settings` (null: none, so the
   * defaults apply), as an import or its undo decides, with the changes to `entries` (the
   * checkpoint that undoes it), then shows it if it is on screen. Gives whether it was written.
   */
  async replaceFramework(
    ...replacement: Parameters<ProgressStore['replaceFramework']>
  ): Promise<boolean> {
    const [frameworkId] = replacement;
    const store = await this.#ready();
    // One transaction: a reload in the middle finds all of the import (or undo) or none of it.
    const written = await store.replaceFramework(...replacement);
    if (this.#assessment?.framework.id === frameworkId)
      await this.#reload(store, this.#assessment, { keepNewer: false });
    return written;
  }

  /** Deletes one framework's saved progress: each criterion record, and its settings. */
  async deleteFrameworkProgress(frameworkId: string): Promise<void> {
    const store = await this.#ready();
    await store.replaceFramework(frameworkId, [], null, [], { dropDetached: true });
  }

  /** A backup file holding only one framework's progress and settings. */
  async backupOf(frameworkId: string): Promise<{ fileName: string; text: string }> {
    const store = await this.#ready();
    const { backupToText, buildBackup } = await import('../core/backup.ts');
    const now = this.#options.now?.() ?? new Date();
    const everything = await store.exportAll();
    const contents = {
      frameworks: everything.frameworks.filter((entry) => entry.frameworkId === frameworkId),
      collections: {},
    };
    const slug = frameworkId.replaceAll('/', '-');
    return {
      fileName: `${slug}-progress-${now.toISOString().slice(0, 10)}.json`,
      text: backupToText(buildBackup(contents, now)),
    };
  }

  close(): void {
    this.#store?.close();
  }

  #run(operation: (store: ProgressStore) => Promise<void>): void {
    if (this.#store) {
      void operation(this.#store);
      return;
    }
    this.#waiting.push(operation);
  }

  async #ready(): Promise<ProgressStore> {
    if (this.#store) return this.#store;
    const store = await this.#options.open();
    this.#store = store;
    return store;
  }

  #readStatus(): void {
    const status = this.#store?.status;
    if (!status) return;
    this.status = status.kind;
    this.reason = status.kind === 'unavailable' ? status.reason : null;
  }

  /** Loads the assessment's records and settings; `keepNewer` keeps changes made meanwhile. */
  async #reload(
    store: ProgressStore,
    assessment: Assessment,
    { keepNewer }: { keepNewer: boolean },
  ): Promise<void> {
    const frameworkId = assessment.framework.id;
    const current = new Map(
      allCriteria(assessment.framework).map((criterion) => [criterion.id, criterion]),
    );
    const detached = await attachKnown(store, frameworkId, current);
    const [records, settings] = await Promise.all([
      store.loadFramework(frameworkId),
      store.loadSettings(frameworkId),
    ]);
    // Records migrated from an older version may lack the criterion's text: take it from the file.
    const completed = records.map((record) => {
      const criterion = current.get(record.criterionId);
      return criterion
        ? { ...record, topic: criterion.topic, level: criterion.level, text: criterion.text }
        : record;
    });
    if (keepNewer) assessment.receive(completed);
    else assessment.load(completed);
    assessment.orphaned.setDetached(detached);
    if (!keepNewer || settings)
      assessment.loadSettings(settings ?? undefined, { reset: !keepNewer });
  }

  async #receive(change: StoreChange): Promise<void> {
    const assessment = this.#assessment;
    if (!assessment || !this.#store) return;
    switch (change.kind) {
      case 'criterion':
        if (change.frameworkId !== assessment.framework.id) return;
        if (change.record) assessment.receive([change.record]);
        else assessment.receive([], [change.criterionId]);
        return;
      case 'settings':
        if (change.frameworkId === assessment.framework.id)
          assessment.loadSettings(change.settings);
        return;
      case 'entry':
        return;
      case 'everything':
        await this.#reload(this.#store, assessment, { keepNewer: false });
        return;
      default:
        change satisfies never;
    }
  }
}

/**
 * Moves detached progress on criteria the framework has now (its file changed back, say) to
 * where its records are read; gives how many detached records are left. Reads the detached
 * records only when some are to move.
 */
async function attachKnown(
  store: ProgressStore,
  frameworkId: string,
  current: ReadonlyMap<string, unknown>,
): Promise<number> {
  const ids = await store.loadDetachedIds(frameworkId);
  const known = ids.filter((id) => current.has(id));
  if (known.length === 0) return ids.length;
  const wanted = new Set(known);
  const attach = (await store.loadDetached(frameworkId)).filter((record) =>
    wanted.has(record.criterionId),
  );
  const moved = await store.changeDetached(frameworkId, { remove: known, attach });
  return moved ? ids.length - known.length : ids.length;
}
