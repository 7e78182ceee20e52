/**
 * Small readers shared by the modules that check untrusted JSON files (backups, snapshots):
 * own properties only, short descriptions of wrong values for messages, and byte counting.
 */
import type { Problem } from './problem.ts';

/** An ISO 8601 date and time with a zone: `2026-01-31T09:30:00.000Z`. */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An own property only: an inherited `constructor` or `toString` is not in the data. */
export function own(object: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function join(field: string, name: string): string {
  return field === '' ? name : `${field}.${name}`;
}

/** A short description of a wrong value for messages: `the number 3`, `"done"`, `a list`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

export function problem(message: string, field: string | null): Problem {
  return { severity: 'error', message, line: null, column: null, field };
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
