/**
 * The fields several records share (ids, texts, levels, times, the threshold, a criterion's
 * state), each with the words its messages use. A record's schema composes these, so one rule
 * (a level is a whole number from 0 to 99) reads the same in every file.
 */
import * as v from 'valibot';
import { BACKUP_LIMITS, LIMITS } from '../limits.ts';
import type { CriterionState } from '../progress.ts';
import { MAX_THRESHOLD, MIN_THRESHOLD } from '../scoring.ts';
import type { JsonValue } from '../collection.ts';
import { describeValue, expecting, issuePath } from './read.ts';

/** An ISO 8601 date and time with a zone: `2026-01-31T09:30:00.000Z`. */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const CRITERION_STATES = [
  'demonstrated',
  'not-yet',
  'not-applicable',
] as const satisfies readonly CriterionState[];

/** A framework id, criterion id or entry key: never empty, at most `LIMITS.idLength`. */
export const identifier = expecting(
  v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.idLength)),
  `a non-empty string of at most ${LIMITS.idLength} characters`,
);

/**
 * The id a browser writes into every snapshot it exports (`../export-id.ts`): 8 to 64 letters,
 * digits or `-`.
 */
export const exportId = expecting(
  v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9-]{8,64}$/),
    v.description(
      'A random id of the browser that exported the file (version 2): Progression recognises ' +
        'its own files by it. It says nothing about the person.',
    ),
  ),
  '8 to 64 letters, digits or "-"',
);

/** A string of at most `max` characters. */
export function text(max: number) {
  return expecting(v.pipe(v.string(), v.maxLength(max)), `a string of at most ${max} characters`);
}

/** A field that may be absent, or a string of at most `max` characters. */
export function optionalText(max: number) {
  return v.exactOptional(
    expecting(
      v.pipe(v.string(), v.maxLength(max)),
      `a string of at most ${max} characters when present`,
    ),
  );
}

const LEVEL_RANGE = `a whole number from ${LIMITS.minLevel} to ${LIMITS.maxLevel}`;
const levelNumber = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(LIMITS.minLevel),
  v.maxValue(LIMITS.maxLevel),
);

/** A framework level: a whole number from `LIMITS.minLevel` to `LIMITS.maxLevel`. */
export const level = expecting(levelNumber, LEVEL_RANGE);

/** A level, or null for none. */
export const levelOrNull = expecting(v.nullable(levelNumber), `null or ${LEVEL_RANGE}`);

/** A real date and time, ISO 8601 with a zone. */
export const time = expecting(
  v.pipe(
    v.string(),
    v.regex(ISO_TIME),
    // The pattern admits month 13; only a real date passes (the published schema has the pattern).
    v.check((value) => !Number.isNaN(Date.parse(value))),
    v.description('ISO 8601 date and time with a time zone.'),
  ),
  'an ISO 8601 date and time',
);

/**
 * The level rule's threshold: a whole percentage from 50 to 100, in every record that keeps one
 * (a backup with 80.5 is refused, not read and then replaced by the default).
 */
export const threshold = expecting(
  v.pipe(
    v.number(),
    v.integer(),
    v.minValue(MIN_THRESHOLD),
    v.maxValue(MAX_THRESHOLD),
    v.description("Percentage of a level's applicable criteria that counts as showing the level."),
  ),
  `a whole number from ${MIN_THRESHOLD} to ${MAX_THRESHOLD}`,
);

/** One of `choices`, named in the message. */
export function oneOf<const T extends readonly [string, ...string[]]>(choices: T) {
  const listed = choices.map((choice) => `"${choice}"`).join(', ');
  return expecting(v.picklist(choices), `one of ${listed}`);
}

export const criterionState = oneOf(CRITERION_STATES);

/**
 * Plain JSON data, copied into fresh objects (keys such as `__proto__` become ordinary own
 * properties), nested at most `BACKUP_LIMITS.valueDepth` deep, with finite numbers only.
 */
export const jsonValue = v.pipe(
  v.unknown(),
  v.rawTransform<unknown, JsonValue>(({ dataset, addIssue, NEVER }) => {
    const copied = copyJson(dataset.value, [], (path, message) =>
      addIssue({ message, ...(path.length > 0 ? { path: issuePath(dataset.value, path) } : {}) }),
    );
    return copied === undefined ? NEVER : copied;
  }),
);

/**
 * `item` copied, or undefined after reporting why it cannot be. `path` is where it is (its
 * length the depth), one array pushed and popped on the way down rather than one per value: a
 * stored framework model has tens of thousands of values.
 */
function copyJson(
  item: unknown,
  path: (string | number)[],
  report: (path: readonly (string | number)[], message: string) => void,
): JsonValue | undefined {
  if (item === null || typeof item === 'boolean' || typeof item === 'string') return item;
  if (typeof item === 'number') {
    if (Number.isFinite(item)) return item;
    report(path, `should be a finite number, found ${describeValue(item)}`);
    return undefined;
  }
  if (typeof item !== 'object') {
    report(path, `should be JSON data, found ${describeValue(item)}`);
    return undefined;
  }
  if (path.length >= BACKUP_LIMITS.valueDepth) {
    report(path, `is nested more than ${BACKUP_LIMITS.valueDepth} levels deep`);
    return undefined;
  }
  if (Array.isArray(item)) {
    const out: JsonValue[] = [];
    for (let index = 0; index < item.length; index++) {
      path.push(index);
      const copied = copyJson(item[index], path, report);
      path.pop();
      if (copied === undefined) return undefined;
      out.push(copied);
    }
    return out;
  }
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(item)) {
    path.push(key);
    const copied = copyJson((item as Record<string, unknown>)[key], path, report);
    path.pop();
    if (copied === undefined) return undefined;
    // Assigning `__proto__` would set the prototype: that key alone is defined as a property.
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: copied,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = copied;
  }
  return out;
}
