import { SvelteMap } from 'svelte/reactivity';
import type { CriterionProgress } from '../core/progress.ts';

/** One criterion's record as a signal of its own. */
class RecordCell {
  value = $state.raw<CriterionProgress | undefined>(undefined);
}

/**
 * Records by criterion id, where reading one criterion's record depends on that criterion
 * alone. A `SvelteMap` makes every read of a missing key depend on the whole map (so that it
 * hears when the key is added): on a framework with thousands of criteria, mostly unticked,
 * each tick would then wake every criterion on the page. Here each of the framework's criteria
 * has its own signal; other keys (progress on criteria the framework lacks) and iteration
 * behave as in a `SvelteMap`.
 */
export class RecordMap extends SvelteMap<string, CriterionProgress> {
  readonly #cells = new Map<string, RecordCell>();

  constructor(criterionIds: Iterable<string>) {
    super();
    for (const id of criterionIds) this.#cells.set(id, new RecordCell());
  }

  override get(key: string): CriterionProgress | undefined {
    const cell = this.#cells.get(key);
    return cell ? cell.value : super.get(key);
  }

  override set(key: string, value: CriterionProgress): this {
    super.set(key, value);
    const cell = this.#cells.get(key);
    if (cell) cell.value = value;
    return this;
  }

  override delete(key: string): boolean {
    const cell = this.#cells.get(key);
    if (cell) cell.value = undefined;
    return super.delete(key);
  }

  override clear(): void {
    for (const cell of this.#cells.values()) cell.value = undefined;
    super.clear();
  }
}
