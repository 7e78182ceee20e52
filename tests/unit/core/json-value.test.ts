import { describe, expect, it } from 'vitest';
import { BACKUP_LIMITS } from '../../../src/lib/core/limits.ts';
import { jsonValue } from '../../../src/lib/core/schemas/fields.ts';
import { check } from '../../../src/lib/core/schemas/read.ts';

describe('jsonValue, the check every stored entry and backup value passes', () => {
  it('gives a fresh copy of JSON data, a "__proto__" key as an own property', () => {
    const value = JSON.parse('{"a": [1, "two", null, {"__proto__": {"polluted": true}}]}');
    const read = check(jsonValue, value);
    expect(read).toEqual({ ok: true, value });
    if (!read.ok) return;
    expect(read.value).not.toBe(value);
    const inner = (read.value as { a: object[] }).a[3]!;
    expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
    expect(Object.keys(inner)).toEqual(['__proto__']);
  });

  it('names the field of a value that is not JSON data', () => {
    expect(check(jsonValue, { topics: [{ line: 1 }, { line: Infinity }] })).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'topics[1].line' })],
    });
    expect(check(jsonValue, { a: [() => 1] })).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'a[0]' })],
    });
  });

  it(`refuses data nested more than ${BACKUP_LIMITS.valueDepth} deep, naming where`, () => {
    let deep: unknown = 'end';
    for (let depth = 0; depth <= BACKUP_LIMITS.valueDepth; depth++) deep = [deep];
    const read = check(jsonValue, { deep });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems[0]!.message).toBe(
      `is nested more than ${BACKUP_LIMITS.valueDepth} levels deep`,
    );
    expect(read.problems[0]!.field).toBe(`deep${'[0]'.repeat(BACKUP_LIMITS.valueDepth - 1)}`);
  });
});
