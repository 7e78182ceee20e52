/**
 * The one adapter between js-yaml and the rest of the core: it reads YAML within the input limits
 * and returns plain values together with the source position of every field, so problems can be
 * reported at the line and column where the author wrote them.
 */
import {
  CORE_SCHEMA,
  EVENT_ID,
  SCALAR_STYLE,
  YAMLException,
  constructFromEvents,
  getScalarValue,
  parseEvents,
  type AliasEvent,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import { LIMITS } from './limits.ts';
import { ContinuationRepair } from './yaml-continuation.ts';

/** A 0-based offset into the YAML text. */
type Offset = number;

/**
 * Where a node starts, and for collections where each child starts (null until a child is
 * added: most nodes are scalars, and two maps for each would be most of the tree's memory).
 */
interface PositionNode {
  start: Offset;
  /** Mapping children by key, or sequence children by index. */
  children: Map<string | number, PositionNode> | null;
  /** Where each mapping key itself starts. */
  keyStarts: Map<string, Offset> | null;
}

export type FieldPath = readonly (string | number)[];

export interface YamlDocument {
  /** The document as plain values (objects, arrays, strings, numbers, booleans, null). */
  value: unknown;
  /**
   * Offset of the value at `path`, or of its nearest enclosing node that has a position. With
   * `key`, the offset of the mapping key of the last path segment instead of its value.
   */
  offsetOf(path: FieldPath, key?: boolean): Offset;
}

export type YamlResult =
  | {
      ok: true;
      document: YamlDocument;
      /** Offsets of the lines read as continuations of quoted text (see `yaml-continuation.ts`). */
      continuations: number[];
    }
  | YamlFailure;

type YamlFailure = { ok: false; message: string; offset: Offset | null };

/**
 * Parses one YAML document with the core schema (no custom tags, no timestamps). Refuses, with a
 * message: more than `LIMITS.yamlNodes` values, nesting deeper than `LIMITS.yamlDepth`, more than
 * `LIMITS.yamlAliases` aliases, and syntax errors (with their offset). Quoted text continued on
 * a line not indented past its field is read as PyYAML reads it, and its line listed in
 * `continuations`. Never throws.
 */
export function readYaml(text: string): YamlResult {
  const repair = new ContinuationRepair(withSpacesAfterDashes(text));
  const tooLong = refuseByLength(repair.source);
  if (tooLong) return tooLong;
  const toOriginal = (offset: Offset) => repair.toOriginal(offset);
  const asWritten = (failed: YamlFailure): YamlFailure =>
    failed.offset === null ? failed : { ...failed, offset: toOriginal(failed.offset) };
  let events: Event[] | null = null;
  while (events === null) {
    try {
      events = parseEvents(repair.source, { maxDepth: LIMITS.yamlDepth });
    } catch (error) {
      const deficient = error instanceof YAMLException && error.reason === 'deficient indentation';
      if (!deficient || !error.mark || !repair.repair(error.mark.position)) {
        return asWritten(failure(error, `YAML nested deeper than ${LIMITS.yamlDepth} levels`));
      }
    }
  }
  const source = repair.source;
  const tooMany = refuseByEvents(source, events);
  if (tooMany) return asWritten(tooMany);
  let values: unknown[];
  try {
    values = constructFromEvents(events, {
      source,
      schema: CORE_SCHEMA,
      maxAliases: LIMITS.yamlAliases,
    });
  } catch (error) {
    return asWritten(failure(error, 'YAML could not be read'));
  }
  const root = buildPositions(source, events);
  return {
    ok: true,
    continuations: repair.lines,
    document: {
      value: values[0] ?? null,
      offsetOf(path, key = false) {
        return toOriginal(offsetIn(root, path, key));
      },
    },
  };
}

/**
 * Offset of the value at `path` in the tree of positions, or of its nearest enclosing node that
 * has one; with `key`, of the mapping key of the last segment.
 */
function offsetIn(root: PositionNode | null, path: FieldPath, key: boolean): Offset {
  if (!root) return 0;
  let node: PositionNode = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (key && i === path.length - 1 && typeof segment === 'string') {
      return node.keyStarts?.get(segment) ?? node.start;
    }
    const child = node.children?.get(segment);
    if (!child) return node.start;
    node = child;
  }
  return node.start;
}

