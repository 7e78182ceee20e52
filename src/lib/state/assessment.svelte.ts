import type { Criterion, Framework } from '../core/model.ts';
import { allCriteria } from '../core/model.ts';
import { topicsAtLevel, type TopicAtLevel } from '../core/coverage.ts';
import { distinctSteps, whatsNext, type StepCard } from '../core/next-steps.ts';
import {
  DEFAULT_THRESHOLD,
  type CriterionProgress,
  type CriterionState,
  type FrameworkSettings,
} from '../core/progress.ts';
import {
  isThreshold,
  levelTallies,
  suggestLevel,
  ticksToReach,
  topicStandings,
  type LevelTally,
  type Suggestion,
  type TopicStanding,
} from '../core/scoring.ts';
import { Orphans, type OrphanSink } from './orphans.svelte.ts';
import { RecordMap } from './record-map.svelte.ts';

/** Receives every change the engineer makes, to keep it (storage, other tabs). */
export interface ProgressSink extends OrphanSink {
  /** Writes at once, for when the page goes away; defaults to `put`. */
  putAtExit?(record: CriterionProgress): void;
  putSettings(settings: FrameworkSettings): void;
  /**
   * Keeps the assessment as it is now (`records`, `settings`: null when none are kept) as a
   * checkpoint, for `cause`: before a bulk change, or as it was shared.
   */
  keepCheckpoint?(
    framework: Framework,
    records: readonly CriterionProgress[],
    settings: FrameworkSettings | null,
    cause: 'before-quick-start' | 'shared',
  ): Promise<void>;
}

/** One step the engineer can take back: the records as they were before it. */
interface UndoStep {
  label: string;
  before: { criterionId: string; record: CriterionProgress | undefined }[];
}

/**
 * One engineer's assessment of one framework: which criteria they demonstrate, which do not
 * apply and why, and their evidence. Every change goes to the sink at once.
 */
