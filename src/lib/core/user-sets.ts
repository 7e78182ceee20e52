/**
 * The framework sets the user added (a folder or zip of a team's repository), kept in the browser
 * under the set's name. Each set's frameworks get ids of their own, `<set slug>/<framework id>`
 * (`acme-frameworks/engineering/backend`), so two companies' sets, or a set and a framework that
 * ships with the app, never share an id, and so never share progress.
 */
import { defineCollection, type Collection } from './collection.ts';
import type { SetFile } from './framework-set.ts';
import type { KeptModel } from './kept-model.ts';
import { topicSlug } from './ids.ts';
import { LIMITS } from './limits.ts';

/** A set as kept: its name, where it came from, and the text of each framework file added. */
export interface StoredSet {
  name: string;
  /** The folder or zip it was read from. */
  origin: string;
  /** ISO 8601 time it was added or last updated. */
  addedAt: string;
  /** The files that were added, by path in the set (those that could not be read are not kept). */
  files: SetFile[];
}

/** The user's sets, keyed by the slug of their name (`setSlug`). */
export const USER_SETS: Collection<StoredSet> = defineCollection('framework-sets', () =>
  import('./schemas/library.ts').then((module) => module.StoredSetSchema),
);

/**
 * Each framework file of the user's sets as parsed (`kept-model.ts`), keyed by `setModelKey`, so
 * a page load does not parse a set's files again. Derived from them: backups leave it out.
 */
export const SET_MODELS: Collection<KeptModel> = defineCollection('framework-set-models', () =>
  import('./schemas/kept-model.ts').then((module) => module.KeptModelSchema),
);

/** The key of the model of the file at `path` in set `slug` (a slug has no `:`). */
export const setModelKey = (slug: string, path: string): string => `${slug}:${path}`;

/**
 * The key of a set's name, which starts its frameworks' ids: lowercase ASCII letters, digits and
 * `-` (`Acme Frameworks` is `acme-frameworks`). Names with the same slug are the same set, so
 * adding it again updates it.
 */
export function setSlug(name: string): string {
  // `topicSlug` gives `topic` for a name with no letters or digits to keep.
  return /[\p{L}\p{N}]/u.test(name) && /[a-z0-9]/i.test(name.normalize('NFKD'))
    ? topicSlug(name)
    : 'set';
}

/** The id a framework of set `slug` is kept under. */
export function memberId(slug: string, frameworkId: string): string {
  return `${slug}/${frameworkId}`;
}

/** First parts of addresses the app uses itself: a set so named would shadow them. */
const RESERVED = new Set(['yours', 'assets']);

/**
 * Why a set cannot be kept under `slug` beside frameworks with `takenIds` (shipped ones and the
 * user's single files), or null when it can: its frameworks' ids would be theirs.
 */
export function slugRefusal(slug: string, takenIds: Iterable<string>): string | null {
  if (RESERVED.has(slug)) return `the name “${slug}” is one the app uses itself`;
  for (const id of takenIds) {
    if (id.startsWith(`${slug}/`))
      return `its frameworks would take the address of “${id}”, which you already have`;
  }
  return null;
}

/** Whether an id fits the limit on framework ids once the set's slug is in front of it. */
export function fitsIdLimit(slug: string, frameworkId: string): boolean {
  return memberId(slug, frameworkId).length <= LIMITS.idLength;
}
