/**
 * Every input limit of the app, in one place. A framework file or snapshot is refused by its size
 * or shape against these numbers, before or while it is parsed, never by a timer.
 *
 * The numbers leave ample room above the largest real framework (the backend framework has 135
 * criteria, nests 7 deep and uses no YAML aliases).
 */
export const LIMITS = {
  /** Bytes of one framework file (UTF-8). */
  frameworkBytes: 2 * 1024 * 1024,
  /** Nesting depth of YAML collections (mappings and sequences). */
  yamlDepth: 24,
  /** YAML alias nodes (`*name`) in one file. Real frameworks use none. */
  yamlAliases: 100,
  /**
   * YAML nodes visited while reading a file, counting each alias expansion again; stops a
   * small file whose aliases expand to a huge tree (an "alias bomb").
   */
  yamlNodes: 200_000,
  /** Assessable criteria in one framework. */
  criteria: 20_000,
  /** Characters of one criterion, example or title. */
  textLength: 10_000,
  /**
   * Characters of markdown rendered to HTML for one framework (about text, criteria and
   * examples); the rest is shown as plain text. Real frameworks use a few thousand.
   */
  markdownTotal: 50_000,
  /**
   * Characters of one piece of markdown rendered at once (a criterion, or a run of paragraphs
   * of the about text); a longer piece is shown as plain text. Keeps micromark, whose time
   * grows faster than the length of some inputs, to a few milliseconds per piece.
   */
  markdownPiece: 4_000,
  /** Lowest and highest level number a framework may use. */
  minLevel: 0,
  maxLevel: 99,
} as const;
