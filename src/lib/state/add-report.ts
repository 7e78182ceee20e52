/**
 * What the library says of each file the user tries to add (see `Library`): the report a
 * component shows, and the source it keeps until the user decides.
 */
import type { AddOutcome } from '../core/add-outcome.ts';

/** What happened to one file the user tried to add. */
export interface AddReport {
  id: number;
  origin: string;
  outcome: AddOutcome;
  /**
   * `waiting`: it has warnings, the user decides; `added` / `updated` / `unchanged` /
   * `refused`: done; `declined`: the user chose not to add it.
   */
  status: 'waiting' | 'added' | 'updated' | 'unchanged' | 'refused' | 'declined';
  /** Set for `added` and `updated`: the id to open. */
  frameworkId?: string;
}

export interface Source {
  text: string;
  origin: string;
  /** How reading its bytes went, when that is worth a warning (see `decodeText`). */
  decodingWarning?: string | null;
}
