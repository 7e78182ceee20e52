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
   * Markdown syntax characters (ASCII punctuation and line breaks, where micromark spends its
   * time) rendered to HTML for one framework, about text and criteria together; the
   * rest is shown as plain text. Real frameworks use a few hundred.
   */
  markdownSyntax: 10_000,
  /**
   * Markdown syntax characters in one piece rendered at once (a criterion, or a run of
   * paragraphs of the about text); a piece with more is shown as plain text. micromark's time
   * grows faster than linearly in them, so this keeps each piece to a few milliseconds.
   */
  markdownPieceSyntax: 1_000,
  /** Lists and quotes one line of markdown may open, one inside the other. */
  markdownNesting: 8,
  /**
   * Characters of a framework id (from its `path`) or criterion id: checked when a framework is
   * added, and the same bound for links, backups and snapshots, so every backup the app writes
   * can be restored.
   */
  idLength: 200,
  /** Lowest and highest level number a framework may use. */
  minLevel: 0,
  maxLevel: 99,
} as const;
