/**
 * The one adapter between js-yaml and the rest of the core: it reads YAML within the input limits
 * and returns plain values together with the source position of every field, so problems can be
 * reported at the line and column where the author wrote them.
 */
import {
  CORE_SCHEMA,
  EVENT_ID,
  YAMLException,
  constructFromEvents,
  getScalarValue,
  parseEvents,
  type Event,
} from 'js-yaml';
import { LIMITS } from './limits.ts';

/** A 0-based offset into the YAML text. */
type Offset = number;

/** Where a node starts, and for collections where each child starts. */
interface PositionNode {
  start: Offset;
  /** Mapping children by key, or sequence children by index. */
  children: Map<string | number, PositionNode>;
  /** Where each mapping key itself starts. */
  keyStarts: Map<string, Offset>;
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
  { ok: true; document: YamlDocument } | { ok: false; message: string; offset: Offset | null };

/**
 * Parses one YAML document with the core schema (no custom tags, no timestamps). Refuses, with a
 * message, nesting deeper than `LIMITS.yamlDepth`, more than `LIMITS.yamlAliases` aliases, and
 * syntax errors (with their offset). Never throws.
 */
export function readYaml(text: string): YamlResult {
  let events: Event[];
  // People indent list items with a tab after the dash, which YAML reads as indentation and
  // refuses. One space in its place keeps every offset and column where it was.
  const source = text.replace(/^( *-)\t/gm, '$1 ');
  try {
    events = parseEvents(source, { maxDepth: LIMITS.yamlDepth });
  } catch (error) {
    return failure(error, `YAML nested deeper than ${LIMITS.yamlDepth} levels`);
  }
  const aliases = events.filter((event) => event.type === EVENT_ID.ALIAS);
  if (aliases.length > LIMITS.yamlAliases) {
    const offset =
      aliases[LIMITS.yamlAliases]?.type === EVENT_ID.ALIAS
        ? aliases[LIMITS.yamlAliases]!.anchorStart
        : null;
    return {
      ok: false,
      message: `The YAML uses more than ${LIMITS.yamlAliases} aliases (*name); a framework needs none.`,
      offset,
    };
  }
  let values: unknown[];
  try {
    values = constructFromEvents(events, {
      source,
      schema: CORE_SCHEMA,
      maxAliases: LIMITS.yamlAliases,
    });
  } catch (error) {
    return failure(error, 'YAML could not be read');
  }
  const root = buildPositions(source, events);
  return {
    ok: true,
    document: {
      value: values[0] ?? null,
      offsetOf(path, key = false) {
        let node = root;
        if (!node) return 0;
        for (let i = 0; i < path.length; i++) {
          const segment = path[i]!;
          if (key && i === path.length - 1 && typeof segment === 'string') {
            return node.keyStarts.get(segment) ?? node.start;
          }
          const child = node.children.get(segment);
          if (!child) return node.start;
          node = child;
        }
        return node.start;
      },
    },
  };
}

function failure(
  error: unknown,
  fallback: string,
): { ok: false; message: string; offset: Offset | null } {
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
  const attach = (node: PositionNode, keyName: string | null) => {
    const frame = stack[stack.length - 1];
    if (!frame) {
      root ??= node;
      return;
    }
    if (!frame.mapping) {
      frame.node.children.set(frame.index++, node);
    } else if (frame.pendingKey === null) {
      frame.pendingKey = { name: keyName ?? '', start: node.start };
    } else {
      frame.node.children.set(frame.pendingKey.name, node);
      frame.node.keyStarts.set(frame.pendingKey.name, frame.pendingKey.start);
      frame.pendingKey = null;
    }
  };
  const leaf = (start: Offset): PositionNode => ({
    start,
    children: new Map(),
    keyStarts: new Map(),
  });
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const node = leaf(event.start);
        attach(node, null);
        stack.push({ node, mapping: event.type === EVENT_ID.MAPPING, index: 0, pendingKey: null });
        break;
      }
      case EVENT_ID.SCALAR: {
        const frame = stack[stack.length - 1];
        const isKey = frame?.mapping === true && frame.pendingKey === null;
        attach(leaf(event.valueStart), isKey ? getScalarValue(text, event) : null);
        break;
      }
      case EVENT_ID.ALIAS:
        attach(leaf(event.anchorStart), null);
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

/** Turns offsets into 1-based line and column numbers. */
export function lineIndex(text: string): (offset: Offset) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
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
