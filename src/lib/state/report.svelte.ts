import { defineCollection } from '../core/collection.ts';
import type { ReportOptions, ReportSubject } from '../core/report.ts';
import type { Assessment } from './assessment.svelte.ts';
import type { SavedProgress } from './saved-progress.svelte.ts';

/** The longest name kept: as for the name in a snapshot. */
export const PERSON_LENGTH = 200;

/** The person's name for their reports, kept between visits (and in backups). */
export const REPORT_PERSON = defineCollection<string>('report-person', () =>
  import('../core/schemas/fields.ts').then((fields) => fields.text(PERSON_LENGTH)),
);

const PERSON_KEY = 'me';

/**
 * What a report shows, as the person chose it: with or without evidence, everything or only
 * what is demonstrated or not applicable, and the name on their own report (kept between
 * visits). The same choices give the page, the print, the Markdown and the share link.
 */
export class ReportChoices {
  evidence = $state(true);
  onlyShown = $state(false);
  #person = $state('');
  readonly #saved: SavedProgress | null;

  /** `saved`: where the name is kept; null keeps it for this page only. */
  constructor(saved: SavedProgress | null) {
    this.#saved = saved;
  }

  get options(): ReportOptions {
    return { evidence: this.evidence, onlyShown: this.onlyShown };
  }

  get person(): string {
    return this.#person;
  }

  /** Reads the kept name; a store that cannot be read leaves it empty. */
  async load(): Promise<void> {
    if (!this.#saved) return;
    try {
      const kept = (await this.#saved.loadCollection(REPORT_PERSON)).get(PERSON_KEY);
      if (kept !== undefined && this.#person === '') this.#person = kept;
    } catch {
      // The name is a convenience: without storage it is typed again.
    }
  }

  /** Takes a new name and keeps it (trimmed; empty forgets it). */
  async setPerson(name: string): Promise<void> {
    this.#person = name.slice(0, PERSON_LENGTH);
    if (!this.#saved) return;
    const trimmed = this.#person.trim();
    try {
      if (trimmed === '') await this.#saved.deleteEntry(REPORT_PERSON, PERSON_KEY);
      else await this.#saved.putEntry(REPORT_PERSON, PERSON_KEY, trimmed);
    } catch {
      // Kept for this page; storage problems are shown where the app reports them.
    }
  }
}

/** The person's own assessment as a report shows it and a share link carries it, at `date`. */
export function ownSubject(assessment: Assessment, person: string, date: string): ReportSubject {
  return {
    framework: assessment.framework,
    stateOf: assessment.stateOf,
    noteOf: (id) => assessment.record(id),
    threshold: assessment.threshold,
    target: assessment.target,
    person: person.trim() || null,
    date,
  };
}
