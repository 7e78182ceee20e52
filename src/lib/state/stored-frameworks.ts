/**
 * The user's frameworks as the library opens them on a page load: from the model kept beside
 * each file (`core/kept-model.ts`) when it is still that file's, so the file is not parsed again
 * and no worker starts; else from the file, parsed, with its model kept for the next load. And
 * one whose id a shipped framework has since taken, moved aside.
 */
import { RENAMED_PREFIX } from '../core/catalogue.ts';
import type { ParseResult } from '../core/framework.ts';
import {
  FRAMEWORK_MODELS,
  FRAMEWORK_OPTIONS,
  USER_FRAMEWORKS,
  type FrameworkOptions,
  type StoredFramework,
} from '../core/library.ts';
import type { KeptModel } from '../core/kept-model.ts';
import type { Framework } from '../core/model.ts';
import type { SavedProgress } from './saved-progress.svelte.ts';

export type Parse = (text: string, origin: string) => Promise<ParseResult>;

/**
 * The framework stored under `id`: `kept` made again when it is the file's (made by this parser
 * from this text and origin), otherwise the file parsed and, when it reads, its model kept. A
 * kept model that storage could not read never reaches here: the store reported it, and the file
 * is parsed. Progress is kept by criterion id, which parsing gives the same, so none is lost.
 */
export function openStored(
  saved: SavedProgress,
  parse: Parse,
  id: string,
  entry: StoredFramework,
  kept: KeptModel | undefined,
): Promise<ParseResult> {
  return keptOrParsed(entry, kept, parse, (framework) => keepModel(saved, id, framework));
}

/**
 * A file as the app reads it on a page load: made again from `kept` when that is the file's
 * model (this parser, this text and origin), otherwise parsed, and its model handed to `keep`.
 */
export async function keptOrParsed(
  file: StoredFramework,
  kept: KeptModel | undefined,
  parse: Parse,
  keep: (framework: Framework) => Promise<void>,
): Promise<ParseResult> {
  if (kept) {
    const { frameworkFromKept } = await import('../core/kept-model.ts');
    const framework = frameworkFromKept(kept, file);
    if (framework) return { ok: true, framework, problems: [] };
  }
  const result = await parse(file.source, file.origin);
  if (result.ok) await keep(result.framework);
  return result;
}

/** Keeps `framework`, just parsed from the file stored under `id`, for the next page load. */
export async function keepModel(
  saved: SavedProgress,
  id: string,
  framework: Framework,
): Promise<void> {
  const { keptModel } = await import('../core/kept-model.ts');
  await saved.putEntry(FRAMEWORK_MODELS, id, keptModel(framework));
}

/**
 * Moves the framework stored under `id`, with its model, progress, settings and `options`, to
 * `yours/<id>`, and gives that id.
 */
export async function moveAside(
  saved: SavedProgress,
  id: string,
  stored: { entry: StoredFramework; framework: Framework; options: FrameworkOptions | undefined },
): Promise<string> {
  const moved = `${RENAMED_PREFIX}${id}`;
  const records = await saved.loadRecords(id);
  const settings = await saved.loadSettings(id);
  await saved.replaceFramework(
    moved,
    records.map((record) => ({ ...record, frameworkId: moved })),
    settings ? { ...settings, frameworkId: moved } : null,
  );
  await saved.putEntry(USER_FRAMEWORKS, moved, stored.entry);
  await keepModel(saved, moved, stored.framework);
  if (stored.options) await saved.putEntry(FRAMEWORK_OPTIONS, moved, stored.options);
  await saved.deleteEntry(USER_FRAMEWORKS, id);
  await saved.deleteEntry(FRAMEWORK_MODELS, id);
  await saved.deleteFrameworkProgress(id);
  return moved;
}
