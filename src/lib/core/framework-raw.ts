/**
 * The front matter as YAML gives it, before its fields are read: the keys each record of the
 * format may have, and what a raw value holds (nothing, an empty list, criteria text).
 */
import { isPlainObject as isRecord } from './schemas/read.ts';

/** Front matter keys this version reads; any other key is kept in `Framework.extra`. */
export const KNOWN_KEYS = new Set([
  'path',
  'title',
  'sidebarTitle',
  'sidebarGroup',
  'yaml',
  'levels',
  'homepage',
  'topics',
]);
/** `subtitle` is written by forks of Monzo's repository; it is shown under the topic's title. */
export const TOPIC_KEYS = new Set(['name', 'title', 'subtitle', 'description', 'content']);
export const LEVEL_KEYS = new Set(['level', 'criteria', 'exampleCriteria']);
export const EXAMPLE_KEYS = new Set(['criteria', 'examples']);

/** Missing, null or `[]`: nothing given, as opposed to something of the wrong type. */
export function isEmptyList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

export function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

/**
 * Whether a raw topic has any criterion that is not blank, in `criteria` or `exampleCriteria`
 * of any level. Anything that is not blank counts, even of the wrong type: it was meant as one.
 */
export function holdsCriteria(topic: Record<string, unknown>): boolean {
  const content = topic['content'];
  if (!Array.isArray(content)) return !isBlank(content);
  return content.some(
    (entry) =>
      isRecord(entry) &&
      (holdsText(entry['criteria']) ||
        holdsText(entry['exampleCriteria'], (example) =>
          isRecord(example) ? example['criteria'] : example,
        )),
  );
}

function holdsText(list: unknown, textOf: (item: unknown) => unknown = (item) => item): boolean {
  if (!Array.isArray(list)) return !isBlank(list);
  return list.some((item) => !isBlank(textOf(item)));
}
