import type { Framework } from './model.ts';

/** Id of the script element that carries the prerendered page's data. */
export const PAGE_DATA_ID = 'progression-data';

/** What a prerendered page carries for hydration. */
export interface PageData {
  framework: Framework;
}

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

/** Reads page data written by `serialisePageData`; null when absent or not the expected shape. */
export function parsePageData(text: string | null | undefined): PageData | null {
  if (!text) return null;
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null || !('framework' in data)) return null;
    const framework = (data as { framework: unknown }).framework;
    if (
      typeof framework !== 'object' ||
      framework === null ||
      !('id' in framework) ||
      !('topics' in framework)
    )
      return null;
    return data as PageData;
  } catch {
    return null;
  }
}
