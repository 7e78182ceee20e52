/**
 * The backup file (`backup.ts` builds and reads one): every framework's progress and settings,
 * and every collection's entries. Each record inside is read by its own schema (progress,
 * settings, and the schema of each collection the app knows); entries of a collection it does
 * not know (say, from a newer version) are kept as plain JSON.
 */
import * as v from 'valibot';
import { COLLECTION_NAME, type CollectionEntry, type CollectionsContents } from '../collection.ts';
import type { Backup, FrameworkProgress } from '../backup.ts';
import { identifier, jsonValue, time } from './fields.ts';
import { CriterionProgressSchema, FrameworkSettingsSchema } from './progress.ts';
import {
  describeValue,
  expecting,
  isPlainObject,
  issuePath,
  object,
  repeats,
  rule,
  type Breach,
  type RecordSchema,
} from './read.ts';

export const BACKUP_FORMAT = 'progression.backup';
/** Version of the backup file's shape; a file with a higher version is refused, not guessed at. */
export const BACKUP_VERSION = 1;

/** A collection whose entries a backup is checked against: its name and its entries' schema. */
export interface KnownCollection {
  name: string;
  schema: RecordSchema<unknown>;
}

const frameworkProgress = v.pipe(
  object({
    frameworkId: identifier,
    settings: expecting(v.nullable(FrameworkSettingsSchema), 'null or settings'),
    criteria: v.array(
      CriterionProgressSchema,
      (issue) => `should be a list, found ${describeValue(issue.input)}`,
    ),
  }),
  rule((framework: FrameworkProgress) => {
    const { frameworkId } = framework;
    const breaches: Breach[] = [];
    if (framework.settings && framework.settings.frameworkId !== frameworkId) {
      breaches.push({ path: ['settings', 'frameworkId'], message: `should be "${frameworkId}"` });
    }
    for (const [index, record] of framework.criteria.entries()) {
      if (record.frameworkId !== frameworkId) {
        breaches.push({
          path: ['criteria', index, 'frameworkId'],
          message: `should be "${frameworkId}"`,
        });
      }
    }
    return [
      ...breaches,
      ...repeats(
        framework.criteria,
        (record) => record.criterionId,
        'criterionId',
        'criterion',
      ).map((breach) => ({ ...breach, path: ['criteria', ...breach.path] })),
    ];
  }),
);

/** One collection's entries; those of a known collection are checked with its schema too. */
function entries(collection: KnownCollection | undefined) {
  return v.pipe(
    v.array(
      object({ key: identifier, value: jsonValue }),
      (issue) => `should be a list, found ${describeValue(issue.input)}`,
    ),
    rule((list: CollectionEntry[]) => {
      const breaches = repeats(list, (entry) => entry.key, 'key', 'key');
      if (!collection) return breaches;
      for (const [index, entry] of list.entries()) {
        const checked = v.safeParse(collection.schema, entry.value);
        if (checked.success) continue;
        for (const issue of checked.issues) {
          const below = (issue.path ?? []).map((item) => item.key as string | number);
          breaches.push({ path: [index, 'value', ...below], message: issue.message });
        }
      }
      return breaches;
    }),
  );
}

/**
 * Collection name -> entries, built without a prototype so no name (`__proto__`) can reach one;
 * a name `COLLECTION_NAME` refuses is a problem, never skipped in silence.
 */
function collections(known: readonly KnownCollection[]) {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      isPlainObject,
      (issue) => `should be an object, found ${describeValue(issue.input)}`,
    ),
    v.rawTransform<Record<string, unknown>, CollectionsContents>(({ dataset, addIssue, NEVER }) => {
      const out = Object.create(null) as CollectionsContents;
      const root = dataset.value;
      for (const name of Object.keys(root)) {
        if (!COLLECTION_NAME.test(name)) {
          addIssue({
            message: `is not a collection name (${String(COLLECTION_NAME)})`,
            path: issuePath(root, [name]),
          });
          continue;
        }
        const collection = known.find((candidate) => candidate.name === name);
        const read = v.safeParse(entries(collection), root[name]);
        if (read.success) {
          out[name] = read.output;
          continue;
        }
        for (const issue of read.issues) {
          const below = (issue.path ?? []).map((item) => item.key as string | number);
          addIssue({ message: issue.message, path: issuePath(root, [name, ...below]) });
        }
      }
      return dataset.issues ? NEVER : out;
    }),
  );
}

/** The backup file's schema, checking the entries of `known` collections with their schemas. */
export function backupSchema(known: readonly KnownCollection[]): RecordSchema<Backup> {
  return object({
    format: expecting(v.literal(BACKUP_FORMAT), `"${BACKUP_FORMAT}"`),
    version: expecting(v.literal(BACKUP_VERSION), `${BACKUP_VERSION}`),
    exportedAt: time,
    frameworks: v.pipe(
      v.array(
        frameworkProgress,
        (issue) => `should be a list, found ${describeValue(issue.input)}`,
      ),
      rule((list: FrameworkProgress[]) =>
        repeats(list, (framework) => framework.frameworkId, 'frameworkId', 'framework'),
      ),
    ),
    collections: collections(known),
  });
}
