/**
 * Whether this browser keeps anything of the app, asked without opening (or creating) its
 * database: the home page reads the person's own frameworks only then, so a newcomer's home page
 * loads no storage code.
 */

/**
 * The IndexedDB database the app keeps everything in: the name `open.ts` gives it (its unit test
 * checks they agree). Spelled here, not imported, so the home page's script stays one file.
 */
export const DATABASE_NAME = 'progression';

/**
 * True when the app's database exists. Null when the browser cannot say (no
 * `indexedDB.databases()`, storage blocked): the caller decides from what else it knows.
 */
export async function hasStoredData(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<boolean | null> {
  try {
    if (typeof factory?.databases !== 'function') return null;
    const databases = await factory.databases();
    return databases.some((database) => database.name === DATABASE_NAME);
  } catch {
    return null;
  }
}
