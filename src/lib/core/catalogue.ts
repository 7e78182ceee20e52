import type { BaseInfo, Framework } from './model.ts';

/** Prefix given to a user framework whose id a shipped framework already has. */
export const RENAMED_PREFIX = 'yours/';

/** What the framework picker needs to know of a framework, without its criteria. */
export interface FrameworkSummary {
  id: string;
  title: string;
  sidebarTitle: string | null;
  group: string | null;
  levels: number[];
  criterionCount: number;
  /** The base framework merged into it, if any. */
  base?: BaseInfo;
  /** True for a framework the user added (not shipped with the app). */
  own?: boolean;
  /** For a framework of a set the user added (a folder or zip), the set's name. */
  set?: string;
}

export function summarise(framework: Framework): FrameworkSummary {
  return {
    id: framework.id,
    title: framework.title,
    sidebarTitle: framework.sidebarTitle,
    group: framework.group,
    levels: framework.levels,
    criterionCount: framework.criterionCount,
    ...(framework.base ? { base: framework.base } : {}),
  };
}

/** The order of Monzo's sidebar: these groups first, then any other, then the ungrouped. */
const GROUP_ORDER = ['engineering', 'design', 'operations'];

/** One heading of the picker and the frameworks under it. */
export interface CatalogueGroup {
  /** Unique among the groups (a set may be named like a shipped group). */
  key: string;
  /** The `sidebarGroup`, a set's name for a set the user added, or null for ungrouped ones. */
  group: string | null;
  /** The heading shown: the group with a capital letter, "Yours" for the user's single files. */
  label: string;
  frameworks: FrameworkSummary[];
}

/** The name a framework is listed by: its `sidebarTitle`, else its title. */
export function listedTitle(summary: FrameworkSummary): string {
  return summary.sidebarTitle ?? summary.title;
}

/**
 * Lower-case letters, digits, spaces and hyphens: for strings made only of these, comparing code
 * units orders them as the locale's collation does (space before hyphen before digits before
 * letters, a to z), so the comparison needs no collator.
 */
const PLAIN = /^[a-z0-9 -]*$/;

/**
 * `a.localeCompare(b)`, without the collator where code units give the same order. The first
 * `localeCompare` of a page builds a collator: some 20 ms on a laptop and 70 ms on a slow phone,
 * in the task that starts the app, for a picker whose shipped titles are all plain.
 */
export function compareTitles(a: string, b: string): number {
  if (PLAIN.test(a) && PLAIN.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}

/** A title without its leading emoji and spaces, so `🛠️ Backend` sorts under B. */
const sortKey = (summary: FrameworkSummary) =>
  listedTitle(summary)
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .toLocaleLowerCase();

const rank = (group: string | null, own: boolean) => {
  if (own) return GROUP_ORDER.length + (group === null ? 3 : 2);
  if (group === null) return GROUP_ORDER.length + 1;
  const known = GROUP_ORDER.indexOf(group);
  return known === -1 ? GROUP_ORDER.length : known;
};

/**
 * Frameworks grouped as Monzo's sidebar groups them: engineering, design, operations, any other
 * `sidebarGroup`, the ungrouped ones, then the user's own (each set under its name, single files
 * under "Yours"). Each group is sorted by listed title, ignoring leading emoji.
 */
export function groupCatalogue(summaries: readonly FrameworkSummary[]): CatalogueGroup[] {
  const groups = new Map<string, CatalogueGroup & { rank: number }>();
  for (const summary of summaries) {
    const own = summary.own === true;
    const group = own ? (summary.set ?? null) : summary.group;
    const key = `${own ? 'own' : 'shipped'}:${group ?? ''}`;
    let entry = groups.get(key);
    if (!entry) {
      const label = own && group === null ? 'Yours' : group === null ? 'More frameworks' : group;
      entry = {
        key,
        group,
        label: label.charAt(0).toLocaleUpperCase() + label.slice(1),
        frameworks: [],
        rank: rank(group, own),
      };
      groups.set(key, entry);
    }
    entry.frameworks.push(summary);
  }
  return [...groups.values()]
    .sort((a, b) => a.rank - b.rank || compareTitles(a.label, b.label))
    .map(({ key, group, label, frameworks }) => ({
      key,
      group,
      label,
      frameworks: frameworks.sort((a, b) => compareTitles(sortKey(a), sortKey(b))),
    }));
}
