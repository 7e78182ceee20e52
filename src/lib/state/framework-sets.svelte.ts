import { SvelteMap } from 'svelte/reactivity';
import { summarise, type FrameworkSummary } from '../core/catalogue.ts';
import type { ParseResult } from '../core/framework.ts';
import type { KeptModel } from '../core/kept-model.ts';
import type { SetFile, UnreadableFile, SetMember } from '../core/framework-set.ts';
import type { FolderFile, RepositoryRead } from '../core/framework-repository.ts';
import { FRAMEWORK_OPTIONS } from '../core/library.ts';
import type { Framework } from '../core/model.ts';
import type { Problem } from '../core/problem.ts';
import { BASE_FRAMEWORK_ID } from '../core/base-framework-id.ts';
import {
  fitsIdLimit,
  memberId,
  SET_MODELS,
  setModelKey,
  setSlug,
  slugRefusal,
  USER_SETS,
  type StoredSet,
} from '../core/user-sets.ts';
import { forgetLastFramework } from '../storage/last-framework.ts';
import type { SavedProgress } from './saved-progress.svelte.ts';
import { keptOrParsed } from './stored-frameworks.ts';

/** A set the user added, as the app holds it. */
export interface FrameworkSet {
  slug: string;
  name: string;
  origin: string;
  addedAt: string;
  /** Its frameworks as their files say, under their ids in the set (`memberId`). */
  frameworks: Framework[];
  /** Its generic framework (`path: "/generic"`), the base of its other frameworks; or null. */
  base: Framework | null;
  /** Each framework's file text, by id. */
  sources: Map<string, string>;
  /** The paths of its framework files in the set. */
  paths: string[];
}

/** A repository read and checked, waiting for the user to name it and add it. */
export interface PendingSet {
  /** The folder or zip it came from. */
  origin: string;
  /** The name suggested: the folder's or zip's. */
  name: string;
  /** The frameworks that can be added, with the warnings their files gave. */
  members: SetMember[];
  /** Files that cannot be added, with their problems; the rest is added without them. */
  unreadable: UnreadableFile[];
  /** Markdown files left out because they are not framework files (a README). */
  skipped: string[];
  /** Entries ignored because their path leaves the repository. */
  ignored: string[];
  files: SetFile[];
}

/** What the last add did, for the panel to say. */
export interface SetAdded {
  slug: string;
  name: string;
  updated: boolean;
  count: number;
  unreadable: UnreadableFile[];
}

export interface FrameworkSetsOptions {
  saved: SavedProgress;
  parse: (text: string, origin: string) => Promise<ParseResult>;
  /** Ids a set's frameworks must never take: the shipped frameworks' and the user's files'. */
  takenIds: () => Iterable<string>;
  /** Tells the person something found while loading the sets (a file that no longer reads). */
  tell: (message: string) => void;
  now?: () => Date;
}

/**
 * The framework sets the user added: a folder or zip of a team's framework repository, checked as
 * a whole (`checkSet`), named by the user, kept under that name with its frameworks' ids in their
 * own namespace, and updated (adding it again: progress carries over by id) or removed as a whole.
 */
export class FrameworkSets {
  readonly #options: FrameworkSetsOptions;
  readonly #sets = new SvelteMap<string, FrameworkSet>();
  /** A repository waiting for the user's word; null when none is. */
  pending = $state.raw<PendingSet | null>(null);
  /** Why the last folder or zip could not be read; null when it could. */
  refusal = $state<string | null>(null);
  added = $state.raw<SetAdded | null>(null);
  busy = $state(false);

  constructor(options: FrameworkSetsOptions) {
    this.#options = options;
  }

  /**
   * Reads the sets kept in the browser, each file from the model kept of it when that is still
   * the file's (not parsed again); a file that no longer reads is left out and reported.
   */
  async load(): Promise<void> {
    const saved = this.#options.saved;
    const [stored, models] = await Promise.all([
      saved.loadCollection(USER_SETS),
      saved.loadCollection(SET_MODELS),
    ]);
    // Models of files no set holds now (a set removed while a write was on its way).
    const wanted = new Set(
      [...stored].flatMap(([slug, entry]) =>
        entry.files.map((file) => setModelKey(slug, file.path)),
      ),
    );
    for (const key of models.keys()) if (!wanted.has(key)) await saved.deleteEntry(SET_MODELS, key);
    for (const [slug, entry] of stored) {
      const { checkSet } = await import('../core/framework-set.ts');
      const check = await checkSet(entry.files, this.#keptOrParsed(slug, models));
      const { members, unreadable } = withinIdLimit(slug, check.members);
      this.#sets.set(slug, this.#held(slug, entry, members));
      unreadable.push(...check.unreadable);
      for (const file of unreadable)
        this.#options.tell(
          `${file.path} of the set “${entry.name}” no longer reads, so it is left out: ${file.problems[0]?.message ?? ''}`,
        );
    }
  }

