import type { CriterionProgress } from '../../src/lib/core/progress.ts';

/** The framework id the storage and backup tests keep progress for. */
export const BACKEND = 'engineering/backend';

/** A criterion record of `BACKEND`, demonstrated, with `fields` changed. */
export function progress(
  criterionId: string,
  fields: Partial<CriterionProgress> = {},
): CriterionProgress {
  return {
    frameworkId: BACKEND,
    criterionId,
    state: 'demonstrated',
    updatedAt: '2025-03-01T10:00:00.000Z',
    topic: 'Impact',
    level: 2,
    text: `Criterion ${criterionId}`,
    ...fields,
  };
}