/**
 * People put a tab after a list dash, which YAML reads as indentation and refuses. A space for
 * each tab keeps every offset and column where it was.
 */
function withSpacesAfterDashes(text: string): string {
  if (!text.includes('\t')) return text;
  return text.replace(/^( *-)([ \t]+)/gm, (_, dash: string, gap: string) =>
    gap.includes('\t') ? dash + ' '.repeat(gap.length) : dash + gap,
  );
}

/**
 * Refuses, before parsing, YAML with more line breaks and commas than twice `LIMITS.yamlNodes`:
 * values are separated by them, no framework comes near that many, and parsing such a text only
 * to count its values would itself take long.
 */
function refuseByLength(source: string): YamlFailure | null {
  const separators = count(source, '\n') + count(source, ',');
  if (separators <= 2 * LIMITS.yamlNodes) return null;
  return { ok: false, message: TOO_MANY_VALUES, offset: null };
}

/** Refuses, before anything is built from them, too many values or aliases. */
function refuseByEvents(source: string, events: readonly Event[]): YamlFailure | null {
  // Each value is an event, and each collection one more to close it.
  if (events.length > 2 * LIMITS.yamlNodes) {
    return { ok: false, message: TOO_MANY_VALUES, offset: null };
  }
  const aliases = events.filter((event) => event.type === EVENT_ID.ALIAS);
  const extra = aliases[LIMITS.yamlAliases];
  if (extra?.type !== EVENT_ID.ALIAS) return null;
  return {
    ok: false,
    message: `The YAML uses more than ${LIMITS.yamlAliases} aliases (*name); a framework needs none.`,
    offset: aliasStart(source, extra),
  };
}

function count(text: string, character: string): number {
  let found = 0;
  for (let i = text.indexOf(character); i !== -1; i = text.indexOf(character, i + 1)) found++;
  return found;
}

const TOO_MANY_VALUES = `The YAML has more than ${LIMITS.yamlNodes.toLocaleString('en')} values; a framework needs far fewer.`;

function failure(error: unknown, fallback: string): YamlFailure {
  if (error instanceof YAMLException) {
    const reason = /depth/i.test(error.reason) ? fallback : error.reason;
    return { ok: false, message: `YAML syntax: ${reason}`, offset: error.mark?.position ?? null };
  }
  // RangeError (stack) and anything unforeseen: still a problem report, never a crash.
  return { ok: false, message: `${fallback}.`, offset: null };
}

/** Replays the event stream into a tree of start offsets keyed like the constructed value. */
function buildPositions(text: string, events: readonly Event[]): PositionNode | null {
  interface Frame {
    node: PositionNode;
    mapping: boolean;
    index: number;
    pendingKey: { name: string; start: Offset } | null;
  }
  const stack: Frame[] = [];
  let root: PositionNode | null = null;
  /** Where the last node seen ends, for placing empty values that have no offset of their own. */
  let lastEnd: Offset = 0;
  const attach = (node: PositionNode, keyName: string | null) => {
    const frame = stack[stack.length - 1];
    if (!frame) {
      root ??= node;
      return;
    }
    if (!frame.mapping) {
      (frame.node.children ??= new Map()).set(frame.index++, node);
    } else if (frame.pendingKey === null) {
      frame.pendingKey = { name: keyName ?? '', start: node.start };
    } else {
      (frame.node.children ??= new Map()).set(frame.pendingKey.name, node);
      (frame.node.keyStarts ??= new Map()).set(frame.pendingKey.name, frame.pendingKey.start);
      frame.pendingKey = null;
    }
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const node = leaf(startOf(event.start, anchorStart(text, event), event.tagStart));
        attach(node, null);
        stack.push({ node, mapping: event.type === EVENT_ID.MAPPING, index: 0, pendingKey: null });
        lastEnd = node.start;
        break;
      }
      case EVENT_ID.SCALAR: {
        const frame = stack[stack.length - 1];
        const isKey = frame?.mapping === true && frame.pendingKey === null;
        attach(
          leaf(scalarStart(text, event, frame?.pendingKey?.start ?? null, lastEnd)),
          isKey ? getScalarValue(text, event) : null,
        );
        lastEnd = Math.max(lastEnd, event.valueEnd);
        break;
      }
      case EVENT_ID.ALIAS:
        attach(leaf(aliasStart(text, event)), null);
        lastEnd = Math.max(lastEnd, event.anchorEnd);
        break;
      case EVENT_ID.POP:
        stack.pop();
        break;
      default:
        event satisfies never;
    }
  }
  return root;
}

