import type { SvelteMap } from 'svelte/reactivity';
import { BASE_ID_PREFIX } from '../core/base-framework-id.ts';
import type { Criterion, Framework } from '../core/model.ts';
import type { CriterionProgress } from '../core/progress.ts';

/** Where progress for criteria a framework does not have is kept (see `ProgressSink`). */
export interface OrphanSink {
  put(record: CriterionProgress): void;
  remove(frameworkId: string, criterionId: string): void;
  /** The framework's detached progress: kept aside in bulk, read only when asked for. */
  loadDetached?(frameworkId: string): Promise<CriterionProgress[]>;
  /** Takes records out of the framework's detached progress. */
  removeDetached?(frameworkId: string, criterionIds: readonly string[]): Promise<void>;
}

/**
 * Saved progress for criteria the framework no longer has (reworded, moved, removed), for the
 * person to attach to a current criterion or discard. Some is read with the framework's records;
 * the rest, detached progress (a restored backup may hold thousands), is only counted until the
 * person opens it.
 */
export class Orphans {
  readonly #framework: Framework;
  readonly #byId: ReadonlyMap<string, Criterion>;
  readonly #records: SvelteMap<string, CriterionProgress>;
  readonly #sink: OrphanSink;
  /** Detached records read so far, by criterion id. */
  #detached = $state.raw<ReadonlyMap<string, CriterionProgress>>(new Map());
  #waiting = $state(0);
  #reading = $state(false);
  /**
   * Whether a base framework is merged in. Progress on criteria it lends is parked, not lost,
   * while it is not (switched off or removed): it returns when the base does.
   */
  readonly #lendsBase: boolean;

  constructor(
    framework: Framework,
    byId: ReadonlyMap<string, Criterion>,
    records: SvelteMap<string, CriterionProgress>,
    sink: OrphanSink,
  ) {
    this.#framework = framework;
    this.#byId = byId;
    this.#records = records;
    this.#sink = sink;
    this.#lendsBase = [...byId.values()].some((criterion) => criterion.fromBase);
  }

  /** The orphans read so far: those kept per criterion, then the detached ones read. */
  get list(): CriterionProgress[] {
    return this.#list;
  }

  /** Every orphan, read or not. */
  get count(): number {
    return this.#list.length + this.#waiting;
  }

  /** Detached records not read yet. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Whether the detached records are being read. */
  get reading(): boolean {
    return this.#reading;
  }

  // Worked out once per change, not on every read: there may be many thousands.
  readonly #list = $derived.by(() => this.#find());

  /** The framework's detached progress is `count` records, none read yet. */
  setDetached(count: number): void {
    this.#detached = new Map();
    this.#waiting = count;
  }

  /** Reads the detached records, so the person can go through them. */
  async read(): Promise<void> {
    if (this.#waiting === 0 || this.#reading || !this.#sink.loadDetached) return;
    this.#reading = true;
    try {
      const records = await this.#sink.loadDetached(this.#framework.id);
      const kept = new Map<string, CriterionProgress>();
      for (const record of records) {
        const elsewhere =
          this.#records.has(record.criterionId) || this.#byId.has(record.criterionId);
        if (!elsewhere) kept.set(record.criterionId, record);
      }
      this.#detached = kept;
      this.#waiting = 0;
    } finally {
      this.#reading = false;
    }
  }

  /**
   * Moves an orphan onto a current criterion, keeping its state, reason, evidence and time.
   * Does nothing if the current criterion already has progress of its own (the person resolves
   * that by hand).
   */
  reattach(orphan: CriterionProgress, criterion: Criterion): boolean {
    if (this.#byId.has(orphan.criterionId) || hasContent(this.#records.get(criterion.id)))
      return false;
    const moved: CriterionProgress = {
      ...orphan,
      criterionId: criterion.id,
      topic: criterion.topic,
      level: criterion.level,
      text: criterion.text,
    };
    this.#records.set(criterion.id, moved);
    this.#sink.put(moved);
    this.discard(orphan);
    return true;
  }

  /** Deletes an orphan's progress, at the person's word. */
  discard(orphan: CriterionProgress): void {
    if (this.#byId.has(orphan.criterionId)) return;
    if (this.#detached.has(orphan.criterionId)) {
      const rest = new Map(this.#detached);
      rest.delete(orphan.criterionId);
      this.#detached = rest;
      void this.#sink.removeDetached?.(orphan.frameworkId, [orphan.criterionId]);
      return;
    }
    this.#records.delete(orphan.criterionId);
    this.#sink.remove(orphan.frameworkId, orphan.criterionId);
  }

  #find(): CriterionProgress[] {
    const kept = [...this.#records.values()].filter(
      (record) =>
        !this.#byId.has(record.criterionId) &&
        hasContent(record) &&
        (this.#lendsBase || !record.criterionId.startsWith(BASE_ID_PREFIX)),
    );
    return [...kept, ...this.#detached.values()];
  }
}

function hasContent(record: CriterionProgress | undefined): boolean {
  if (!record) return false;
  return (
    record.state !== 'not-yet' || Boolean(record.evidence?.trim()) || Boolean(record.reason?.trim())
  );
}
