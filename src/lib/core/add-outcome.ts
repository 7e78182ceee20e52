import type { ParseResult } from './framework.ts';
import type { Framework } from './model.ts';
import type { Problem } from './problem.ts';

/** What adding a parsed file would do. */
export type AddOutcome =
  /** The file has errors: it is not added and nothing changes. */
  | { kind: 'refused'; problems: Problem[] }
  /** A framework the app does not have yet. */
  | { kind: 'new'; framework: Framework; warnings: Problem[] }
  /** A new version of a framework the user added before: progress carries over by criterion id. */
  | { kind: 'update'; framework: Framework; warnings: Problem[]; previous: Framework }
  /** The same content as the version the user has: nothing changes. */
  | { kind: 'unchanged'; framework: Framework }
  /** Its id is one of the frameworks that ship with the app; it is kept under `id` instead. */
  | { kind: 'renamed'; framework: Framework; warnings: Problem[]; shippedId: string };

export { RENAMED_PREFIX } from './catalogue.ts';
import { RENAMED_PREFIX } from './catalogue.ts';

/**
 * Decides what adding a parsed framework file does, given the ids of the shipped frameworks and
 * the user's frameworks as they are now (parsed). Never throws.
 */
export function addOutcome(
  result: ParseResult,
  shippedIds: ReadonlySet<string>,
  userFrameworks: ReadonlyMap<string, Framework>,
): AddOutcome {
  if (!result.ok) return { kind: 'refused', problems: result.problems };
  let framework = result.framework;
  const warnings = result.problems;
  let shippedId: string | null = null;
  if (shippedIds.has(framework.id)) {
    shippedId = framework.id;
    framework = { ...framework, id: `${RENAMED_PREFIX}${framework.id}` };
  }
  const previous = userFrameworks.get(framework.id);
  if (previous) {
    if (previous.sourceHash === framework.sourceHash)
      return { kind: 'unchanged', framework: previous };
    return { kind: 'update', framework, warnings, previous };
  }
  if (shippedId !== null) return { kind: 'renamed', framework, warnings, shippedId };
  return { kind: 'new', framework, warnings };
}
