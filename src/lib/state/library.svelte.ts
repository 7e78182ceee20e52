import { SvelteMap } from 'svelte/reactivity';
import { BASE_FRAMEWORK_ID } from '../core/base-framework-id.ts';
import { RENAMED_PREFIX, summarise, type FrameworkSummary } from '../core/catalogue.ts';
import type { ParseResult } from '../core/framework.ts';
import type { AddOutcome } from '../core/add-outcome.ts';
import type { AddReport, Source } from './add-report.ts';
import {
  FRAMEWORK_MODELS,
  FRAMEWORK_OPTIONS,
  USER_FRAMEWORKS,
  type FrameworkOptions,
} from '../core/library.ts';
import { LIMITS } from '../core/limits.ts';
import type { Framework } from '../core/model.ts';
import type { Problem } from '../core/problem.ts';
import { forgetLastFramework } from '../storage/last-framework.ts';
import { FrameworkSets } from './framework-sets.svelte.ts';
import { keepModel, moveAside, openStored } from './stored-frameworks.ts';
import type { SavedProgress } from './saved-progress.svelte.ts';
import { TeamLink } from './team-link.svelte.ts';

/** The id of the generic framework a user adds on its own: Monzo's ships as `generic`. */
const USER_BASE_ID = `${RENAMED_PREFIX}${BASE_FRAMEWORK_ID}`;

export interface LibraryOptions {
  /** The shipped frameworks' summaries. */
  shipped: readonly FrameworkSummary[];
  saved: SavedProgress;
  parse?: (text: string, origin: string) => Promise<ParseResult>;
  fetch?: typeof fetch;
  /** How long a linked file may take to arrive (tests shorten it). */
  fetchTimeouts?: { silenceMs?: number; totalMs?: number };
  now?: () => Date;
}

/**
 * The frameworks the user added (opened, dropped, pasted or linked), kept in the browser with
 * their source text. Every file is parsed and validated first: one with errors changes nothing,
 * one with warnings waits for the user's word, and a new version of a framework the user has
 * replaces it (progress carries over by criterion id).
 */
export class Library {
  readonly #options: LibraryOptions;
  readonly #frameworks = new SvelteMap<string, Framework>();
  readonly #frameworkOptions = new SvelteMap<string, FrameworkOptions>();
  readonly #sources = new Map<number, Source>();
  #nextReport = 0;
  reports = $state<AddReport[]>([]);
  busy = $state(false);
  /** A team's `?framework=` link: asking before it loads, and opening what it loaded. */
  readonly link = new TeamLink(this);
  /** The address being read now, which the person may cancel; null when none is. */
  reading = $state<string | null>(null);
  #stopReading: AbortController | null = null;
  /** Things the person should know about their frameworks, found while loading them. */
  messages = $state<string[]>([]);
  /** The framework sets (folders and zips of repositories) the user added. */
  readonly sets: FrameworkSets;

