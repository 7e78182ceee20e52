/**
 * The framework model every other part of the app reads. Built only by `parseFramework`; plain
 * data (JSON-serialisable), so the build can ship it to the browser as is.
 */

/** One behaviour an engineer can demonstrate: the unit of assessment. */
export interface Criterion {
  /**
   * Stable id: `<topic slug>.<level>.<hash>` with `.<n>` added for the n-th repeat of the same
   * text in the same topic and level; see `criterionIds`.
   */
  id: string;
  /** The topic's `name`. */
  topic: string;
  level: number;
  /** The criterion's text as the file has it (trimmed, mojibake repaired). */
  text: string;
  /** Safe HTML of `text` when it holds markdown (links, emphasis); absent for plain text. */
  html?: string;
  /** Supporting examples (from `exampleCriteria`), shown with the criterion. */
  examples: string[];
  /** 1-based line of the criterion in the file. */
  line: number;
  /** Set when it comes from `exampleCriteria` (which a base framework does not lend). */
  fromExamples?: true;
  /** Set when it comes from the base (generic) framework, merged into this one. */
  fromBase?: true;
}

export interface TopicLevel {
  level: number;
  criteria: Criterion[];
}

export interface Topic {
  /** The topic's `name` as written: the key progress and ids are attached to. */
  name: string;
  /** What to show: `title`, else a readable form of the name before any colon. */
  title: string;
  /** The part of a `name` after its colon, when the title was derived from the name. */
  subtitle: string | null;
  description: string | null;
  /** Only the levels where this topic has criteria, ascending. */
  levels: TopicLevel[];
}

/** The base framework merged into a framework, named for the people told about it. */
export interface BaseInfo {
  id: string;
  title: string;
  /** How many criteria it lent. */
  lent: number;
}

export type FrameworkShape = 'levelled' | 'prose';

export interface Framework {
  /** From `path` (`engineering/backend`), else from the file name; safe to use in a URL path. */
  id: string;
  /** Where the text came from: a file path, file name or URL. */
  origin: string;
  title: string;
  sidebarTitle: string | null;
  /** `sidebarGroup`: frameworks are listed by group. */
  group: string | null;
  homepage: boolean | null;
  shape: FrameworkShape;
  /** The `levels` the file declares, which may disagree with its content. */
  declaredLevels: number | null;
  /** The levels the content actually has, ascending. */
  levels: number[];
  topics: Topic[];
  /** The markdown body (for prose files, the part before the level sections). */
  about: string;
  /** `about` rendered to safe HTML: raw HTML escaped, unsafe link targets dropped. */
  aboutHtml: string;
  /** SHA-256 (hex) of the normalised source: same framework, same hash, whatever line endings. */
  sourceHash: string;
  criterionCount: number;
  /**
   * Set when a base (generic) framework is merged in: which one, and how many criteria it lent.
   * Absent for a framework shown as its file says.
   */
  base?: BaseInfo;
  /** Front matter keys this version of the app does not know, kept as written. */
  extra: Record<string, unknown>;
}

/** Every criterion of a framework, in reading order (topic by topic, level by level). */
export function allCriteria(framework: Framework): Criterion[] {
  return framework.topics.flatMap((topic) => topic.levels.flatMap((level) => level.criteria));
}
