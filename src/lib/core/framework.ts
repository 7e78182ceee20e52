/**
 * `parseFramework`: framework file text in, `Framework` model or located problems out.
 *
 * A file is markdown with YAML front matter in Monzo's progression-framework format. Two shapes:
 * levelled (`yaml: true`: `topics` -> `content` -> `level` -> `criteria` / `exampleCriteria` in
 * the front matter, the body is an about text) and prose (`yaml: false`: `## Level N` sections
 * in the body, each with `### Topic` paragraphs, every paragraph one criterion).
 */
import { buildTopics, UNFORMATTED, type TopicDraft } from './framework-build.ts';
import { FieldReader, TooLarge } from './framework-fields.ts';
import { isBlank, KNOWN_KEYS } from './framework-raw.ts';
import { frameworkId } from './framework-naming.ts';
import { splitFrontMatter, type FileParts } from './front-matter.ts';
import { sha256Hex } from './hash.ts';
import { LIMITS } from './limits.ts';
import { markdownBudget, markdownToSafeHtml } from './markdown.ts';
import type { Framework, FrameworkShape } from './model.ts';
import { hasErrors, type Problem, type Severity } from './problem.ts';
import { parseProse } from './prose.ts';
import { utf8Length } from './schemas/envelope.ts';
import { isPlainObject as isRecord } from './schemas/read.ts';
import { normaliseSource, normaliseText } from './source.ts';
import { lineIndex, readYaml, type FieldPath } from './yaml.ts';

/** `topicTitle` and `frameworkId` are naming rules other modules use too. */
export { frameworkId, topicTitle } from './framework-naming.ts';
export type { CriterionDraft, TopicDraft } from './framework-build.ts';

export type ParseResult =
  { ok: true; framework: Framework; problems: Problem[] } | { ok: false; problems: Problem[] };

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

  // A UTF-16 code unit takes at most 3 bytes in UTF-8: most files need no counting.
  if (
    raw.length * 3 > LIMITS.frameworkBytes &&
    utf8Length(raw, LIMITS.frameworkBytes) > LIMITS.frameworkBytes
  ) {
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
  for (const offset of parsed.continuations) {
    const line = fileLine(yamlPosition(offset).line);
    report(
      'warning',
      `Line ${line} continues the quoted text above it without being indented past its list dash or field; it is read as part of that text, as Monzo's site reads it. Indent the line to fix it for good.`,
      line,
      1,
    );
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