/** Where a scalar's value starts: at its opening quote, or at the `|` or `>` of a block. */
function valueStart(text: string, event: ScalarEvent): Offset {
  if (event.valueStart < 0) return -1;
  switch (event.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return event.valueStart - 1;
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK: {
      // The content starts on the line after the indicator.
      const headerStart = text.lastIndexOf('\n', event.valueStart - 2) + 1;
      const header = text.slice(headerStart, Math.max(headerStart, event.valueStart - 1));
      const indicator = /[|>][-+1-9]*[ \t]*(?:#.*)?$/.exec(header);
      return indicator ? headerStart + indicator.index : event.valueStart;
    }
    default:
      return event.valueStart;
  }
}

/** Where an alias starts: at its `*` (the parser's offset is that of the name after it). */
function aliasStart(text: string, event: AliasEvent): Offset {
  return text.charAt(event.anchorStart - 1) === '*' ? event.anchorStart - 1 : event.anchorStart;
}

/** Where a node's anchor starts: at its `&`, or -1 when it has none. */
function anchorStart(text: string, event: { anchorStart: Offset }): Offset {
  if (event.anchorStart < 0) return -1;
  return text.charAt(event.anchorStart - 1) === '&' ? event.anchorStart - 1 : event.anchorStart;
}

function leaf(start: Offset): PositionNode {
  return { start, children: null, keyStarts: null };
}

/** The first of a node's offsets that is present (the parser gives -1 for absent ones). */
function startOf(value: Offset, anchor: Offset, tag: Offset): Offset {
  // No array per node (a large framework has thousands of them): the three, compared in turn.
  return earlier(earlier(value, anchor), tag);
}

function earlier(a: Offset, b: Offset): Offset {
  if (a < 0) return b;
  return b < 0 ? a : Math.min(a, b);
}

/**
 * Where a scalar starts as its author sees it: at its anchor, tag or opening quote. An empty
 * value (`title:`, a bare `-`) has no offset: it is placed at its key, or at the next dash.
 */
function scalarStart(
  text: string,
  event: ScalarEvent,
  keyStart: Offset | null,
  lastEnd: Offset,
): Offset {
  const start = startOf(valueStart(text, event), anchorStart(text, event), event.tagStart);
  if (start >= 0) return start;
  if (keyStart !== null) return keyStart;
  const dash = text.indexOf('-', lastEnd);
  return dash === -1 ? lastEnd : dash;
}

/** Turns offsets into 1-based line and column numbers. */
export function lineIndex(text: string): (offset: Offset) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}

export function formatPath(path: FieldPath): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/** A wrong YAML value as a message quotes it: its type, and text cut to 40 characters on one line. */
export function describeYamlValue(value: unknown): string {
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
export function fieldName(path: FieldPath): string {
  const last = path[path.length - 1];
  if (typeof last !== 'number') return `"${String(last)}"`;
  return `Item ${last + 1} of "${String(path[path.length - 2])}"`;
}
