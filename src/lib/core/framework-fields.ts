/**
 * Reading the front matter's fields: typed values from the YAML, each wrong one reported at its
 * line and column with its field path, in the file author's words. Tolerant where the format
 * is (numbers taken as text, a level quoted as `"2"`, empty values empty), strict where a
 * wrong value would lose criteria, and bounded by `LIMITS` against alias bombs and huge files.
 */
import {
  EXAMPLE_KEYS,
  holdsCriteria,
  isBlank,
  isEmptyList,
  LEVEL_KEYS,
  TOPIC_KEYS,
} from './framework-raw.ts';
import { LIMITS } from './limits.ts';
import type { Problem, Severity } from './problem.ts';
import { isPlainObject as isRecord } from './schemas/read.ts';
import { normaliseText } from './source.ts';
import type { TopicDraft } from './framework-build.ts';
import {
  describeYamlValue,
  fieldName,
  formatPath,
  type FieldPath,
  type YamlDocument,
} from './yaml.ts';

/** Thrown when the input passes a limit; `parseFramework` turns it into an error problem. */
export class TooLarge extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

/** Reads typed fields from the front matter, reporting each wrong one at its position. */
export class FieldReader {
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
    return this.stringOf(this.value(path), path, severity);
  }

  /** `optionalString` of the value at `path`, given. */
  private stringOf(value: unknown, path: FieldPath, severity: Severity): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') {
      this.at(
        path,
        severity,
        `${fieldName(path)} should be text, but is ${describeYamlValue(value)}${severity === 'warning' ? '; it is ignored' : ''}.`,
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
      `${fieldName(path)} should be true or false, but is ${describeYamlValue(value)}; it is ignored.`,
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
      `${fieldName(path)} should be a whole number from ${LIMITS.minLevel} to ${LIMITS.maxLevel}, but is ${describeYamlValue(value)}${severity === 'warning' ? '; it is ignored' : ''}.`,
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
        `"${what}" should be a list (lines starting with "- "), but is ${describeYamlValue(value)}.`,
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
          `Each topic should be a set of fields (name, title, content), but topic ${index + 1} is ${describeYamlValue(topic)}.`,
        );
        return;
      }
      this.warnUnknownKeys(path, topic, TOPIC_KEYS, 'a topic');
      const name =
        this.optionalString([...path, 'name'], 'error') ?? this.optionalString([...path, 'title']);
      if (name === null) {
        if (!isBlank(topic['name']) || !isBlank(topic['title'])) return;
        // A placeholder (`- name: ""` with no criteria) loses nothing by being left out.
        if (holdsCriteria(topic)) this.at(path, 'error', `Topic ${index + 1} has no name.`);
        else this.warn(path, `Topic ${index + 1} has no name and no criteria; it is left out.`);
        return;
      }
      const draft: TopicDraft = {
        name: normaliseText(name),
        line: this.locate(path).line,
        title: this.optionalString([...path, 'title']),
        subtitle: this.optionalString([...path, 'subtitle']),
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
        `Each content entry should have a "level" and "criteria", but this one is ${describeYamlValue(entry)}.`,
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
    criteria.forEach((value, index) => {
      const criterionPath = [...path, 'criteria', index];
      const text = this.criterionText(criterionPath, value);
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
        `Each entry of "exampleCriteria" should have "criteria" and "examples", but this one is ${describeYamlValue(example)}.`,
      );
      return;
    }
    this.warnUnknownKeys(path, example, EXAMPLE_KEYS, 'an example criterion');
    const textPath = [...path, 'criteria'];
    const text = this.criterionText(textPath, this.value(textPath));
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
  private criterionText(path: FieldPath, value: unknown): string | null {
    if (isRecord(value)) {
      this.at(
        path,
        'error',
        'A criterion should be text, but this one reads as "key: value". Put the whole criterion in quotes.',
      );
      return null;
    }
    const text = this.stringOf(value, path, 'error');
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
