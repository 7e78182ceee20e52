import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeBase } from '../../../src/lib/core/base-framework.ts';
import {
  addCheckpoint,
  deleteCheckpoint,
  emptyLog,
  progressState,
  recordsOf,
  renameCheckpoint,
  settingsOf,
  type CheckpointCause,
  type CheckpointLog,
  type ProgressState,
} from '../../../src/lib/core/checkpoint.ts';
import { decodeLog, encodeLog } from '../../../src/lib/core/checkpoint-log.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionProgress, FrameworkSettings } from '../../../src/lib/core/progress.ts';
import { StoredCheckpointLogSchema } from '../../../src/lib/core/schemas/checkpoint.ts';
import { check } from '../../../src/lib/core/schemas/read.ts';
import { usable } from './framework-fixture.ts';

const tiny = usable('scoring-tiny.md').framework;
const ids = allCriteria(tiny).map((criterion) => criterion.id);

function record(
  framework: Framework,
  criterionId: string,
  fields: Partial<CriterionProgress> = {},
): CriterionProgress {
  const criterion = allCriteria(framework).find((candidate) => candidate.id === criterionId)!;
  return {
    frameworkId: framework.id,
    criterionId,
    state: 'demonstrated',
    updatedAt: '2026-03-01T10:00:00.000Z',
    topic: criterion.topic,
    level: criterion.level,
    text: criterion.text,
    ...fields,
  };
}

function stateOf(
  framework: Framework,
  records: CriterionProgress[],
  settings: FrameworkSettings | null = null,
): ProgressState {
  return progressState(
    { id: framework.id, sourceHash: framework.sourceHash, criteria: allCriteria(framework) },
    records,
    settings,
  );
}

function take(log: CheckpointLog, state: ProgressState, cause: CheckpointCause = 'saved', day = 1) {
  return addCheckpoint(log, state, {
    name: '',
    cause,
    takenAt: new Date(Date.UTC(2026, 0, day)),
  });
}

/** The log as storage keeps it, read back through its schema. */
function roundTrip(log: CheckpointLog): CheckpointLog {
  const json: unknown = JSON.parse(JSON.stringify(encodeLog(log)));
  const checked = check(StoredCheckpointLogSchema, json);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return decodeLog(checked.value);
}

describe('adding a checkpoint', () => {
  it('keeps a copy of the records, settings, framework hash and every criterion text', () => {
    const records = [record(tiny, ids[0]!, { evidence: 'PR #12' })];
    const settings = {
      frameworkId: tiny.id,
      threshold: 70,
      target: 2,
      updatedAt: records[0]!.updatedAt,
    };
    const { log, checkpoint, added } = take(emptyLog(tiny.id), stateOf(tiny, records, settings));
    expect(added).toBe(true);
    expect(log.checkpoints).toHaveLength(1);
    expect(checkpoint).toMatchObject({ id: '1', name: 'Checkpoint', cause: 'saved' });
    expect(checkpoint.frameworkHash).toBe(tiny.sourceHash);
    expect(checkpoint.criteria.map((criterion) => criterion.text)).toEqual(
      allCriteria(tiny).map((criterion) => criterion.text),
    );
    expect(recordsOf(checkpoint, tiny.id)).toEqual(records);
    expect(settingsOf(checkpoint, tiny.id)).toEqual(settings);
    records[0]!.state = 'not-yet';
    expect(checkpoint.records[0]!.state).toBe('demonstrated');
  });

  it('never adds one identical to the checkpoint before it, and points at that one instead', () => {
    const state = stateOf(tiny, [record(tiny, ids[0]!)]);
    const first = take(emptyLog(tiny.id), state);
    const second = take(first.log, stateOf(tiny, [record(tiny, ids[0]!)]), 'shared', 2);
    expect(second.added).toBe(false);
    expect(second.log).toBe(first.log);
    expect(second.checkpoint.id).toBe('1');
  });

  it('adds one when only the settings changed', () => {
    const first = take(emptyLog(tiny.id), stateOf(tiny, []));
    const settings = {
      frameworkId: tiny.id,
      threshold: 60,
      target: null,
      updatedAt: '2026-01-02T00:00:00.000Z',
    };
    expect(take(first.log, stateOf(tiny, [], settings)).added).toBe(true);
  });

  it('names an unnamed checkpoint by its cause, and gives each a new id', () => {
    let log = emptyLog(tiny.id);
    log = take(log, stateOf(tiny, []), 'before-import').log;
    log = take(log, stateOf(tiny, [record(tiny, ids[0]!)]), 'before-quick-start').log;
    expect(log.checkpoints.map(({ id, name }) => [id, name])).toEqual([
      ['1', 'Before an import'],
      ['2', 'Before a quick start'],
    ]);
  });

  it('throws for a record of another framework', () => {
    expect(() => stateOf(tiny, [{ ...record(tiny, ids[0]!), frameworkId: 'other' }])).toThrow(
      /is for "other"/,
    );
  });
});