export class Assessment {
  readonly framework: Framework;
  readonly #byId: ReadonlyMap<string, Criterion>;
  readonly #records: RecordMap;
  #sink: ProgressSink;
  #undo = $state.raw<UndoStep | null>(null);
  #now: () => Date;
  /** Evidence typed but not yet sent to the sink, by criterion id. */
  readonly #pending = new Map<
    string,
    { record: CriterionProgress; timer: ReturnType<typeof setTimeout> }
  >();
  /** How long typing in evidence may pause before it is written. */
  static readonly EVIDENCE_DELAY_MS = 400;
  constructor(framework: Framework, sink: ProgressSink, now: () => Date = () => new Date()) {
    this.framework = framework;
    this.#settings = {
      frameworkId: framework.id,
      threshold: DEFAULT_THRESHOLD,
      target: null,
      updatedAt: '',
    };
    this.tallies = $derived(levelTallies(this.framework, this.#lookup));
    this.suggestion = $derived(suggestLevel(this.tallies, this.threshold));
    this.standings = $derived(topicStandings(this.framework, this.#lookup, this.threshold));
    this.toTarget = $derived(
      this.target === null ? null : ticksToReach(this.tallies, this.threshold, this.target),
    );
    this.started = $derived(this.tallies.some((tally) => tally.demonstrated > 0));
    this.nextSteps = $derived.by(() => {
      const next = whatsNext(this.framework, this.#lookup, this.threshold, this.target);
      return next ? distinctSteps(next) : [];
    });
    this.#byId = new Map(allCriteria(framework).map((criterion) => [criterion.id, criterion]));
    this.#records = new RecordMap(this.#byId.keys());
    this.#sink = sink;
    this.#now = now;
    this.orphaned = new Orphans(framework, this.#byId, this.#records, sink);
  }

  #settings = $state.raw<FrameworkSettings>() as FrameworkSettings;
  readonly #lookup = (criterionId: string) => this.state(criterionId);

  /** Per level: criteria demonstrated, applicable and not applicable, over all topics. */
  readonly tallies: LevelTally[];
  /** A lookup of each criterion's state, for the core's scoring functions. */
  get stateOf(): (criterionId: string) => CriterionState {
    return this.#lookup;
  }

  /** The suggested level and sub-level; null when no criterion applies. */
  readonly suggestion: Suggestion | null;
  /** Each topic's standing by the same rule. */
  readonly standings: TopicStanding[];
  /** Criteria still to demonstrate to reach the target level; null without a reachable target. */
  readonly toTarget: number | null;
  /** Whether anything is demonstrated yet: until then a newcomer is shown how to begin, not 1A. */
  readonly started: boolean;
  /**
   * Whether the records last loaded from storage (or another tab, or a restore) had anything
   * demonstrated: progress the person brought, as against ticks made here since.
   */
  loadedStarted = $state(false);
  /** What's next (next sub-level, next level, target), ranked, no list shown twice. */
  readonly nextSteps: StepCard[];

  /** Each topic's numbers at `level`, for the summary kept in view while ticking. */
  topicsAt(level: number): TopicAtLevel[] {
    return topicsAtLevel(this.framework, this.standings, level);
  }

  /** The threshold and target as kept. */
  get settings(): FrameworkSettings {
    return this.#settings;
  }

  /** The settings as kept: null when the person never changed them (the defaults apply). */
  get storedSettings(): FrameworkSettings | null {
    return this.#settings.updatedAt === '' ? null : this.#settings;
  }

  get threshold(): number {
    return this.#settings.threshold;
  }

  get target(): number | null {
    return this.#settings.target;
  }

  /**
   * Takes stored settings; a threshold or target that is not valid keeps the current one. With
   * `reset`, no settings means the defaults (after everything was deleted or restored).
   */
  loadSettings(settings: FrameworkSettings | undefined, { reset = false } = {}): void {
    const base: FrameworkSettings = reset
      ? {
          frameworkId: this.framework.id,
          threshold: DEFAULT_THRESHOLD,
          target: null,
          updatedAt: '',
        }
      : this.#settings;
    if (!settings) {
      this.#settings = base;
      return;
    }
    this.#settings = {
      ...base,
      threshold: isThreshold(settings.threshold) ? settings.threshold : base.threshold,
      target:
        settings.target !== null && this.framework.levels.includes(settings.target)
          ? settings.target
          : null,
      updatedAt: settings.updatedAt,
    };
  }

  /**
   * Keeps the assessment as it is now as a checkpoint: before a quick start marks whole levels,
   * or when the person shares it (so what a manager was given can be seen again).
   */
  async keepCheckpoint(cause: 'before-quick-start' | 'shared'): Promise<void> {
    this.flush();
    await this.#sink.keepCheckpoint?.(this.framework, this.records, this.storedSettings, cause);
  }

  /** Sets the threshold, a whole percentage from 50 to 100; other values are ignored. */
  setThreshold(threshold: number): void {
    if (!isThreshold(threshold) || threshold === this.threshold) return;
    this.#saveSettings({ threshold });
  }

  /** Sets the level the engineer is going for, or none; a level the framework lacks is ignored. */
  setTarget(target: number | null): void {
    if (target !== null && !this.framework.levels.includes(target)) return;
    this.#saveSettings({ target });
  }

  #saveSettings(change: Partial<Pick<FrameworkSettings, 'threshold' | 'target'>>): void {
    this.#settings = { ...this.#settings, ...change, updatedAt: this.#now().toISOString() };
    this.#sink.putSettings(this.#settings);
  }

  /** Replaces the records in memory (after loading, restoring or a change in another tab). */
  load(records: Iterable<CriterionProgress>): void {
    this.#records.clear();
    let started = false;
    for (const record of records) {
      this.#records.set(record.criterionId, record);
      started ||= record.state === 'demonstrated';
    }
    this.loadedStarted = started;
  }

  /** Takes records changed elsewhere (another tab) without sending them back to the sink. */
  receive(records: Iterable<CriterionProgress>, deleted: Iterable<string> = []): void {
    for (const record of records) {
      const current = this.#records.get(record.criterionId);
      if (!current || current.updatedAt <= record.updatedAt)
        this.#records.set(record.criterionId, record);
    }
    for (const id of deleted) this.#records.delete(id);
  }

  record(criterionId: string): CriterionProgress | undefined {
    return this.#records.get(criterionId);
  }

  state(criterionId: string): CriterionState {
    return this.#records.get(criterionId)?.state ?? 'not-yet';
  }

  /** All records, including those for criteria the framework no longer has. */
  get records(): CriterionProgress[] {
    return [...this.#records.values()];
  }

  /** Saved progress for criteria that the framework no longer has (reworded, moved, removed). */
  readonly orphaned: Orphans;

  /** The orphans read so far (see `Orphans.list`). */
  get orphans(): CriterionProgress[] {
    return this.orphaned.list;
  }

  get undoLabel(): string | null {
    return this.#undo?.label ?? null;
  }

  setDemonstrated(criterion: Criterion, demonstrated: boolean): void {
    this.#update(criterion, { state: demonstrated ? 'demonstrated' : 'not-yet' });
  }

  setNotApplicable(criterion: Criterion, notApplicable: boolean, reason?: string): void {
    this.#update(criterion, {
      state: notApplicable ? 'not-applicable' : 'not-yet',
      ...(reason === undefined ? {} : { reason }),
    });
  }

  setReason(criterion: Criterion, reason: string): void {
    this.#update(criterion, { reason });
  }

  /** Keeps typed evidence in memory at once and writes it after a short pause (see `flush`). */
  setEvidence(criterion: Criterion, evidence: string): void {
    this.#update(criterion, { evidence }, { debounce: true });
  }

  /**
   * Writes any evidence still waiting for its pause. With `atExit` (the page is being hidden or
   * unloaded) the writes are issued before returning.
   */
  flush(atExit = false): void {
    for (const [criterionId, { record, timer }] of this.#pending) {
      clearTimeout(timer);
      this.#pending.delete(criterionId);
      if (atExit && this.#sink.putAtExit) this.#sink.putAtExit(record);
      else this.#sink.put(record);
    }
  }

  /** Moves an orphan onto a current criterion (see `Orphans.reattach`). */
  reattach(orphan: CriterionProgress, criterion: Criterion): boolean {
    return this.orphaned.reattach(orphan, criterion);
  }

  /** Deletes an orphan's progress, at the person's word. */
  discard(orphan: CriterionProgress): void {
    this.orphaned.discard(orphan);
  }

  /**
   * Sets every applicable criterion of `criteria` to demonstrated or not yet, in one step that
   * `undo` takes back. Not-applicable criteria are left as they are.
   */
  markAll(criteria: readonly Criterion[], demonstrated: boolean, label: string): void {
    const target: CriterionState = demonstrated ? 'demonstrated' : 'not-yet';
    const changing = criteria.filter((criterion) => {
      const state = this.state(criterion.id);
      return state !== 'not-applicable' && state !== target;
    });
    if (changing.length === 0) return;
    this.#undo = {
      label,
      before: changing.map((criterion) => ({
        criterionId: criterion.id,
        record: this.#records.get(criterion.id),
      })),
    };
    for (const criterion of changing)
      this.#update(criterion, { state: target }, { clearUndo: false });
  }

  /** Takes back the last mark-all step, restoring each record exactly as it was. */
  undo(): void {
    const step = this.#undo;
    if (!step) return;
    this.#undo = null;
    for (const { criterionId, record } of step.before) {
      const criterion = this.#byId.get(criterionId);
      if (record) {
        // Restored with a fresh time, so other tabs and merges see the undo as the newest change.
        const restored = { ...record, updatedAt: this.#now().toISOString() };
        this.#records.set(criterionId, restored);
        this.#sink.put(restored);
      } else if (criterion) {
        this.#update(criterion, { state: 'not-yet' }, { clearUndo: false });
      }
    }
  }

  #update(
    criterion: Criterion,
    change: Partial<Pick<CriterionProgress, 'state' | 'reason' | 'evidence'>>,
    {
      clearUndo = true,
      debounce = false,
    }: {
      /** Forget the last bulk change's undo (any change but that bulk change itself). */
      clearUndo?: boolean;
      /** Write after typing pauses (evidence), not at once. */
      debounce?: boolean;
    } = {},
  ): void {
    if (clearUndo) this.#undo = null;
    const current = this.#records.get(criterion.id);
    const next: CriterionProgress = {
      frameworkId: this.framework.id,
      criterionId: criterion.id,
      state: current?.state ?? 'not-yet',
      ...(current?.reason === undefined ? {} : { reason: current.reason }),
      ...(current?.evidence === undefined ? {} : { evidence: current.evidence }),
      ...change,
      updatedAt: this.#now().toISOString(),
      topic: criterion.topic,
      level: criterion.level,
      text: criterion.text,
    };
    this.#records.set(criterion.id, next);
    const pending = this.#pending.get(criterion.id);
    if (pending) clearTimeout(pending.timer);
    if (debounce) {
      const timer = setTimeout(() => {
        this.#pending.delete(criterion.id);
        this.#sink.put(next);
      }, Assessment.EVIDENCE_DELAY_MS);
      this.#pending.set(criterion.id, { record: next, timer });
    } else {
      this.#pending.delete(criterion.id);
      this.#sink.put(next);
    }
  }
}
