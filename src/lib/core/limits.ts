/**
 * Every input limit of the app, in one place. A framework file, snapshot or backup is refused by
 * its size or shape against these numbers, before or while it is read, never by a timer. The
 * record schemas (`schemas/`) take their bounds from here, so the published JSON Schema states
 * the same numbers.
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
  /** Characters of a reason, evidence or review comment in a snapshot (the evidence box's limit). */
  noteLength: 20_000,
  /** Characters of the `person` a snapshot names. */
  personLength: 200,
  /** Characters of the file name or URL a user's framework came from. */
  originLength: 2_000,
  /** Problems listed for one file; the rest are counted in a last problem. */
  problems: 50,
} as const;

/** How large a snapshot file may be, checked before and while it is read. */
export const SNAPSHOT_LIMITS = {
  /** Bytes of the file (UTF-8): an embedded framework plus every criterion with notes. */
  bytes: 16 * 1024 * 1024,
  /** Entries of `criteria`: as many as a framework may have. */
  criteria: LIMITS.criteria,
  /** Characters of a framework or criterion id. */
  idLength: LIMITS.idLength,
  /** Characters of a topic name, criterion text or framework title. */
  textLength: LIMITS.textLength,
  /** Characters of a reason, evidence or review comment. */
  noteLength: LIMITS.noteLength,
  /** Characters of `person`. */
  personLength: LIMITS.personLength,
  /** Characters of the embedded framework source: as many as bytes of any framework file. */
  sourceBytes: LIMITS.frameworkBytes,
  /** Problems listed for one file; the rest are counted in a last problem. */
  problems: LIMITS.problems,
} as const;

/** How large a backup file may be, checked before and while it is read. */
export const BACKUP_LIMITS = {
  /** Bytes of the file (UTF-8). */
  bytes: 20 * 1024 * 1024,
  /** Frameworks, criterion records and collection entries together. */
  records: 200_000,
  /** Characters of a framework id, criterion id or collection entry key. */
  idLength: LIMITS.idLength,
  /** Nesting depth of a collection entry's value. */
  valueDepth: 64,
  /** Problems listed for one file; the rest are counted in a last problem. */
  problems: LIMITS.problems,
} as const;

/**
 * How much of a framework repository (a folder or a zip of one) is read. Every bound is checked
 * on the sizes the folder or zip states, before a file's bytes are read or inflated.
 */
export const SET_LIMITS = {
  /** Bytes of a zip file. */
  zipBytes: 64 * 1024 * 1024,
  /** Entries of a zip, or files of a folder, of any kind: a repository has images and more. */
  entries: 10_000,
  /** Framework (`.md`) files of one set. */
  files: 500,
  /** Bytes of every framework file of a set together; one file is bounded by `frameworkBytes`. */
  bytes: 16 * 1024 * 1024,
  /** Characters of a set's name. */
  nameLength: 80,
  /** Characters of a file's path inside its set. */
  pathLength: 1_000,
} as const;
