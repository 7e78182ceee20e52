/**
 * The one check every JSON file goes through before its schema: not too many bytes, JSON at
 * all, an object, the right `format`, and a `version` this app reads. These rules depend on the
 * bytes before parsing or on what this version of the app knows, so they live here, outside the
 * record schemas; a file that passes is then read by its schema (`readFile`).
 */
import type { Problem } from '../problem.ts';
import {
  check,
  isPlainObject,
  describeValue,
  problem,
  type Checked,
  type RecordSchema,
} from './read.ts';

/** What a kind of file is called and what it must say about itself. */
export interface Envelope {
  /** `format` the file must have: `progression.snapshot`. */
  format: string;
  /** The newest `version` this app reads; a higher one is refused, not guessed at. */
  version: number;
  /** The file's name in messages: `snapshot`, `backup`. */
  noun: string;
  /** What the person does with it, in "Update Progression, then <verb> it": `import`. */
  verb: string;
  /** Bytes (UTF-8) the file may have. */
  bytes: number;
  /** Problems listed; the rest are counted in a last problem. */
  problems: number;
}

/**
 * The file's top-level object when its envelope is good, or the one problem that refuses it:
 * larger than `envelope.bytes`, not JSON, not an object, another format, or a newer version.
 */
export function readEnvelope(text: string, envelope: Envelope): Checked<Record<string, unknown>> {
  const refuse = (message: string, field: string | null = null) => ({
    ok: false as const,
    problems: [problem(message, field)],
  });
  const { noun } = envelope;
  if (utf8Length(text, envelope.bytes) > envelope.bytes) {
    return refuse(
      `The file is larger than ${megabytes(envelope.bytes)}, the most a ${noun} can be.`,
    );
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? ` (${error.message})` : '';
    return refuse(`This is not a Progression ${noun}: the file is not JSON${reason}.`);
  }
  if (!isPlainObject(root)) {
    return refuse(`This is not a Progression ${noun}: the file holds ${describeValue(root)}.`);
  }
  const format = Object.hasOwn(root, 'format') ? root.format : undefined;
  if (format !== envelope.format) {
    const found = format === undefined ? 'has no "format"' : `has format ${describeValue(format)}`;
    return refuse(
      `This is not a Progression ${noun}: the file ${found}, not "${envelope.format}".`,
      'format',
    );
  }
  const version = Object.hasOwn(root, 'version') ? root.version : undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse(`should be a whole number from 1, found ${describeValue(version)}`, 'version');
  }
  if (version > envelope.version) {
    return refuse(
      `This ${noun} was made by a newer version of Progression (${noun} version ${version}; ` +
        `this version reads version ${envelope.version}). Update Progression, then ` +
        `${envelope.verb} it.`,
      'version',
    );
  }
  return { ok: true, value: root };
}

/**
 * A file's text read through its envelope and then its schema: the typed value, or the problems
 * found. `before` may refuse a file after the envelope and before the schema (a count of
 * records over the limit, say), so a huge file gives one problem rather than thousands.
 */
export function readFile<T>(
  text: string,
  envelope: Envelope,
  schema: RecordSchema<T>,
  before?: (root: Record<string, unknown>) => Problem | null,
): Checked<T> {
  const root = readEnvelope(text, envelope);
  if (!root.ok) return root;
  const refused = before?.(root.value) ?? null;
  if (refused) return { ok: false, problems: [refused] };
  return check(schema, root.value, envelope.problems);
}

/** Bytes of `text` in UTF-8, counted without encoding it and only until `limit` is passed. */
export function utf8Length(text: string, limit: number): number {
  // A UTF-16 code unit never takes less than one byte in UTF-8.
  if (text.length > limit) return text.length;
  let bytes = 0;
  for (let index = 0; index < text.length && bytes <= limit; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
