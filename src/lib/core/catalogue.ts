import type { Framework } from './model.ts';

/** What the framework picker needs to know of a framework, without its criteria. */
export interface FrameworkSummary {
  id: string;
  title: string;
  sidebarTitle: string | null;
  group: string | null;
  levels: number[];
  criterionCount: number;
  /** True for a framework the user added (not shipped with the app). */
  own?: boolean;
}

export function summarise(framework: Framework): FrameworkSummary {
  return {
    id: framework.id,
    title: framework.title,
    sidebarTitle: framework.sidebarTitle,
    group: framework.group,
    levels: framework.levels,
    criterionCount: framework.criterionCount,
  };
}

/** Frameworks grouped by `sidebarGroup` (ungrouped last), each group sorted by title. */
export function groupCatalogue(
  summaries: readonly FrameworkSummary[],
): { group: string | null; frameworks: FrameworkSummary[] }[] {
  const groups = new Map<string | null, FrameworkSummary[]>();
  for (const summary of summaries) {
    const list = groups.get(summary.group) ?? [];
    list.push(summary);
    groups.set(summary.group, list);
  }
  return [...groups]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([group, frameworks]) => ({
      group,
      frameworks: frameworks.sort((a, b) => a.title.localeCompare(b.title)),
    }));
}