  constructor(options: LibraryOptions) {
    this.#options = options;
    this.sets = new FrameworkSets({
      saved: options.saved,
      parse: (text, origin) => this.#parse(text, origin),
      takenIds: () => [...options.shipped.map((summary) => summary.id), ...this.#frameworks.keys()],
      tell: (message) => (this.messages = [...this.messages, message]),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /**
   * Reads the user's frameworks from storage, each from the model kept with it when that is still
   * its file's, else by parsing the file (`stored-frameworks.ts`). A stored file that no longer
   * parses is reported. One kept under an id a shipped framework has since taken moves to
   * `yours/<id>` with its progress, so the two never mix, and the person is told. Read once:
   * later calls wait for it.
   */
  load(): Promise<void> {
    return (this.#loading ??= this.#read());
  }

  #loading: Promise<void> | null = null;

  async #read(): Promise<void> {
    const saved = this.#options.saved;
    const [stored, options, models] = await Promise.all([
      saved.loadCollection(USER_FRAMEWORKS),
      saved.loadCollection(FRAMEWORK_OPTIONS),
      saved.loadCollection(FRAMEWORK_MODELS),
    ]);
    for (const [id, value] of options) this.#frameworkOptions.set(id, value);
    const shipped = new Set(this.#options.shipped.map((summary) => summary.id));
    const parse = (text: string, origin: string) => this.#parse(text, origin);
    for (const [storedId, entry] of stored) {
      const result = await openStored(saved, parse, storedId, entry, models.get(storedId));
      if (!result.ok) {
        this.#report(
          { text: entry.source, origin: entry.origin },
          { kind: 'refused', problems: result.problems },
          'refused',
        );
        continue;
      }
      let id = storedId;
      if (shipped.has(storedId)) {
        const options = this.#frameworkOptions.get(storedId);
        id = await moveAside(saved, storedId, { entry, framework: result.framework, options });
        if (options) this.#frameworkOptions.set(id, options);
        const title = this.#options.shipped.find((summary) => summary.id === storedId)?.title;
        this.messages = [
          ...this.messages,
          `“${result.framework.title}”, the framework you added from ${entry.origin}, now has the address of “${title ?? storedId}”, which comes with the app. Yours is kept, with all your progress on it, as “${id}”.`,
        ];
      }
      this.#frameworks.set(id, { ...result.framework, id });
    }
    await this.sets.load();
  }

  /** Shipped frameworks, then the user's own (marked `own`). */
  get catalogue(): FrameworkSummary[] {
    const own = [...this.#frameworks.values()].map((framework) => ({
      ...summarise(framework),
      own: true,
    }));
    return [...this.#options.shipped, ...own, ...this.sets.summaries];
  }

  /** The user's framework with this id, as its file says (without a base framework merged). */
  userFramework(id: string): Framework | undefined {
    return this.#frameworks.get(id) ?? this.sets.framework(id);
  }

  /** The text of the user's framework file, as added (for snapshots that carry it). */
  async sourceOf(id: string): Promise<string | undefined> {
    const stored = await this.#options.saved.loadCollection(USER_FRAMEWORKS);
    return stored.get(id)?.source ?? this.sets.sourceOf(id);
  }

  /** The id of the user's framework last added from `address`, or null when none was. */
  addedFrom(address: string): string | null {
    for (const framework of this.#frameworks.values()) {
      if (framework.origin === address) return framework.id;
    }
    return null;
  }

  isOwn(id: string): boolean {
    return this.#frameworks.has(id) || this.sets.setOf(id) !== undefined;
  }

  /** Whether the base framework is merged into this framework (on unless switched off). */
  mergesBase(id: string): boolean {
    return this.#frameworkOptions.get(id)?.mergeBase ?? true;
  }

  async setMergeBase(id: string, mergeBase: boolean): Promise<void> {
    this.#frameworkOptions.set(id, { mergeBase });
    await this.#options.saved.putEntry(FRAMEWORK_OPTIONS, id, { mergeBase });
  }

  /**
   * The base (generic) framework of one of the user's frameworks: the generic framework the user
   * added on its own (kept as `yours/generic` where Monzo's generic ships with the app). Monzo's
   * generic is the base of Monzo's frameworks only, so a file added on its own with no generic of
   * the user's has none. A framework of a set takes its set's generic only. Undefined for the base.
   */
  baseOf(id: string): Framework | undefined {
    if (this.sets.setOf(id)) return this.sets.baseOf(id);
    const base = this.#frameworks.get(USER_BASE_ID) ?? this.#frameworks.get(BASE_FRAMEWORK_ID);
    return base && base.id !== id ? base : undefined;
  }

  /** One of the user's frameworks as it is shown: its base merged in, unless switched off. */
  async withBase(framework: Framework): Promise<Framework> {
    const base = this.baseOf(framework.id);
    if (!base || !this.mergesBase(framework.id)) return framework;
    const { mergeBase } = await import('../core/base-framework.ts');
    return mergeBase(framework, base);
  }

  /**
   * Tells a returning user, in `messages`, the first time a framework shows its base's criteria:
   * what was added, from where, and where to switch it off. Someone already told, or with no
   * progress on it (nothing of theirs changed), is not told, and nothing is stored for them.
   */
  async tellAboutBase(framework: Framework, hasProgress: boolean): Promise<void> {
    if (!framework.base || !hasProgress || this.#frameworkOptions.has(framework.id)) return;
    await this.setMergeBase(framework.id, true);
    const { lent, title } = framework.base;
    this.messages = [
      ...this.messages,
      `This framework now also shows ${lent} criteria from ${title}, for the topics it shares with it, as Monzo's site shows them. Every tick you made is kept, but your suggested level may have changed. To leave them out, clear “Include the shared criteria of the generic framework” below.`,
    ];
  }

  /** Adds framework files the user chose or dropped (several at once). */
  async addFiles(files: readonly File[]): Promise<void> {
    await this.#busy(async () => {
      for (const file of files) {
        if (file.size > LIMITS.frameworkBytes) {
          this.#refuse(
            file.name,
            `${file.name} is larger than ${LIMITS.frameworkBytes / 1024 / 1024} MB; a framework file is far smaller.`,
          );
          continue;
        }
        const { decodeText } = await import('../core/text-decoding.ts');
        const { text, warning } = decodeText(new Uint8Array(await file.arrayBuffer()));
        await this.#add({ text, origin: file.name, decodingWarning: warning });
      }
    });
  }

  /**
   * Adds framework text the user pasted. With `acceptWarnings` (the person already chose to use
   * this file, say by importing a snapshot that carries it) a file with only warnings is added
   * at once; its warnings are still reported.
   */
  async addText(
    text: string,
    origin = 'pasted text',
    { acceptWarnings = false, id }: { acceptWarnings?: boolean; id?: string } = {},
  ): Promise<void> {
    await this.#busy(() => this.#add({ text, origin }, { acceptWarnings, id }));
  }

  /**
   * Loads a framework file from a web address. Only http and https addresses are fetched, with no
   * cookies; failures say what happened and what the file's host must allow. With `ask`, a new
   * or newer framework waits for `confirm` even without warnings. Gives the report.
   */
  async addUrl(address: string, { ask = false } = {}): Promise<AddReport> {
    return this.#busy(async () => {
      const { fetchFrameworkText } = await import('./fetch-framework.ts');
      const stop = new AbortController();
      this.#stopReading = stop;
      this.reading = address;
      let fetched;
      try {
        fetched = await fetchFrameworkText(address, this.#options.fetch ?? fetch, {
          signal: stop.signal,
          ...this.#options.fetchTimeouts,
        });
      } finally {
        this.#stopReading = null;
        this.reading = null;
      }
      if (!fetched.ok) return this.#refuse(address, fetched.message);
      const source = { text: fetched.text, origin: address, decodingWarning: fetched.warning };
      return this.#add(source, { ask });
    });
  }

  /** Stops reading the address being read, if one is: it is reported as cancelled. */
  cancelReading(): void {
    this.#stopReading?.abort();
  }

  /** Adds a file that was waiting because of its warnings. */
  async confirm(report: AddReport): Promise<void> {
    const source = this.#sources.get(report.id);
    if (report.status !== 'waiting' || !source) return;
    await this.#commit(report, source);
  }

  /** Leaves out a file that was waiting because of its warnings. */
  decline(report: AddReport): void {
    this.#update(report.id, { status: 'declined' });
    this.#sources.delete(report.id);
  }

  dismiss(report: AddReport): void {
    this.reports = this.reports.filter((candidate) => candidate.id !== report.id);
    this.#sources.delete(report.id);
  }

  /** Removes one of the user's frameworks and its saved progress. */
  async remove(id: string): Promise<void> {
    if (!this.#frameworks.has(id)) return;
    await this.#options.saved.deleteEntry(USER_FRAMEWORKS, id);
    await this.#options.saved.deleteEntry(FRAMEWORK_MODELS, id);
    await this.#options.saved.deleteEntry(FRAMEWORK_OPTIONS, id);
    await this.#options.saved.deleteFrameworkProgress(id);
    this.#frameworks.delete(id);
    this.#frameworkOptions.delete(id);
    forgetLastFramework(id);
  }

  async #busy<T>(work: () => Promise<T>): Promise<T> {
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  async #parse(text: string, origin: string): Promise<ParseResult> {
    if (this.#options.parse) return this.#options.parse(text, origin);
    const { parseFrameworkText } = await import('./parse-framework.ts');
    return parseFrameworkText(text, origin);
  }

  /**
   * `acceptWarnings`: added despite warnings; `ask`: waits for `confirm` even without any; `id`:
   * kept under this id, not its file's (a set's framework brought by a snapshot).
   */
  async #add(
    source: Source,
    {
      acceptWarnings = false,
      ask = false,
      id,
    }: { acceptWarnings?: boolean; ask?: boolean; id?: string | undefined } = {},
  ): Promise<AddReport> {
    const read = await this.#parse(source.text, source.origin);
    const parsed =
      read.ok && id !== undefined ? { ...read, framework: { ...read.framework, id } } : read;
    const result = source.decodingWarning
      ? { ...parsed, problems: [warningOf(source.decodingWarning), ...parsed.problems] }
      : parsed;
    // A set's ids are taken as a shipped one's are: a single file never takes one.
    const shipped = new Set([
      ...this.#options.shipped.map((summary) => summary.id),
      ...this.sets.ids,
    ]);
    const { addOutcome } = await import('../core/add-outcome.ts');
    const outcome = addOutcome(result, shipped, this.#frameworks);
    switch (outcome.kind) {
      case 'refused':
        return this.#report(source, outcome, 'refused');
      case 'unchanged':
        return this.#report(source, outcome, 'unchanged');
      case 'new':
      case 'update':
      case 'renamed': {
        const report = this.#report(source, outcome, 'waiting');
        if (!ask && (outcome.warnings.length === 0 || acceptWarnings))
          await this.#commit(report, source);
        return report;
      }
      default:
        return outcome satisfies never;
    }
  }

  async #commit(report: AddReport, source: Source): Promise<void> {
    const { outcome } = report;
    if (outcome.kind === 'refused' || outcome.kind === 'unchanged') return;
    const framework = outcome.framework;
    const addedAt = (this.#options.now?.() ?? new Date()).toISOString();
    await this.#options.saved.putEntry(USER_FRAMEWORKS, framework.id, {
      source: source.text,
      origin: source.origin,
      addedAt,
    });
    await keepModel(this.#options.saved, framework.id, framework);
    this.#frameworks.set(framework.id, framework);
    this.#sources.delete(report.id);
    this.#update(report.id, {
      status: outcome.kind === 'update' ? 'updated' : 'added',
      frameworkId: framework.id,
    });
  }

  #refuse(origin: string, message: string): AddReport {
    return this.#report(
      { text: '', origin },
      {
        kind: 'refused',
        problems: [{ severity: 'error', message, line: null, column: null, field: null }],
      },
      'refused',
    );
  }

  #report(source: Source, outcome: AddOutcome, status: AddReport['status']): AddReport {
    const report: AddReport = { id: this.#nextReport++, origin: source.origin, outcome, status };
    if (status === 'waiting') this.#sources.set(report.id, source);
    this.reports = [report, ...this.reports].slice(0, 20);
    return report;
  }

  #update(id: number, change: Partial<AddReport>): void {
    this.reports = this.reports.map((report) =>
      report.id === id ? { ...report, ...change } : report,
    );
  }
}

function warningOf(message: string): Problem {
  return { severity: 'warning', message, line: null, column: null, field: null };
}
