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
import { inlineMarkdownToSafeHtml, markdownToSafeHtml } from './markdown.ts';
import type { Criterion, Framework, Topic, TopicLevel } from './model.ts';
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

class TooLarge extends Error {}

/** A criterion as read, before ids are given. */
export interface CriterionDraft {
  topic: string;
  level: number;
  text: string;
  examples: string[];
  line: number;
}

/** A topic as read: its criteria by level, in file order. */
export interface TopicDraft {
  name: string;
  title: string | null;
  description: string | null;
  criteria: CriterionDraft[];
}

/**
 * Parses a framework file. `origin` names it in messages and gives its id when it has no `path`.
 *
 * Never throws, whatever the input: a file that cannot be used gives `ok: false` with every
 * error found (and any warnings); a usable one gives the framework with its warnings. Problems
 * carry the 1-based line and column in the text as given, and the field path.
 */
export function parseFramework(text: string, origin: string): ParseResult {
  const problems: Problem[] = [];
  try {
    const framework = parse(text, origin, problems);
    if (framework && !hasErrors(problems)) return { ok: true, framework, problems };
  } catch (error) {
    const message =
      error instanceof TooLarge
        ? error.message
        : `The file could not be read (${error instanceof Error ? error.message : String(error)}).`;
    problems.push({ severity: 'error', message, line: null, column: null, field: null });
  }
  return { ok: false, problems };
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
  if (repairs.length > 0) {
    const first = repairs[0]!;
    report(
      'warning',
      `The text was mis-decoded (UTF-8 read as Mac Roman) and has been repaired in ${repairs.length} place${repairs.length === 1 ? '' : 's'}, e.g. "${first.before}" to "${first.after}". Save the file as UTF-8 to fix it for good.`,
      first.line,
    );
  }

  const opening = /^(?:[ \t]*\n)*---[ \t]*\n/.exec(text);
  if (!opening) {
    report(
      'error',
      'The file has no front matter: a framework file starts with a line "---", then YAML, then another "---".',
      1,
      1,
    );
    return null;
  }
  const yamlStart = opening[0].length;
  const closing = /^---[ \t]*$/m;
  closing.lastIndex = 0;
  const rest = text.slice(yamlStart);
  const closingMatch = closing.exec(rest);
  if (!closingMatch) {
    report(
      'error',
      'The front matter is not closed: add a line "---" after the YAML.',
      lineOf(text, opening[0].length - 4),
      1,
    );
    return null;
  }
  const yamlText = rest.slice(0, closingMatch.index);
  const bodyStart = yamlStart + closingMatch.index + closingMatch[0].length + 1;
  const body = text.slice(Math.min(bodyStart, text.length));
  const bodyFirstLine = lineOf(text, Math.min(bodyStart, text.length));

  const yamlLine = lineOf(text, yamlStart);
  const yamlPosition = lineIndex(yamlText);
  const parsed = readYaml(yamlText);
  if (!parsed.ok) {
    const at = parsed.offset === null ? null : yamlPosition(parsed.offset);
    report('error', parsed.message, at ? at.line + yamlLine - 1 : yamlLine, at?.column ?? null);
    return null;
  }
  const doc = parsed.document;
  const locate = (path: FieldPath, key = false) => {
    const position = yamlPosition(doc.offsetOf(path, key));
    return { line: position.line + yamlLine - 1, column: position.column };
  };
  const at = (path: FieldPath, severity: Severity, message: string, key = false) => {
    const { line, column } = locate(path, key);
    report(severity, message, line, column, formatPath(path));
  };
  const front = doc.value;
  if (!isRecord(front)) {
    report(
      'error',
      front === null
        ? 'The front matter is empty.'
        : 'The front matter must be a set of "key: value" fields.',
      yamlLine,
      1,
    );
    return null;
  }

  const budget = { nodes: 0, criteria: 0 };
  const read = new FieldReader(doc, locate, budget, problems);

  const path = read.optionalString(['path']);
  const id = frameworkId(path, origin);
  if (path !== null && id !== path.replace(/^\/+|\/+$/g, '')) {
    at(
      ['path'],
      'warning',
      `The path "${path}" has characters that cannot be used in a link; the framework's id is "${id}".`,
    );
  }
  let title = read.optionalString(['title']);
  if (title === null) {
    at(['title'], 'warning', `The framework has no title; it is shown as "${id}".`, true);
    title = id;
  }
  const sidebarTitle = read.optionalString(['sidebarTitle']);
  const group = read.optionalString(['sidebarGroup']);
  const homepage = read.optionalBoolean(['homepage']);
  const yamlFlag = read.optionalBoolean(['yaml']);
  const declaredLevels = read.optionalLevel(['levels']);

  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(front)) {
    if (!KNOWN_KEYS.has(key)) {
      Object.defineProperty(extra, key, {
        value: read.plain(front[key], [key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }

  const hasTopics = Object.hasOwn(front, 'topics') && front['topics'] !== null;
  const shape = yamlFlag === false || (yamlFlag === null && !hasTopics) ? 'prose' : 'levelled';
  let topicDrafts: TopicDraft[];
  let about = body;
  if (shape === 'prose') {
    if (hasTopics)
      at(
        ['topics'],
        'warning',
        'The file says "yaml: false", so its topics are ignored and its "## Level N" sections are read instead.',
        true,
      );
    const prose = parseProse(body, bodyFirstLine);
    for (const problem of prose.problems) problems.push(problem);
    about = prose.about;
    topicDrafts = prose.topics;
    budget.criteria = topicDrafts.reduce((sum, topic) => sum + topic.criteria.length, 0);
    if (budget.criteria > LIMITS.criteria) {
      throw new TooLarge(
        `The framework has more than ${LIMITS.criteria.toLocaleString('en')} criteria.`,
      );
    }
  } else {
    topicDrafts = read.topics();
  }

  const topics = buildTopics(topicDrafts, problems);
  const levels = [
    ...new Set(topics.flatMap((topic) => topic.levels.map((level) => level.level))),
  ].sort((a, b) => a - b);
  const criterionCount = topics.reduce(
    (sum, topic) => sum + topic.levels.reduce((n, level) => n + level.criteria.length, 0),
    0,
  );
  if (criterionCount === 0) {
    report(
      'warning',
      shape === 'prose'
        ? 'The file has no "## Level N" sections with "### Topic" paragraphs, so there is nothing to assess.'
        : 'The framework has no criteria, so there is nothing to assess.',
      1,
      1,
    );
  } else if (declaredLevels !== null && !sameLevels(declaredLevels, levels)) {
    at(
      ['levels'],
      'warning',
      `The file declares ${declaredLevels} levels, but its criteria are at levels ${describeLevels(levels)}; the levels that have criteria are used.`,
    );
  }

  if (hasErrors(problems)) return null;
  return {
    id,
    origin,
    title: normaliseText(title),
    sidebarTitle,
    group,
    homepage,
    shape,
    declaredLevels,
    levels,
    topics,
    about: about.trim(),
    aboutHtml: markdownToSafeHtml(about.trim()),
    sourceHash: sha256Hex(text),
    criterionCount,
    extra,
  };
}

/** Reads typed fields from the front matter, reporting each wrong one at its position. */
class FieldReader {
  constructor(
    private readonly doc: YamlDocument,
    private readonly locate: (path: FieldPath, key?: boolean) => { line: number; column: number },
    private readonly budget: { nodes: number; criteria: number },
    private readonly problems: Problem[],
  ) {}

  private at(path: FieldPath, severity: Severity, message: string, key = false) {
    const { line, column } = this.locate(path, key);
    this.problems.push({ severity, message, line, column, field: formatPath(path) });
  }

  private value(path: FieldPath): unknown {
    let value: unknown = this.doc.value;
    for (const segment of path) {
      if (typeof segment === 'number') value = Array.isArray(value) ? value[segment] : undefined;
      else value = isRecord(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
    }
    return value;
  }

  private spend(count = 1) {
    this.budget.nodes += count;
    if (this.budget.nodes > LIMITS.yamlNodes) {
      throw new TooLarge(
        `The YAML expands to more than ${LIMITS.yamlNodes.toLocaleString('en')} values (through aliases or sheer size); a framework needs far fewer.`,
      );
    }
  }

  /** A text field: string (numbers are taken as text), else null; other types are warned about. */
  optionalString(path: FieldPath, severity: Severity = 'warning'): string | null {
    const value = this.value(path);
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') {
      this.at(
        path,
        severity,
        `"${String(path[path.length - 1])}" should be text, but is ${describe(value)}${severity === 'warning' ? '; it is ignored' : ''}.`,
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

  optionalBoolean(path: FieldPath): boolean | null {
    const value = this.value(path);
    if (value === undefined || value === null) return null;
    if (typeof value === 'boolean') return value;
    this.at(
      path,
      'warning',
      `"${String(path[path.length - 1])}" should be true or false, but is ${describe(value)}; it is ignored.`,
    );
    return null;
  }

  optionalLevel(path: FieldPath, severity: Severity = 'warning'): number | null {
    const value = this.value(path);
    if (value === undefined || value === null) return null;
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= LIMITS.minLevel &&
      value <= LIMITS.maxLevel
    )
      return value;
    this.at(
      path,
      severity,
      `"${String(path[path.length - 1])}" should be a whole number from ${LIMITS.minLevel} to ${LIMITS.maxLevel}, but is ${describe(value)}${severity === 'warning' ? '; it is ignored' : ''}.`,
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
    this.spend(value.length);
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
        this.at(path, 'error', `Topic ${index + 1} has no name.`);
        return;
      }
      const draft: TopicDraft = {
        name: normaliseText(name),
        title: this.optionalString([...path, 'title']),
        description: this.optionalString([...path, 'description']),
        criteria: [],
      };
      const content = this.list([...path, 'content'], 'content');
      if (content === null || content.length === 0) {
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
    if (level === null) {
      if (!Object.hasOwn(entry, 'level') || entry['level'] === null)
        this.at(path, 'error', `A content entry of topic "${topic.name}" has no "level".`);
      return;
    }
    const criteria = this.list([...path, 'criteria'], 'criteria') ?? [];
    criteria.forEach((_, index) => {
      const text = this.criterionText([...path, 'criteria', index]);
      if (text !== null) this.add(topic, level, text, [], [...path, 'criteria', index]);
    });
    const examples = this.list([...path, 'exampleCriteria'], 'exampleCriteria') ?? [];
    examples.forEach((example, index) => {
      const examplePath = [...path, 'exampleCriteria', index];
      if (!isRecord(example)) {
        this.at(
          examplePath,
          'error',
          `Each entry of "exampleCriteria" should have "criteria" and "examples", but this one is ${describe(example)}.`,
        );
        return;
      }
      this.warnUnknownKeys(examplePath, example, EXAMPLE_KEYS, 'an example criterion');
      const text = this.criterionText([...examplePath, 'criteria']);
      const exampleTexts = (this.list([...examplePath, 'examples'], 'examples') ?? []).flatMap(
        (_, exampleIndex) => {
          const exampleText = this.optionalString(
            [...examplePath, 'examples', exampleIndex],
            'error',
          );
          return exampleText === null ? [] : [normaliseText(exampleText)];
        },
      );
      if (text !== null) this.add(topic, level, text, exampleTexts, examplePath);
    });
    if (criteria.length === 0 && examples.length === 0) {
      this.at(
        [...path, 'level'],
        'warning',
        `Level ${level} of topic "${topic.name}" has no criteria.`,
      );
    }
  }

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
    if (text === null && (typeof value === 'string' || value === null)) {
      this.at(path, 'warning', 'This criterion is empty and is ignored.');
    }
    return text;
  }

  private add(topic: TopicDraft, level: number, text: string, examples: string[], path: FieldPath) {
    this.budget.criteria++;
    if (this.budget.criteria > LIMITS.criteria) {
      throw new TooLarge(
        `The framework has more than ${LIMITS.criteria.toLocaleString('en')} criteria.`,
      );
    }
    const line = this.locate(path).line;
    topic.criteria.push({ topic: topic.name, level, text: normaliseText(text), examples, line });
  }

  /** A JSON-safe copy of an unknown field's value, within the node budget. */
  plain(value: unknown, path: FieldPath): unknown {
    this.spend();
    if (Array.isArray(value)) return value.map((item, index) => this.plain(item, [...path, index]));
    if (isRecord(value)) {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        Object.defineProperty(copy, key, {
          value: this.plain(value[key], [...path, key]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    return value;
  }
}

function buildTopics(drafts: TopicDraft[], problems: Problem[]): Topic[] {
  const byName = new Map<string, Topic>();
  const topics: Topic[] = [];
  const seen = new Map<string, number>();
  for (const draft of drafts) {
    let topic = byName.get(draft.name);
    if (topic) {
      problems.push({
        severity: 'warning',
        message: `Topic "${draft.name}" appears more than once; its criteria are shown together.`,
        line: draft.criteria[0]?.line ?? null,
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
      topics.push(topic);
    }
    for (const criterion of draft.criteria) {
      let level: TopicLevel | undefined = topic.levels.find(
        (candidate) => candidate.level === criterion.level,
      );
      if (!level) {
        level = { level: criterion.level, criteria: [] };
        topic.levels.push(level);
      }
      const key = `${draft.name}\u0000${criterion.level}\u0000${criterion.text}`;
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      const html = inlineMarkdownToSafeHtml(criterion.text);
      const built: Criterion = {
        id: criterionId(draft.name, criterion.level, criterion.text, occurrence),
        topic: draft.name,
        level: criterion.level,
        text: criterion.text,
        examples: criterion.examples,
        line: criterion.line,
        ...(html === undefined ? {} : { html }),
      };
      level.criteria.push(built);
    }
    topic.levels.sort((a, b) => a.level - b.level);
  }
  return topics;
}

/** Title and subtitle to show for a topic: its `title`, else a readable form of its `name`. */
export function topicTitle(topic: { name: string; title: string | null }): {
  title: string;
  subtitle: string | null;
} {
  if (topic.title) return { title: topic.title, subtitle: null };
  const colon = topic.name.indexOf(':');
  const head = colon === -1 ? topic.name : topic.name.slice(0, colon);
  const tail = colon === -1 ? '' : topic.name.slice(colon + 1).trim();
  const readable = head.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim() || topic.name;
  return {
    title: readable.charAt(0).toLocaleUpperCase('en') + readable.slice(1),
    subtitle: tail === '' ? null : tail,
  };
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

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a set of fields';
  if (typeof value === 'string')
    return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
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
