/**
 * `parseFramework`: framework file text in, `Framework` model or located problems out.
 *
 * A file is markdown with YAML front matter in Monzo's progression-framework format. Two shapes:
 * levelled (`yaml: true`: `topics` -> `content` -> `level` -> `criteria` / `exampleCriteria` in
 * the front matter, the body is an about text) and prose (`yaml: false`: `## Level N` sections
 * in the body, each with `### Topic` paragraphs, every paragraph one criterion).
 */
import { criterionId } from './ids.ts';
import { LIMITS } from './limits.ts';
import {
  inlineMarkdownToSafeHtml,
  markdownBudget,
  markdownToSafeHtml,
  type MarkdownBudget,
} from './markdown.ts';
import type { Criterion, Framework, FrameworkShape, Topic, TopicLevel } from './model.ts';
import { hasErrors, type Problem, type Severity } from './problem.ts';
import { parseProse } from './prose.ts';
import { normaliseSource, normaliseText } from './source.ts';
import { sha256Hex } from './hash.ts';
import { lineIndex, readYaml, type FieldPath, type YamlDocument } from './yaml.ts';

export type ParseResult =
  { ok: true; framework: Framework; problems: Problem[] } | { ok: false; problems: Problem[] };

/** Front matter keys this version reads; any other key is kept in `Framework.extra`. */
const KNOWN_KEYS = new Set([
  'path',
  'title',
  'sidebarTitle',
  'sidebarGroup',
  'yaml',
  'levels',
  'homepage',
  'topics',
]);
const TOPIC_KEYS = new Set(['name', 'title', 'description', 'content']);
const LEVEL_KEYS = new Set(['level', 'criteria', 'exampleCriteria']);
const EXAMPLE_KEYS = new Set(['criteria', 'examples']);

/** Thrown when the input passes a limit; `parseFramework` turns it into an error problem. */
class TooLarge extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

/** A criterion as read, before ids are given. */
export interface CriterionDraft {
  topic: string;
  level: number;
  text: string;
  examples: string[];
  line: number;
  /** True for the `criteria` of an `exampleCriteria` entry. */
  fromExamples?: boolean;
}

/** A topic as read: its criteria by level, in file order. */
export interface TopicDraft {
  name: string;
  /** 1-based line of the topic in the file. */
  line: number | null;
  title: string | null;
  description: string | null;
  criteria: CriterionDraft[];
}

/**
 * Parses a framework file. `origin` names it in messages and gives its id when it has no `path`.
 *
 * Never throws, whatever the input: a file that cannot be used gives `ok: false` with every
 * error found (and any warnings); a usable one gives the framework with its warnings. Problems
 * are in file order and carry the 1-based line and column in the text as given, and the field
 * path.
 */
export function parseFramework(text: string, origin: string): ParseResult {
  const problems: Problem[] = [];
  let framework: Framework | null = null;
  try {
    framework = parse(text, origin, problems);
  } catch (error) {
    const tooLarge = error instanceof TooLarge;
    const message = tooLarge
      ? error.message
      : `The file could not be read (${error instanceof Error ? error.message : String(error)}).`;
    const line = tooLarge ? error.line : null;
    problems.push({ severity: 'error', message, line, column: null, field: null });
  }
  problems.sort(byPosition);
  if (framework && !hasErrors(problems)) return { ok: true, framework, problems };
  return { ok: false, problems };
}

