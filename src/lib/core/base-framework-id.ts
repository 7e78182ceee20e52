/**
 * The id of the base framework: Monzo's frameworks build on a generic one (`path: "/generic"`)
 * whose topics every other framework shares (see base-framework.ts).
 */
export const BASE_FRAMEWORK_ID = 'generic';

/** Prefix of the ids of criteria lent by the base framework, keeping them apart from own ones. */
export const BASE_ID_PREFIX = 'base.';

/**
 * When the shipped frameworks began to show their base's criteria (Monzo's generic merged in).
 * Progress from before it was made on the framework without them: its owner is told once.
 */
export const BASE_MERGE_SINCE = '2026-12-01T00:00:00.000Z';

/**
 * Whether any of `records` is from before the base was merged in, so the person saw the
 * framework without its base's criteria. Ticks made since (a newcomer's) are not: a newcomer has
 * only ever seen it merged and is told nothing.
 */
export function progressBeforeBaseMerge(records: readonly { updatedAt: string }[]): boolean {
  const since = Date.parse(BASE_MERGE_SINCE);
  return records.some((record) => Date.parse(record.updatedAt) < since);
}