  /**
   * Reads a file of set `slug`: made again from its kept model when that is still the file's
   * (this parser, this text and path), otherwise parsed, and its model kept for the next load.
   */
  #keptOrParsed(slug: string, models: ReadonlyMap<string, KeptModel>) {
    return (text: string, path: string): Promise<ParseResult> => {
      const key = setModelKey(slug, path);
      const file = { source: text, origin: path, addedAt: '' };
      return keptOrParsed(file, models.get(key), this.#options.parse, (framework) =>
        this.#keepModel(key, framework),
      );
    };
  }

  async #keepModel(key: string, framework: Framework): Promise<void> {
    const { keptModel } = await import('../core/kept-model.ts');
    await this.#options.saved.putEntry(SET_MODELS, key, keptModel(framework));
  }

  /** The sets, in name order. */
  get list(): FrameworkSet[] {
    return [...this.#sets.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every set's frameworks as the picker lists them, under the set's name. */
  get summaries(): FrameworkSummary[] {
    return this.list.flatMap((set) =>
      set.frameworks.map((framework) => ({ ...summarise(framework), own: true, set: set.name })),
    );
  }

  /** The set holding the framework `id`, if a set does. */
  setOf(id: string): FrameworkSet | undefined {
    const slug = id.split('/')[0] ?? '';
    const set = this.#sets.get(slug);
    return set?.sources.has(id) ? set : undefined;
  }

  framework(id: string): Framework | undefined {
    return this.setOf(id)?.frameworks.find((framework) => framework.id === id);
  }

  /** The base of a set's framework: its set's generic framework (none for the generic itself). */
  baseOf(id: string): Framework | undefined {
    const base = this.setOf(id)?.base;
    return base && base.id !== id ? base : undefined;
  }

  sourceOf(id: string): string | undefined {
    return this.setOf(id)?.sources.get(id);
  }

  /** Every id the sets' frameworks are kept under. */
  get ids(): string[] {
    return this.list.flatMap((set) => [...set.sources.keys()]);
  }

  /** Reads a zip of a framework repository and checks it, to wait in `pending`. */
  async openZip(file: File): Promise<void> {
    await this.#open(file.name, async () => {
      const { readZipFile } = await import('./read-zip.ts');
      return readZipFile(file.name, new Uint8Array(await file.arrayBuffer()));
    });
  }

  /** Reads a folder the user chose (every file under it, as the browser lists it) and checks it. */
  async openFolder(files: readonly File[]): Promise<void> {
    const listed: FolderFile[] = files.map((file) => ({
      name: file.webkitRelativePath || file.name,
      size: file.size,
      bytes: async () => new Uint8Array(await file.arrayBuffer()),
    }));
    const origin = listed[0]?.name.split('/')[0] ?? 'folder';
    await this.#open(origin, async () => {
      const { readFolder } = await import('../core/framework-repository.ts');
      return readFolder(listed);
    });
  }

  /** Why the pending set cannot be kept under `name`, or null when it can. */
  nameRefusal(name: string): string | null {
    const trimmed = name.trim();
    if (trimmed === '') return 'Give the set a name.';
    const why = slugRefusal(setSlug(trimmed), this.#options.takenIds());
    return why === null ? null : `It cannot be called “${trimmed}”: ${why}. Choose another name.`;
  }

  /** The set a name would update (names with the same slug are one set), if there is one. */
  existing(name: string): FrameworkSet | undefined {
    return this.#sets.get(setSlug(name.trim()));
  }

  /**
   * Adds the pending set under `name`, or updates the set of that name: its frameworks are
   * replaced, and progress carries over by framework and criterion id. Progress on a framework
   * the new version no longer has is kept (adding it back finds it). Does nothing for a name
   * `nameRefusal` refuses.
   */
  async add(name: string): Promise<void> {
    const pending = this.pending;
    if (!pending || this.nameRefusal(name) !== null) return;
    const slug = setSlug(name.trim());
    const { members, unreadable } = withinIdLimit(slug, pending.members);
    // Nothing that can be added (the refusal says so): no empty set is kept.
    if (members.length === 0) return;
    const wanted = new Set(members.map((member) => member.path));
    const entry: StoredSet = {
      name: name.trim(),
      origin: pending.origin,
      addedAt: (this.#options.now?.() ?? new Date()).toISOString(),
      files: pending.files.filter((file) => wanted.has(file.path)),
    };
    await this.#options.saved.putEntry(USER_SETS, slug, entry);
    // The models of its files, as just parsed: those of a version it replaces go.
    for (const path of this.#sets.get(slug)?.paths ?? [])
      if (!wanted.has(path))
        await this.#options.saved.deleteEntry(SET_MODELS, setModelKey(slug, path));
    for (const member of members)
      await this.#keepModel(setModelKey(slug, member.path), member.framework);
    const updated = this.#sets.has(slug);
    this.#sets.set(slug, this.#held(slug, entry, members));
    this.pending = null;
    this.added = {
      slug,
      name: entry.name,
      updated,
      count: members.length,
      unreadable: [...pending.unreadable, ...unreadable],
    };
  }

  /** Leaves the pending set out. */
  cancel(): void {
    this.pending = null;
  }

  /**
   * Removes a set and the progress on its frameworks, as removing a single framework does.
   */
  async remove(slug: string): Promise<void> {
    const set = this.#sets.get(slug);
    if (!set) return;
    const saved = this.#options.saved;
    await saved.deleteEntry(USER_SETS, slug);
    for (const path of set.paths) await saved.deleteEntry(SET_MODELS, setModelKey(slug, path));
    for (const id of set.sources.keys()) {
      await saved.deleteEntry(FRAMEWORK_OPTIONS, id);
      await saved.deleteFrameworkProgress(id);
      forgetLastFramework(id);
    }
    this.#sets.delete(slug);
    if (this.added?.slug === slug) this.added = null;
  }

  async #open(origin: string, read: () => Promise<RepositoryRead>): Promise<void> {
    this.busy = true;
    this.refusal = null;
    this.added = null;
    this.pending = null;
    try {
      const result = await read();
      if (!result.ok) {
        this.refusal = result.message;
        return;
      }
      const { checkSet } = await import('../core/framework-set.ts');
      const check = await checkSet(result.files, this.#options.parse);
      // A file read as Windows-1252 says so first, as a single file's report does.
      const members = check.members.map((member) => {
        const warning = result.decodingWarnings.get(member.path);
        return warning === undefined
          ? member
          : { ...member, warnings: [decodingWarning(warning), ...member.warnings] };
      });
      this.pending = {
        origin,
        name: result.name,
        members,
        unreadable: [...result.unreadable, ...check.unreadable],
        skipped: check.skipped,
        ignored: result.ignored,
        files: result.files,
      };
      if (check.members.length === 0)
        this.refusal = `${origin} has no framework file that can be added.`;
    } finally {
      this.busy = false;
    }
  }

  #held(slug: string, entry: StoredSet, members: SetMember[]): FrameworkSet {
    const frameworks = members.map((member) => ({
      ...member.framework,
      id: memberId(slug, member.framework.id),
      origin: `${entry.origin}/${member.path}`,
    }));
    const sources = new Map(
      members.map((member, index) => [
        frameworks[index]!.id,
        entry.files.find((file) => file.path === member.path)?.text ?? '',
      ]),
    );
    const base = frameworks.find((framework) => framework.id === memberId(slug, BASE_FRAMEWORK_ID));
    const { name, origin, addedAt } = entry;
    const paths = members.map((member) => member.path);
    return { slug, name, origin, addedAt, frameworks, base: base ?? null, sources, paths };
  }
}

/** The members whose ids fit the id limit inside set `slug`; the others as unreadable. */
function withinIdLimit(slug: string, checked: readonly SetMember[]) {
  const members: SetMember[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const member of checked) {
    if (fitsIdLimit(slug, member.framework.id)) members.push(member);
    else unreadable.push({ path: member.path, problems: [idTooLong(member.framework.id)] });
  }
  return { members, unreadable };
}

function decodingWarning(message: string): Problem {
  return { severity: 'warning', message, line: null, column: null, field: null };
}

function idTooLong(id: string): Problem {
  return {
    severity: 'error',
    message: `The framework id "${id}" is too long to keep in a set; give it a shorter "path".`,
    line: null,
    column: null,
    field: 'path',
  };
}