function byPosition(a: Problem, b: Problem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

function parse(raw: string, origin: string, problems: Problem[]): Framework | null {
  const report = (
    severity: Severity,
    message: string,
    line: number | null = null,
    column: number | null = null,
    field: string | null = null,
  ) => problems.push({ severity, message, line, column, field });

  if (raw.length > LIMITS.frameworkBytes || utf8Length(raw) > LIMITS.frameworkBytes) {
    report(
      'error',
      `The file is larger than ${LIMITS.frameworkBytes / 1024 / 1024} MB; a framework file is far smaller.`,
    );
    return null;
  }
  const { text, repairs } = normaliseSource(raw);
  const first = repairs[0];
  if (first) {
    report(
      'warning',
      `The text was mis-decoded (UTF-8 read as Mac Roman) and has been repaired in ${repairs.length} place${repairs.length === 1 ? '' : 's'}, e.g. "${first.before}" to "${first.after}". Save the file as UTF-8 to fix it for good.`,
      first.line,
    );
  }
  const parts = splitFrontMatter(text);
  if ('message' in parts) {
    report('error', parts.message, parts.line, 1);
    return null;
  }
  const parsed = readYaml(parts.yaml);
  const yamlPosition = lineIndex(parts.yaml);
  const fileLine = (line: number) => line + parts.yamlLine - 1;
  if (!parsed.ok) {
    const at = parsed.offset === null ? null : yamlPosition(parsed.offset);
    report('error', parsed.message, fileLine(at?.line ?? 1), at?.column ?? null);
    return null;
  }
  const front = parsed.document.value;
  if (!isRecord(front)) {
    const message =
      front === null
        ? 'The front matter is empty.'
        : 'The front matter must be a set of "key: value" fields.';
    report('error', message, parts.yamlLine, 1);
    return null;
  }
  const locate = (path: FieldPath, key = false) => {
    const position = yamlPosition(parsed.document.offsetOf(path, key));
    return { line: fileLine(position.line), column: position.column };
  };
  const read = new FieldReader(parsed.document, locate, problems);
  const header = readHeader(read, front, origin);
  const content = readContent(read, front, header.yaml, parts, problems);
  const framework = assemble(origin, header, content, problems, text);
  if (framework.criterionCount === 0) {
    if (!hasErrors(problems)) report('warning', nothingToAssess(content.shape), 1, 1);
  } else if (
    header.declaredLevels !== null &&
    !sameLevels(header.declaredLevels, framework.levels)
  ) {
    read.warn(
      ['levels'],
      `The file declares ${header.declaredLevels} levels, but its criteria are at levels ${describeLevels(framework.levels)}; the levels that have criteria are used.`,
    );
  }
  return hasErrors(problems) ? null : framework;
}

/** The parts of a framework file: its YAML front matter and its markdown body, with their lines. */
interface FileParts {
  yaml: string;
  /** 1-based line of the first YAML line in the file. */
  yamlLine: number;
  body: string;
  bodyLine: number;
}

/**
 * Splits normalised file text at its `---` lines (blank lines before the first, spaces after
 * either, and nothing at all after the second are allowed). Gives a message and line when the
 * file has no front matter or it is not closed.
 */
function splitFrontMatter(text: string): FileParts | { message: string; line: number } {
  const opening = /^(?:[ \t]*\n)*---[ \t]*\n/.exec(text);
  if (!opening) {
    return {
      message:
        'The file has no front matter: a framework file starts with a line "---", then YAML, then another "---".',
      line: 1,
    };
  }
  const yamlStart = opening[0].length;
  const closing = /^---[ \t]*$/m.exec(text.slice(yamlStart));
  if (!closing) {
    return {
      message: 'The front matter is not closed: add a line "---" after the YAML.',
      line: lineOf(text, yamlStart) - 1,
    };
  }
  const bodyStart = Math.min(yamlStart + closing.index + closing[0].length + 1, text.length);
  return {
    yaml: text.slice(yamlStart, yamlStart + closing.index),
    yamlLine: lineOf(text, yamlStart),
    body: text.slice(bodyStart),
    bodyLine: lineOf(text, bodyStart),
  };
}

/** The framework's own fields from the front matter. */
interface Header {
  id: string;
  title: string;
  sidebarTitle: string | null;
  group: string | null;
  homepage: boolean | null;
  /** The `yaml` flag: false for a prose file, null when not given. */
  yaml: boolean | null;
  declaredLevels: number | null;
  extra: Record<string, unknown>;
}

/**
 * Reads the framework's fields, warning about wrong types, a path unfit for a link and a missing
 * title (the id is shown instead). Unknown keys go to `extra`.
 */
function readHeader(read: FieldReader, front: Record<string, unknown>, origin: string): Header {
  const path = read.optionalString(['path']);
  const id = frameworkId(path, origin);
  if (id.length > LIMITS.idLength) {
    // Links, the picker and backups all carry the id: a longer one could not be restored.
    read.error(
      ['path'],
      path === null
        ? `The file name gives the framework an id of ${id.length} characters; an id may have at most ${LIMITS.idLength}. Give it a shorter "path".`
        : `The path gives the framework an id of ${id.length} characters; an id may have at most ${LIMITS.idLength}.`,
    );
  }
  if (path !== null && id !== path.replace(/^\/+|\/+$/g, '').toLowerCase()) {
    read.warn(
      ['path'],
      `The path "${path}" has characters that cannot be used in a link; the framework's id is "${id}".`,
    );
  }
  const title = read.optionalString(['title']);
  if (title === null && isBlank(front['title'])) {
    read.warn(['title'], `The framework has no title; it is shown as "${id}".`, true);
  }
  return {
    id,
    title: normaliseText(title ?? id),
    sidebarTitle: read.optionalString(['sidebarTitle']),
    group: read.optionalString(['sidebarGroup']),
    homepage: read.optionalBoolean(['homepage']),
    yaml: read.optionalBoolean(['yaml']),
    declaredLevels: read.optionalLevel(['levels']),
    extra: read.copyFields(front, [], KNOWN_KEYS),
  };
}

/** The topics of either shape, and the about text. */
interface Content {
  shape: FrameworkShape;
  topics: TopicDraft[];
  about: string;
  /** 1-based line where the about text starts in the file. */
  aboutLine: number;
}

/**
 * Reads the topics: from the front matter for a levelled file, from the `## Level N` sections of
 * the body for a prose file (`yaml: false`, or no `yaml` flag and no topics).
 */
function readContent(
  read: FieldReader,
  front: Record<string, unknown>,
  yamlFlag: boolean | null,
  parts: FileParts,
  problems: Problem[],
): Content {
  // An empty `topics:` still says where the criteria were meant to be: the front matter.
  const hasTopics = Object.hasOwn(front, 'topics');
  if (yamlFlag === true || (yamlFlag === null && hasTopics)) {
    return {
      shape: 'levelled',
      topics: read.topics(),
      about: parts.body,
      aboutLine: parts.bodyLine,
    };
  }
  if (hasTopics && front['topics'] !== null) {
    read.warn(
      ['topics'],
      'The file says "yaml: false", so its topics are ignored and its "## Level N" sections are read instead.',
      true,
    );
  }
  const prose = parseProse(parts.body, parts.bodyLine);
  problems.push(...prose.problems);
  return { shape: 'prose', topics: prose.topics, about: prose.about, aboutLine: parts.bodyLine };
}

/** The framework from what was read: topics built, about text rendered, levels and counts. */
function assemble(
  origin: string,
  header: Header,
  content: Content,
  problems: Problem[],
  text: string,
): Framework {
  const markdown = markdownBudget();
  const about = content.about.trim();
  const aboutHtml = markdownToSafeHtml(about, markdown);
  if (markdown.plain > 0) {
    problems.push({
      severity: 'warning',
      message: `The about text is ${UNFORMATTED}`,
      line: content.aboutLine,
      column: 1,
      field: null,
    });
  }
  const topics = buildTopics(content.topics, problems, markdown);
  const levels = [...new Set(topics.flatMap((topic) => topic.levels.map(({ level }) => level)))];
  return {
    id: header.id,
    origin,
    title: header.title,
    sidebarTitle: header.sidebarTitle,
    group: header.group,
    homepage: header.homepage,
    shape: content.shape,
    declaredLevels: header.declaredLevels,
    levels: levels.sort((a, b) => a - b),
    topics,
    about,
    aboutHtml,
    sourceHash: sha256Hex(text),
    criterionCount: topics.reduce(
      (sum, topic) => sum + topic.levels.reduce((n, level) => n + level.criteria.length, 0),
      0,
    ),
    extra: header.extra,
  };
}

function nothingToAssess(shape: FrameworkShape): string {
  return shape === 'prose'
    ? 'The file has no "## Level N" sections with "### Topic" paragraphs, so there is nothing to assess.'
    : 'The framework has no criteria, so there is nothing to assess.';
}

const UNFORMATTED = `shown as plain text, without links or formatting: the app formats at most ${LIMITS.markdownPieceSyntax.toLocaleString('en')} markdown symbols (punctuation and line breaks) at a time, ${LIMITS.markdownSyntax.toLocaleString('en')} in one framework, and lists or quotes nested at most ${LIMITS.markdownNesting} deep.`;

/** Reads typed fields from the front matter, reporting each wrong one at its position. */
class FieldReader {
  /** Values visited and criteria read so far, against `LIMITS`. */
  private readonly budget = { nodes: 0, criteria: 0 };

  constructor(
    private readonly doc: YamlDocument,
    private readonly locate: (path: FieldPath, key?: boolean) => { line: number; column: number },
    private readonly problems: Problem[],
  ) {}

  private at(path: FieldPath, severity: Severity, message: string, key = false) {
    const { line, column } = this.locate(path, key);
    this.problems.push({ severity, message, line, column, field: formatPath(path) });
  }

  /** An error at the field: the file cannot be used. */
  error(path: FieldPath, message: string) {
    this.at(path, 'error', message);
  }

  /** A warning at the field (its key with `key`). */
  warn(path: FieldPath, message: string, key = false) {
    this.at(path, 'warning', message, key);
  }

  private value(path: FieldPath): unknown {
    let value: unknown = this.doc.value;
    for (const segment of path) {
      if (typeof segment === 'number') value = Array.isArray(value) ? value[segment] : undefined;
      else value = isRecord(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
    }
    return value;
  }

  private spend(count: number, path: FieldPath) {
    this.budget.nodes += count;
    if (this.budget.nodes > LIMITS.yamlNodes) {
      throw new TooLarge(
        `The YAML expands to more than ${LIMITS.yamlNodes.toLocaleString('en')} values (through aliases or sheer size); a framework needs far fewer.`,
        this.locate(path).line,
      );
    }
  }

  /**
   * A text field: a string, trimmed (numbers and booleans are taken as text), or null when the
   * field is missing, empty or blank. Another type gives a problem of `severity` and null.
   */
  optionalString(path: FieldPath, severity: Severity = 'warning'): string | null {
    const value = this.value(path);
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') {
      this.at(
        path,
        severity,
        `${fieldName(path)} should be text, but is ${describe(value)}${severity === 'warning' ? '; it is ignored' : ''}.`,
      );
      return null;
    }
    return this.text(value, path);
  }

  private text(value: string, path: FieldPath): string | null {
    if (value.length > LIMITS.textLength) {
      this.at(
        path,
        'error',
        `This text is longer than ${LIMITS.textLength.toLocaleString('en')} characters.`,
      );
      return null;
    }
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }

  /** `true` or `false`, else null; another type is warned about. */
  optionalBoolean(path: FieldPath): boolean | null {
    const value = this.value(path);
    if (value === undefined || value === null) return null;
    if (typeof value === 'boolean') return value;
    this.at(
      path,
      'warning',
      `${fieldName(path)} should be true or false, but is ${describe(value)}; it is ignored.`,
    );
    return null;
  }

  /**
   * A level number (a whole number within the limits, also when quoted as `"2"`), else null;
   * anything else gives a problem of `severity`.
   */
  optionalLevel(path: FieldPath, severity: Severity = 'warning'): number | null {
    const value = this.value(path);
    if (value === undefined || value === null) return null;
    const number =
      typeof value === 'string' && /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : value;
    if (
      typeof number === 'number' &&
      Number.isInteger(number) &&
      number >= LIMITS.minLevel &&
      number <= LIMITS.maxLevel
    )
      return number;
    this.at(
      path,
      severity,
      `${fieldName(path)} should be a whole number from ${LIMITS.minLevel} to ${LIMITS.maxLevel}, but is ${describe(value)}${severity === 'warning' ? '; it is ignored' : ''}.`,
    );
    return null;
  }

  private list(path: FieldPath, what: string): unknown[] | null {
    const value = this.value(path);
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) {
      this.at(
        path,
        'error',
        `"${what}" should be a list (lines starting with "- "), but is ${describe(value)}.`,
      );
      return null;
    }
    this.spend(value.length, path);
    return value;
  }

  private warnUnknownKeys(
    path: FieldPath,
    value: Record<string, unknown>,
    known: ReadonlySet<string>,
    where: string,
  ) {
    for (const key of Object.keys(value)) {
      if (!known.has(key))
        this.at(
          [...path, key],
          'warning',
          `Unknown field "${key}" in ${where} is ignored (expected ${[...known].join(', ')}).`,
          true,
        );
    }
  }

  topics(): TopicDraft[] {
    const list = this.list(['topics'], 'topics') ?? [];
    const drafts: TopicDraft[] = [];
    list.forEach((topic, index) => {
      const path = ['topics', index];
      if (!isRecord(topic)) {
        this.at(
          path,
          'error',
          `Each topic should be a set of fields (name, title, content), but topic ${index + 1} is ${describe(topic)}.`,
        );
        return;
      }
      this.warnUnknownKeys(path, topic, TOPIC_KEYS, 'a topic');
      const name =
        this.optionalString([...path, 'name'], 'error') ?? this.optionalString([...path, 'title']);
      if (name === null) {
        if (isBlank(topic['name']) && isBlank(topic['title']))
          this.at(path, 'error', `Topic ${index + 1} has no name.`);
        return;
      }
      const draft: TopicDraft = {
        name: normaliseText(name),
        line: this.locate(path).line,
        title: this.optionalString([...path, 'title']),
        description: this.optionalString([...path, 'description']),
        criteria: [],
      };
      const content = this.list([...path, 'content'], 'content');
      if (isEmptyList(topic['content'])) {
        this.at(
          [...path, 'name'],
          'warning',
          `Topic "${draft.name}" has no content, so it has nothing to assess.`,
        );
      }
      (content ?? []).forEach((entry, entryIndex) =>
        this.levelEntry(draft, [...path, 'content', entryIndex], entry),
      );
      drafts.push(draft);
    });
    return drafts;
  }

  /** One `content` entry: a level with `criteria` and `exampleCriteria`, each checked. */
  private levelEntry(topic: TopicDraft, path: FieldPath, entry: unknown) {
    if (!isRecord(entry)) {
      this.at(
        path,
        'error',
        `Each content entry should have a "level" and "criteria", but this one is ${describe(entry)}.`,
      );
      return;
    }
    this.warnUnknownKeys(path, entry, LEVEL_KEYS, 'a level');
    const level = this.optionalLevel([...path, 'level'], 'error');
    if (level === null && (entry['level'] === undefined || entry['level'] === null)) {
      this.at(path, 'error', `A content entry of topic "${topic.name}" has no "level".`);
    }
    // Read on when the level is wrong, so problems in the criteria are reported too.
    const criteria = this.list([...path, 'criteria'], 'criteria') ?? [];
    criteria.forEach((_, index) => {
      const criterionPath = [...path, 'criteria', index];
      const text = this.criterionText(criterionPath);
      if (text !== null && level !== null) this.add(topic, level, text, criterionPath);
    });
    const examples = this.list([...path, 'exampleCriteria'], 'exampleCriteria') ?? [];
    examples.forEach((example, index) =>
      this.exampleCriterion(topic, level, [...path, 'exampleCriteria', index], example),
    );
    if (level !== null && isEmptyList(entry['criteria']) && isEmptyList(entry['exampleCriteria'])) {
      this.at(
        [...path, 'level'],
        'warning',
        `Level ${level} of topic "${topic.name}" has no criteria.`,
      );
    }
  }

  /** One `exampleCriteria` entry: its `criteria` is a criterion, its `examples` go with it. */
  private exampleCriterion(
    topic: TopicDraft,
    level: number | null,
    path: FieldPath,
    example: unknown,
  ) {
    if (!isRecord(example)) {
      this.at(
        path,
        'error',
        `Each entry of "exampleCriteria" should have "criteria" and "examples", but this one is ${describe(example)}.`,
      );
      return;
    }
    this.warnUnknownKeys(path, example, EXAMPLE_KEYS, 'an example criterion');
    const text = this.criterionText([...path, 'criteria']);
    const examples = (this.list([...path, 'examples'], 'examples') ?? []).flatMap((_, index) => {
      const exampleText = this.optionalString([...path, 'examples', index], 'error');
      return exampleText === null ? [] : [normaliseText(exampleText)];
    });
    if (text !== null && level !== null) this.add(topic, level, text, path, examples);
  }

  /**
   * A criterion's text, or null: a blank one is warned about and skipped, and one that is not
   * text (a "key: value" pair from an unquoted colon, a list) is an error.
   */
  private criterionText(path: FieldPath): string | null {
    const value = this.value(path);
    if (isRecord(value)) {
      this.at(
        path,
        'error',
        'A criterion should be text, but this one reads as "key: value". Put the whole criterion in quotes.',
      );
      return null;
    }
    const text = this.optionalString(path, 'error');
    if (text === null && isBlank(value)) {
      this.at(path, 'warning', 'This criterion is empty and is ignored.');
    }
    return text;
  }

  /** Adds a criterion; `examples` are given for one from `exampleCriteria`. */
  private add(
    topic: TopicDraft,
    level: number,
    text: string,
    path: FieldPath,
    examples?: string[],
  ) {
    this.budget.criteria++;
    const line = this.locate(path).line;
    if (this.budget.criteria > LIMITS.criteria) {
      throw new TooLarge(
        `The framework has more than ${LIMITS.criteria.toLocaleString('en')} criteria.`,
        line,
      );
    }
    topic.criteria.push({
      topic: topic.name,
      level,
      text: normaliseText(text),
      examples: examples ?? [],
      line,
      ...(examples ? { fromExamples: true } : {}),
    });
  }

  /**
   * The fields of `record` except `skip`, copied as plain JSON-safe data within the node budget.
   * A field named `__proto__` is left out with a warning, so no later copy or merge of the result
   * can change an object's prototype.
   */
  copyFields(
    record: Record<string, unknown>,
    path: FieldPath,
    skip: ReadonlySet<string> = new Set(),
  ): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      if (skip.has(key)) continue;
      if (key === '__proto__') {
        this.at([...path, key], 'warning', 'A field named "__proto__" is ignored.', true);
        continue;
      }
      Object.defineProperty(copy, key, {
        value: this.plain(record[key], [...path, key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }

  /**
   * A JSON-safe copy of an unknown field's value. Nesting deeper than `LIMITS.yamlDepth` (which
   * only aliases can build, a recursive one without end) gives an error and null in its place.
   */
  private plain(value: unknown, path: FieldPath): unknown {
    this.spend(1, path);
    if (path.length > LIMITS.yamlDepth) {
      this.at(
        path,
        'error',
        `This value nests deeper than ${LIMITS.yamlDepth} levels through aliases (*name).`,
      );
      return null;
    }
    if (Array.isArray(value)) return value.map((item, index) => this.plain(item, [...path, index]));
    if (isRecord(value)) return this.copyFields(value, path);
    return value;
  }
}

/**
 * Topics from drafts: topics of the same name are merged (with a warning), each topic's levels
 * ascend, and every criterion gets its id and, for markdown, its safe HTML.
 */
function buildTopics(drafts: TopicDraft[], problems: Problem[], markdown: MarkdownBudget): Topic[] {
  const byName = new Map<string, Topic>();
  const occurrences = new Map<string, number>();
  const unformatted: number[] = [];
  for (const draft of drafts) {
    let topic = byName.get(draft.name);
    if (topic) {
      problems.push({
        severity: 'warning',
        message: `Topic "${draft.name}" appears more than once; its criteria are shown together.`,
        line: draft.line,
        column: null,
        field: null,
      });
    } else {
      topic = {
        name: draft.name,
        ...topicTitle(draft),
        description: draft.description,
        levels: [],
      };
      byName.set(draft.name, topic);
    }
    for (const criterion of draft.criteria) {
      const key = `${draft.name}\u0000${criterion.level}\u0000${criterion.text}`;
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      const plainBefore = markdown.plain;
      levelOf(topic, criterion.level).criteria.push(
        buildCriterion(criterion, occurrence, markdown),
      );
      if (markdown.plain > plainBefore) unformatted.push(criterion.line);
    }
    topic.levels.sort((a, b) => a.level - b.level);
  }
  if (unformatted.length > 0) {
    problems.push({
      severity: 'warning',
      message: `${unformatted.length === 1 ? 'This criterion is' : `${unformatted.length} criteria, from this one on, are`} ${UNFORMATTED}`,
      line: unformatted[0]!,
      column: 1,
      field: null,
    });
  }
  return [...byName.values()];
}

function levelOf(topic: Topic, level: number): TopicLevel {
  let found = topic.levels.find((candidate) => candidate.level === level);
  if (!found) {
    found = { level, criteria: [] };
    topic.levels.push(found);
  }
  return found;
}

function buildCriterion(
  draft: CriterionDraft,
  occurrence: number,
  markdown: MarkdownBudget,
): Criterion {
  const html = inlineMarkdownToSafeHtml(draft.text, markdown);
  return {
    id: criterionId(draft.topic, draft.level, draft.text, occurrence),
    topic: draft.topic,
    level: draft.level,
    text: draft.text,
    examples: draft.examples,
    line: draft.line,
    ...(html === undefined ? {} : { html }),
    ...(draft.fromExamples ? { fromExamples: true as const } : {}),
  };
}

/**
 * Title and subtitle to show for a topic: its `title`, else a readable form of its `name` up to
 * the first colon (`technical_skills` and `technicalSkills` read "Technical skills"), with the
 * rest of the name as subtitle. A name with nothing readable before a colon is its own title.
 */
export function topicTitle(topic: { name: string; title: string | null }): {
  title: string;
  subtitle: string | null;
} {
  if (topic.title) return { title: topic.title, subtitle: null };
  const colon = topic.name.indexOf(':');
  const head = readableName(colon === -1 ? topic.name : topic.name.slice(0, colon));
  const tail = colon === -1 ? '' : topic.name.slice(colon + 1).trim();
  if (head === '') return { title: topic.name, subtitle: null };
  return {
    title: head.charAt(0).toLocaleUpperCase('en') + head.slice(1),
    subtitle: tail === '' ? null : tail,
  };
}

/** Words from a name: `-` and `_` become spaces, and a one-word camelCase name is split. */
function readableName(name: string): string {
  const words = /\s/.test(name.trim())
    ? name
    : name.replace(/([a-z])([A-Z])(?=[a-z])/g, (_, end: string, start: string) => {
        return `${end} ${start.toLowerCase()}`;
      });
  return words.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * A framework's id: its `path` without leading and trailing slashes (`engineering/backend`),
 * else its file name without extension. Segments are reduced to letters, digits, `-`, `_` and
 * `.` so the id can stand in a URL path; `.` and `..` segments are dropped.
 */
export function frameworkId(path: string | null, origin: string): string {
  const clean = (segment: string) =>
    segment
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase();
  const fromPath = (path ?? '')
    .split('/')
    .map(clean)
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .join('/');
  if (fromPath !== '') return fromPath;
  const fileName =
    origin
      .split(/[\\/?#]/)
      .filter(Boolean)
      .pop() ?? '';
  const fromFile = clean(fileName.replace(/\.(md|markdown|ya?ml|txt)$/i, ''));
  return fromFile === '' || fromFile === '.' || fromFile === '..' ? 'framework' : fromFile;
}

function sameLevels(declared: number, levels: readonly number[]): boolean {
  return levels.length === declared && levels.every((level, index) => level === index + 1);
}

function describeLevels(levels: readonly number[]): string {
  const contiguous = levels.every(
    (level, index) => index === 0 || level === levels[index - 1]! + 1,
  );
  return contiguous && levels.length > 2
    ? `${levels[0]} to ${levels[levels.length - 1]}`
    : levels.join(', ');
}

function formatPath(path: FieldPath): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/** A wrong value as a message quotes it: its type, and text cut to 40 characters on one line. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a set of fields';
  if (typeof value === 'string') {
    const text = value.replace(/\s+/g, ' ');
    return `the text "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
  }
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

/** How a problem names the field at `path`: `"title"`, or `Item 2 of "criteria"`. */
function fieldName(path: FieldPath): string {
  const last = path[path.length - 1];
  if (typeof last !== 'number') return `"${String(last)}"`;
  return `Item ${last + 1} of "${String(path[path.length - 2])}"`;
}

/** Missing, null or `[]`: nothing given, as opposed to something of the wrong type. */
function isEmptyList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function utf8Length(text: string): number {
  if (text.length * 3 <= LIMITS.frameworkBytes) return text.length;
  return new TextEncoder().encode(text).length;
}
