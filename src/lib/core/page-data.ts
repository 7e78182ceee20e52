import type { Framework } from './model.ts';
import { FrameworkSchema } from './schemas/framework-model.ts';
import { check, object } from './schemas/read.ts';

/** Id of the script element that carries the prerendered page's data. */
export const PAGE_DATA_ID = 'progression-data';

/** What a prerendered page carries for hydration. */
export interface PageData {
  framework: Framework;
}

const PageDataSchema = object({ framework: FrameworkSchema });

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` are escaped so no
 * text from a framework file can close the element or start markup.
 */
export function serialisePageData(data: PageData): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Reads page data written by `serialisePageData`: null when absent, not JSON or not the shape
 * of `PageData` (the page then renders from the framework file, as without prerendering).
 */
export function parsePageData(text: string | null | undefined): PageData | null {
  if (!text) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const read = check(PageDataSchema, data);
  return read.ok ? read.value : null;
}
