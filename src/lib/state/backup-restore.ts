/**
 * Restoring a backup file: checked, each framework it adds checked as adding a file checks it,
 * the person's own assessment on screen kept as a checkpoint, and progress on criteria a
 * framework does not have kept aside as detached progress (see the store's `replaceAll`), so
 * that the largest backup restores in one quick step and later loads do not read it.
 */
import type { BackupContents, FrameworkProgress } from '../core/backup.ts';
import { BASE_ID_PREFIX } from '../core/base-framework-id.ts';
import { allCriteria } from '../core/model.ts';
import type { Problem } from '../core/problem.ts';
import type { CriterionProgress } from '../core/progress.ts';
import type { ProgressStore } from '../storage/index.ts';
import type { Assessment } from './assessment.svelte.ts';

/** The criterion ids a framework has, or null when it is not known here. */
export type KnownCriteria = (frameworkId: string) => Promise<ReadonlySet<string> | null>;

export interface RestoreSetup {
  store: ProgressStore;
  now: Date;
  /** Ids of the frameworks that ship with the app: a restored backup never adds one of these. */
  shippedIds: readonly string[];
  /** The assessment on screen, kept as a checkpoint in the restored log. */
  assessment: Assessment | null;
  knownCriteria: KnownCriteria | undefined;
}

export type RestoreOutcome =
  { ok: true; leftOut: Problem[]; futureTimes: number } | { ok: false; problems: Problem[] };

export async function restoreBackup(text: string, setup: RestoreSetup): Promise<RestoreOutcome> {
  // Backup code loads when it is used, keeping it out of the first view.
  const [
    { parseBackup, takeFutureTimesAsNow },
    { checkRestoredFrameworks },
    { CHECKPOINTS },
    writes,
  ] = await Promise.all([
    import('../core/backup.ts'),
    import('../core/restore-check.ts'),
    import('../core/checkpoint.ts'),
    import('./checkpoint-writes.ts'),
  ]);
  const known = [{ name: CHECKPOINTS.name, schema: await CHECKPOINTS.loadSchema() }];
  const parsed = parseBackup(text, { collections: known });
  if (!parsed.ok) return parsed;
  const checked = checkRestoredFrameworks(parsed.backup, setup.shippedIds);
  const { backup, futureTimes } = takeFutureTimesAsNow(checked.backup, setup.now);
  const { assessment } = setup;
  let contents: BackupContents = backup;
  if (assessment) {
    // The person's own assessment on screen is kept as a checkpoint, in the restored log.
    assessment.flush();
    contents = await writes.withCheckpoint(
      contents,
      writes.stateOf(assessment.framework, assessment.records, assessment.storedSettings),
      { frameworkId: assessment.framework.id, cause: 'before-backup-restore', takenAt: setup.now },
    );
  }
  const split = await detach(contents, async (frameworkId) =>
    assessment?.framework.id === frameworkId
      ? new Set(allCriteria(assessment.framework).map((criterion) => criterion.id))
      : ((await setup.knownCriteria?.(frameworkId)) ?? null),
  );
  await setup.store.replaceAll(split.contents, split.detached);
  return { ok: true, leftOut: checked.leftOut, futureTimes };
}

/**
 * `contents` with the progress on criteria a framework does not have taken out, and that
 * progress by framework. A framework whose criteria are not known here keeps all its records,
 * as do records of a base framework's criteria (parked while the base is not merged in).
 */
export async function detach(
  contents: BackupContents,
  knownCriteria: KnownCriteria,
): Promise<{ contents: BackupContents; detached: Map<string, CriterionProgress[]> }> {
  const detached = new Map<string, CriterionProgress[]>();
  const frameworks: FrameworkProgress[] = [];
  for (const framework of contents.frameworks) {
    const known = await knownCriteria(framework.frameworkId);
    if (!known) {
      frameworks.push(framework);
      continue;
    }
    const kept: CriterionProgress[] = [];
    const aside: CriterionProgress[] = [];
    for (const record of framework.criteria) {
      const stays = known.has(record.criterionId) || record.criterionId.startsWith(BASE_ID_PREFIX);
      (stays ? kept : aside).push(record);
    }
    frameworks.push({ ...framework, criteria: kept });
    if (aside.length > 0) detached.set(framework.frameworkId, aside);
  }
  return { contents: { ...contents, frameworks }, detached };
}
