/**
 * The export id: a random id this browser writes into every snapshot it exports, so it knows
 * its own files again when they come back (a file dropped by mistake, a review of one's own
 * assessment), without trusting the name in the file. It is made on the first export, kept in
 * a collection (so a backup carries it to a new browser), and says nothing about the person.
 */
import { defineCollection, type Collection } from './collection.ts';

/** The one entry's key. */
export const EXPORT_ID_KEY = 'this-browser';

export const EXPORT_ID: Collection<string> = defineCollection('export-id', () =>
  import('./schemas/fields.ts').then((fields) => fields.exportId),
);

/** A new export id: a random UUID (36 characters, letters, digits and `-`). */
export function newExportId(random: () => string = () => crypto.randomUUID()): string {
  return random();
}
