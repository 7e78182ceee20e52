import { EXPORT_ID, EXPORT_ID_KEY, newExportId } from '../core/export-id.ts';
import type { SavedProgress } from './saved-progress.svelte.ts';

/**
 * This browser's export id (`core/export-id.ts`), which its snapshots and reviews carry: made
 * and kept on first use. Storage that cannot keep it gives an id for this page only: the file is
 * still written, and known again while the page is open.
 */
export class BrowserExportId {
  readonly #saved: SavedProgress;
  /** The id of this page, when storage could not keep one. */
  #pageId: string | null = null;

  constructor(saved: SavedProgress) {
    this.#saved = saved;
  }

  /** The id, made and kept first when there is none. */
  async get(): Promise<string> {
    const kept = await this.kept();
    if (kept) return kept;
    const made = newExportId();
    try {
      await this.#saved.putEntry(EXPORT_ID, EXPORT_ID_KEY, made);
    } catch {
      // Kept for this page; storage problems are shown where the app reports them.
      this.#pageId = made;
    }
    return made;
  }

  /**
   * The id if one was made, else null. Read each time, not remembered: "Delete all my data"
   * forgets it too.
   */
  async kept(): Promise<string | null> {
    try {
      const kept = (await this.#saved.loadCollection(EXPORT_ID)).get(EXPORT_ID_KEY);
      return kept ?? this.#pageId;
    } catch {
      return this.#pageId;
    }
  }
}
