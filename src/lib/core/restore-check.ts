/**
 * The frameworks a backup would add, checked as adding a file checks it: each source must parse,
 * be kept under its own id (or the `yours/` id a framework moved aside has), and never take the
 * place of a framework the app ships. A backup is made by the app, but it is a file: it may be
 * old, edited or hostile. What fails is left out of the restore and listed; the rest restores.
 */
import { withoutModels, type Backup } from './backup.ts';
import { RENAMED_PREFIX } from './catalogue.ts';
import type { CollectionEntry } from './collection.ts';
import { parseFramework } from './framework.ts';
import { USER_FRAMEWORKS } from './library.ts';
import type { Problem } from './problem.ts';
import { StoredFrameworkSchema } from './schemas/library.ts';
import { check, problem, problemsInLine } from './schemas/read.ts';

export interface CheckedRestore {
  /** The backup without the frameworks left out (and without their per-framework options). */
  backup: Backup;
  /** One problem per framework left out, naming it and saying why. */
  leftOut: Problem[];
}

/**
 * `backup` with only the added frameworks that pass the checks of adding one, and without kept
 * models of them or of sets' files (`withoutModels`): the files are parsed again, as the app
 * would read them.
 */
export function checkRestoredFrameworks(
  restored: Backup,
  shippedIds: readonly string[],
): CheckedRestore {
  const backup = { ...restored, collections: withoutModels(restored.collections) };
  const entries = backup.collections[USER_FRAMEWORKS.name];
  if (!entries || entries.length === 0) return { backup, leftOut: [] };
  const shipped = new Set(shippedIds);
  const leftOut: Problem[] = [];
  const kept: CollectionEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const why = refusal(entry, shipped);
    if (why === null) kept.push(entry);
    else
      leftOut.push(
        problem(
          `The framework kept as “${entry.key}” was left out: ${why}. Its progress, if any, is restored and can be re-attached once you add the framework again.`,
          `collections.${USER_FRAMEWORKS.name}[${index}]`,
        ),
      );
  }
  if (leftOut.length === 0) return { backup, leftOut };
  return {
    backup: { ...backup, collections: { ...backup.collections, [USER_FRAMEWORKS.name]: kept } },
    leftOut,
  };
}

/** Why `entry` cannot be restored as one of the user's frameworks; null when it can. */
function refusal(entry: CollectionEntry, shipped: ReadonlySet<string>): string | null {
  if (shipped.has(entry.key))
    return 'that address belongs to a framework that comes with the app, and restoring it would take its place';
  const stored = check(StoredFrameworkSchema, entry.value, 3);
  if (!stored.ok) return `its entry is not a framework file (${problemsInLine(stored.problems)})`;
  const parsed = parseFramework(stored.value.source, stored.value.origin);
  if (!parsed.ok) {
    const first = parsed.problems.find((found) => found.severity === 'error');
    return `its file does not read as a framework (${first?.message ?? 'it has errors'})`;
  }
  const id = parsed.framework.id;
  if (entry.key !== id && entry.key !== `${RENAMED_PREFIX}${id}`)
    return `its file gives the address “${id}”, not the one it is kept under`;
  return null;
}