describe('renaming and deleting', () => {
  it('renames one checkpoint; a blank name keeps the old one', () => {
    const { log } = take(emptyLog(tiny.id), stateOf(tiny, []));
    expect(renameCheckpoint(log, '1', '  Q3 review ').checkpoints[0]!.name).toBe('Q3 review');
    expect(renameCheckpoint(log, '1', '   ').checkpoints[0]!.name).toBe('Checkpoint');
  });

  it('deletes a checkpoint in the middle, and the others still decode whole', () => {
    let log = emptyLog(tiny.id);
    for (let count = 1; count <= 3; count += 1)
      log = take(
        log,
        stateOf(
          tiny,
          ids.slice(0, count).map((id) => record(tiny, id)),
        ),
        'saved',
        count,
      ).log;
    const without = roundTrip(deleteCheckpoint(log, '2'));
    expect(without.checkpoints.map((checkpoint) => checkpoint.records.length)).toEqual([1, 3]);
    expect(without.nextId).toBe(4);
  });

  it('drops an undo whose checkpoint is deleted', () => {
    const { log } = take(emptyLog(tiny.id), stateOf(tiny, []));
    const withUndo: CheckpointLog = {
      ...log,
      undo: {
        kind: 'import',
        label: 'a.json',
        checkpointId: '1',
        unloadFramework: null,
        at: log.checkpoints[0]!.takenAt,
      },
    };
    expect(deleteCheckpoint(withUndo, '1').undo).toBeNull();
  });
});

