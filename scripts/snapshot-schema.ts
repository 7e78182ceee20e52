/**
 * Writes `schema/progression.snapshot.v2.schema.json`, the published JSON Schema of the snapshot
 * file, from the schema the app reads snapshots with (`src/lib/core/schemas/snapshot.ts`).
 * `npm run schema` writes it; a unit test fails when the file is not what this would write.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toJsonSchema } from '@valibot/to-json-schema';
import { format, resolveConfig } from 'prettier';
import { SNAPSHOT_DEFINITIONS, SnapshotSchema } from '../src/lib/core/schemas/snapshot.ts';

export const SNAPSHOT_SCHEMA_PATH = 'schema/progression.snapshot.v2.schema.json';
const ID = 'https://github.com/progression/progression/schema/progression.snapshot.v2.schema.json';

/** The published schema as an object. */
export function publishedSnapshotSchema(): Record<string, unknown> {
  const generated = toJsonSchema(SnapshotSchema, {
    target: 'draft-2020-12',
    // Each record is a guard (an object, not a list; a list not too long) piped into its shape:
    // the shape is what a file must have.
    typeMode: 'output',
    // `check` and `rule` hold at run time only: a real calendar date, no repeated criterion id.
    ignoreActions: ['check', 'raw_check'],
    definitions: SNAPSHOT_DEFINITIONS,
  });
  const { $schema, title, description, ...rest } = generated;
  return { $schema, $id: ID, title, description, ...rest };
}

/** The file's text: the schema, formatted as the repository's Prettier formats JSON. */
export async function publishedSnapshotSchemaText(): Promise<string> {
  const options = await resolveConfig(SNAPSHOT_SCHEMA_PATH);
  return format(JSON.stringify(publishedSnapshotSchema()), { ...options, parser: 'json' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SNAPSHOT_SCHEMA_PATH, await publishedSnapshotSchemaText());
  console.log(`Wrote ${SNAPSHOT_SCHEMA_PATH}`);
}
