/**
 * How every untrusted value is read: through a valibot schema, whose failures become problems
 * that say where (`criteria[3].state`) and what is wrong in the reader's words
 * (`should be one of "self", "manager", found "boss"`).
 *
 * A schema's output is a fresh object built key by key from the keys the schema names, so keys
 * such as `__proto__` or `constructor` in a file are inert data that never reach a prototype, and
 * a string holding script is only a string.
 */
import * as v from 'valibot';
import { LIMITS } from '../limits.ts';
import type { CollectionRead } from '../collection.ts';
import type { Problem } from '../problem.ts';

/** A checked value, or every problem found (at most `LIMITS.problems`, then a count of the rest). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** A schema for untrusted input: accepts anything, gives `T` or issues. */
export type RecordSchema<T> = v.GenericSchema<unknown, T>;

/** A short description of a wrong value for messages: `number 3`, `"done"`, `a list`. */
export function describeValue(value: unknown): string {
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

/** A located error, for a problem that is not one of a schema's. */
export function problem(message: string, field: string | null): Problem {
  return { severity: 'error', message, line: null, column: null, field };
}

/** An object with an own prototype, not a list: the only values that hold fields. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What each field schema expects, in words, for the message of a field that is missing. */
const EXPECTED = new WeakMap<object, string>();

/**
 * `schema`, whose every failure reads `should be <expected>, found <the value>`; a missing field
 * of an `object` reads `should be <expected>, found nothing`.
 */
export function expecting<S extends v.GenericSchema>(schema: S, expected: string): S {
  const described = v.message(
    schema,
    (issue) => `should be ${expected}, found ${describeValue(issue.input)}`,
  );
  EXPECTED.set(described, expected);
  return described;
}

/**
 * An object with these fields (`what` names it in the message for a value that is not one).
 * Other keys are ignored and left out of the output, as a newer version of the file may add
 * fields this one does not know.
 */
export function object<E extends v.ObjectEntries>(entries: E, what = 'an object') {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      isPlainObject,
      (issue) => `should be ${what}, found ${describeValue(issue.input)}`,
    ),
    v.object(entries, (issue) => {
      const key = issue.path?.at(-1)?.key;
      const field = typeof key === 'string' && Object.hasOwn(entries, key) ? entries[key] : null;
      return `should be ${(field && EXPECTED.get(field)) ?? 'present'}, found nothing`;
    }),
  );
}

/** A list of `item`, or one message when it has more than `max` entries (`tooMany(count)`). */
export function list<S extends v.GenericSchema>(
  item: S,
  max: number,
  tooMany: (count: number) => string,
) {
  return v.pipe(
    // Counted first, so an over-long list gives one problem, not one per entry.
    v.custom<unknown>(
      (value) => !Array.isArray(value) || value.length <= max,
      (issue) => tooMany((issue.input as unknown[]).length),
    ),
    v.array(item, (issue) => `should be a list, found ${describeValue(issue.input)}`),
    v.maxLength(max),
  );
}

/** A rule over several fields found broken: the path below the value checked, and the message. */
export interface Breach {
  path: readonly (string | number)[];
  message: string;
}

/**
 * A check of a whole, well-typed value (no repeated ids, say), run once its fields are good.
 * JSON Schema cannot state such rules: they hold at run time only.
 */
export function rule<T>(find: (value: T) => Breach[]) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const breach of find(dataset.value)) {
      addIssue({ message: breach.message, path: issuePath(dataset.value, breach.path) });
    }
  });
}

/** The breaches of "no two items share `key`": each repeat, named by `noun`. */
export function repeats<T>(
  items: readonly T[],
  key: (item: T) => string,
  field: string,
  noun: string,
): Breach[] {
  const seen = new Set<string>();
  const breaches: Breach[] = [];
  for (const [index, item] of items.entries()) {
    const value = key(item);
    if (seen.has(value))
      breaches.push({ path: [index, field], message: `repeats ${noun} "${value}"` });
    seen.add(value);
  }
  return breaches;
}

/** A path of keys below `root`, as valibot's issue path items. */
export function issuePath(
  root: unknown,
  keys: readonly (string | number)[],
): [v.IssuePathItem, ...v.IssuePathItem[]] {
  let input = root;
  const items = keys.map((key) => {
    const parent = input as Record<string | number, unknown>;
    input = parent[key];
    return typeof key === 'number'
      ? { type: 'array', origin: 'value', input: parent as unknown as unknown[], key, value: input }
      : { type: 'object', origin: 'value', input: parent, key, value: input };
  });
  return items as [v.IssuePathItem, ...v.IssuePathItem[]];
}

/** `value` read through `schema`: the fresh, typed value, or every problem found. */
export function check<T>(
  schema: RecordSchema<T>,
  value: unknown,
  maxProblems: number = LIMITS.problems,
): Checked<T> {
  const result = v.safeParse(schema, value);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, problems: toProblems(result.issues, maxProblems) };
}

/** Problems as one line for a message: `` `field` message; `other` message ``. */
export function problemsInLine(problems: readonly Problem[]): string {
  return problems
    .map(({ field, message }) => (field === null ? message : `\`${field}\` ${message}`))
    .join('; ');
}

/**
 * Checks a collection entry read from storage through `schema`: a fresh typed value, or why it
 * cannot be used (fields and what is wrong, on one line). Never throws.
 */
export function readEntry<T>(schema: RecordSchema<T>, value: unknown): CollectionRead<T> {
  const checked = check(schema, value, 3);
  return checked.ok ? checked : { ok: false, message: problemsInLine(checked.problems) };
}

/** `frameworks[0].criteria[3].state`: the path of an issue as messages write it. */
export function fieldPath(path: readonly { key: unknown }[] | undefined): string {
  let out = '';
  for (const { key } of path ?? []) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function toProblems(issues: readonly v.BaseIssue<unknown>[], max: number): Problem[] {
  const problems: Problem[] = [];
  const fields = new Set<string>();
  let hidden = 0;
  for (const issue of issues) {
    const field = fieldPath(issue.path);
    // One problem per field: a value failing two parts of a rule (-1.5 for a level) reads once.
    if (fields.has(field)) continue;
    fields.add(field);
    if (problems.length < max) problems.push(problem(issue.message, field === '' ? null : field));
    else hidden += 1;
  }
  if (hidden > 0) {
    problems.push(problem(`…and ${hidden} more ${hidden === 1 ? 'problem' : 'problems'}.`, null));
  }
  return problems;
}