describe('the stored log', () => {
  it('keeps the first checkpoint whole and later ones as what changed, and reads back the same', () => {
    let log = emptyLog(tiny.id);
    log = take(log, stateOf(tiny, [record(tiny, ids[0]!)]), 'saved', 1).log;
    log = take(
      log,
      stateOf(tiny, [record(tiny, ids[0]!), record(tiny, ids[1]!, { evidence: 'Runbook' })]),
      'saved',
      2,
    ).log;
    const stored = encodeLog(log);
    expect(stored.checkpoints[0]!.records).toMatchObject({ base: 'none' });
    expect(stored.checkpoints[1]!.criteria).toEqual({ base: 'previous', put: [], removed: [] });
    expect(stored.checkpoints[1]!.records.put.map((entry) => entry.criterionId)).toEqual([ids[1]]);
    expect(roundTrip(log)).toEqual(log);
  });

  it('stores a list whole when that is shorter than the difference', () => {
    const other = usable('small.md').framework;
    let log = take(emptyLog(tiny.id), stateOf(tiny, [])).log;
    log = take(log, { ...stateOf(other, []), frameworkHash: other.sourceHash }, 'saved', 2).log;
    expect(encodeLog(log).checkpoints[1]!.criteria.base).toBe('none');
    expect(roundTrip(log)).toEqual(log);
  });

  it('records removed between checkpoints are gone from the later one', () => {
    let log = take(
      emptyLog(tiny.id),
      stateOf(tiny, [record(tiny, ids[0]!), record(tiny, ids[1]!)]),
    ).log;
    log = take(log, stateOf(tiny, [record(tiny, ids[1]!)]), 'saved', 2).log;
    expect(encodeLog(log).checkpoints[1]!.records.removed).toEqual([ids[0]]);
    expect(roundTrip(log).checkpoints[1]!.records.map((entry) => entry.criterionId)).toEqual([
      ids[1],
    ]);
  });

  it('is refused by its schema when the first checkpoint is a difference or ids repeat', () => {
    let log = take(emptyLog(tiny.id), stateOf(tiny, [])).log;
    log = take(log, stateOf(tiny, [record(tiny, ids[0]!)]), 'saved', 2).log;
    const stored = encodeLog(log);
    const broken = {
      ...stored,
      checkpoints: [stored.checkpoints[1]!, { ...stored.checkpoints[1]! }],
    };
    const checked = check(StoredCheckpointLogSchema, JSON.parse(JSON.stringify(broken)));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((problem) => problem.field)).toEqual(
      expect.arrayContaining(['checkpoints[1].id', 'checkpoints[0].criteria.base']),
    );
  });

  it('reads hostile keys as inert data', () => {
    const stored = JSON.parse(
      JSON.stringify(encodeLog(take(emptyLog(tiny.id), stateOf(tiny, [])).log)).replace(
        '"frameworkId"',
        '"__proto__":{"polluted":true},"frameworkId"',
      ),
    ) as unknown;
    const checked = check(StoredCheckpointLogSchema, stored);
    expect(checked.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a year of weekly checkpoints of the backend framework', () => {
  it('stays under 1 MB of JSON, automatic checkpoints included', () => {
    const parse = (path: string) => {
      const parsed = parseFramework(readFileSync(path, 'utf8'), path);
      if (!parsed.ok) throw new Error(path);
      return parsed.framework;
    };
    const backend = mergeBase(
      parse('frameworks/monzo/engineering/backend.md'),
      parse('frameworks/monzo/generic.md'),
    );
    const criteria = allCriteria(backend);
    expect(criteria).toHaveLength(153);
    const records = new Map<string, CriterionProgress>();
    let log = emptyLog(backend.id);
    const start = Date.UTC(2026, 0, 5);
    const day = 24 * 60 * 60 * 1000;
    for (let week = 0; week < 52; week += 1) {
      // Each week: three criteria demonstrated, each with a paragraph of evidence, and the
      // evidence of one earlier criterion reworded.
      for (let step = 0; step < 3; step += 1) {
        const criterion = criteria[(week * 3 + step) % criteria.length]!;
        records.set(criterion.id, {
          ...record(backend, criterion.id),
          updatedAt: new Date(start + week * 7 * day + step * 1000).toISOString(),
          evidence: `Week ${week}: led the rollout of the payments ledger migration, see https://github.com/acme/payments/pull/${1000 + week * 3 + step} and the incident review notes in the team's folder.`,
        });
      }
      const automatic: CheckpointCause[] =
        week % 13 === 0
          ? ['before-import', 'before-backup-restore']
          : week % 4 === 0
            ? ['shared']
            : week === 1
              ? ['before-quick-start']
              : [];
      for (const [index, cause] of ['saved' as const, ...automatic].entries()) {
        const takenAt = new Date(start + week * 7 * day + (index + 1) * 60_000);
        log = addCheckpoint(log, stateOf(backend, [...records.values()]), {
          name: cause === 'saved' ? `Week ${week + 1}` : '',
          cause,
          takenAt,
        }).log;
        // An automatic checkpoint is taken before something changes the progress.
        const changed = [...records.values()][0]!;
        records.set(changed.criterionId, {
          ...changed,
          updatedAt: new Date(takenAt.getTime() + 1000).toISOString(),
        });
      }
    }
    const bytes = new TextEncoder().encode(JSON.stringify(encodeLog(log))).length;
    // 52 weekly ones, 8 around imports and restores, 12 shared and 1 before a quick start.
    expect(log.checkpoints).toHaveLength(73);
    expect(bytes).toBeLessThan(1024 * 1024);
    console.info(
      `A year of weekly checkpoints of the backend framework: ${log.checkpoints.length} checkpoints, ${bytes} bytes of JSON.`,
    );
    expect(roundTrip(log)).toEqual(log);
  });
});
