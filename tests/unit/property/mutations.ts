/**
 * Random and mutated inputs for the property tests: fast-check arbitraries that start from a real
 * file and damage it the way hostile or broken files do (cut, repeated, spliced with YAML or JSON
 * syntax, prototype keys, huge numbers, control characters). Every run uses `SEED`, so CI repeats
 * the same cases; a failure prints the case to replay.
 */
import fc from 'fast-check';

/** The seed of every property test: CI runs the same cases each time. */
export const SEED = 20_261_201;

/** Pieces that break parsers in interesting ways, spliced into files. */
const HOSTILE_PIECES = [
  '__proto__',
  'constructor',
  'prototype',
  '"__proto__": {"polluted": true}',
  '&a [*a, *a, *a]',
  '*a',
  '<<: *a',
  '!!js/function "x"',
  '---',
  '\n---\n',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  ':',
  '- ',
  '\t',
  '\r\n',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '<script>alert(1)</script>',
  '1e308',
  '-0',
  '9999-12-31T23:59:59.999Z',
  'null',
  'true',
  '[]',
  '{}',
  '#',
  '\\',
  'é',
  '🛠️',
];

/** One damaging edit of a text. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.nat(200) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...HOSTILE_PIECES),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
    ),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.nat(80),
    times: fc.integer({ min: 2, max: 40 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, change: Edit): string {
  const at = text.length === 0 ? 0 : change.at % (text.length + 1);
  switch (change.kind) {
    case 'cut':
      return text.slice(0, at) + text.slice(at + change.length);
    case 'insert':
      return text.slice(0, at) + change.text + text.slice(at);
    case 'repeat':
      return (
        text.slice(0, at) + text.slice(at, at + change.length).repeat(change.times) + text.slice(at)
      );
    case 'truncate':
      return text.slice(0, at);
    default:
      return change satisfies never;
  }
}

/** `text` after one to eight random damaging edits. */
export function mutated(text: string): fc.Arbitrary<string> {
  return fc
    .array(edit, { minLength: 1, maxLength: 8 })
    .map((changes) => changes.reduce(apply, text));
}

/** Any text at all, mostly short, sometimes with hostile pieces. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 30 }).map((pieces) => pieces.join('')),
);

/**
 * Runs `work` and gives the CPU time it took, in milliseconds: a budget in CPU time holds on a
 * busy CI machine, where wall-clock time does not.
 */
export function cpuMs<T>(work: () => T): { result: T; ms: number } {
  const before = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(before);
  return { result, ms: (used.user + used.system) / 1000 };
}

/** As `cpuMs`, for asynchronous work (the CPU time of everything the process did meanwhile). */
export async function cpuMsAsync<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { result, ms: (used.user + used.system) / 1000 };
}
