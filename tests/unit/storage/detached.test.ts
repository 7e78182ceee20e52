import { afterEach, describe, expect, it } from 'vitest';
import type { CriterionProgress } from '../../../src/lib/core/progress.ts';
import {
  createMemoryStore,
  MemoryDatabase,
  type ProgressStore,
  type StorageProblem,
} from '../../../src/lib/storage/index.ts';
import { detachedRecordsKey } from '../../../src/lib/storage/keys.ts';

const opened: ProgressStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

function memoryStore(database: MemoryDatabase): ProgressStore {
  const store = createMemoryStore({ database });
  opened.push(store);
  return store;
}

const FRAMEWORK = 'engineering/backend';

function record(criterionId: string, updatedAt = '2026-01-05T09:30:00.000Z'): CriterionProgress {
  return {
    frameworkId: FRAMEWORK,
    criterionId,
    state: 'demonstrated',
    evidence: `Evidence for ${criterionId}`,
    updatedAt,
    topic: 'Reworded topic',
    level: 2,
    text: `Worded as it was: ${criterionId}`,
  };
}

const kept = record('impact.2.000000000001');
const aside = [record('gone.2.000000000001'), record('gone.2.000000000002')];

/** A store holding one kept record and two detached ones, restored as a backup restores them. */
async function restored(database = new MemoryDatabase()) {
  const store = memoryStore(database);
  const problems: StorageProblem[] = [];
  store.onProblem((problem) => problems.push(problem));
  await store.replaceAll(
    { frameworks: [{ frameworkId: FRAMEWORK, settings: null, criteria: [kept] }], collections: {} },
    new Map([[FRAMEWORK, aside]]),
  );
  return { store, database, problems };
}

/** Stores `records` as the framework's detached records, as this version writes them. */
function keepAside(database: MemoryDatabase, records: unknown[]): void {
  database.apply([
    {
      type: 'put',
      key: detachedRecordsKey(FRAMEWORK),
      value: { v: 1, json: JSON.stringify(records) },
    },
  ]);
}

describe('detached progress', () => {
  it('is kept aside by a restore: a load reads only its ids, the list reads the records', async () => {
    const { store, database } = await restored();
    expect(await store.loadFramework(FRAMEWORK)).toEqual([kept]);
    expect(await store.loadDetachedIds(FRAMEWORK)).toEqual(aside.map((one) => one.criterionId));
    expect(await store.loadDetached(FRAMEWORK)).toEqual(aside);
    // Two entries, however many records: the cost of a restore and a load does not grow per record.
    expect(
      database.keys(null).filter((key) => Array.isArray(key) && key[0] === 'detached'),
    ).toEqual([
      ['detached', FRAMEWORK, 'ids'],
      ['detached', FRAMEWORK, 'records'],
    ]);
    expect(await store.listFrameworks()).toEqual([FRAMEWORK]);
  });

  it('is in every backup, as the records it was restored from', async () => {
    const { store } = await restored();
    const contents = await store.exportAll();
    expect(contents.frameworks).toEqual([
      { frameworkId: FRAMEWORK, settings: null, criteria: [...aside, kept] },
    ]);
  });

  it('takes records out and keeps others per criterion in one step', async () => {
    const { store } = await restored();
    const back = aside[0]!;
    expect(
      await store.changeDetached(FRAMEWORK, { remove: [back.criterionId], attach: [back] }),
    ).toBe(true);
    expect(await store.loadDetachedIds(FRAMEWORK)).toEqual([aside[1]!.criterionId]);
    expect(await store.loadFramework(FRAMEWORK)).toEqual([back, kept]);
    // The last one out deletes both entries.
    await store.changeDetached(FRAMEWORK, { remove: [aside[1]!.criterionId] });
    expect(await store.loadDetachedIds(FRAMEWORK)).toEqual([]);
    expect(await store.loadDetached(FRAMEWORK)).toEqual([]);
  });

  it('never writes an attached record over a newer one kept per criterion', async () => {
    const { store } = await restored();
    const newer = {
      ...aside[0]!,
      state: 'not-applicable' as const,
      updatedAt: '2026-02-01T00:00:00.000Z',
    };
    await store.putCriterion(newer);
    await store.changeDetached(FRAMEWORK, { remove: [newer.criterionId], attach: [aside[0]!] });
    expect(
      (await store.loadFramework(FRAMEWORK)).find((one) => one.criterionId === newer.criterionId),
    ).toEqual(newer);
  });

  it('stays through an import that replaces the framework’s records, and goes when they are deleted', async () => {
    const { store } = await restored();
    await store.replaceFramework(FRAMEWORK, [], null);
    expect(await store.loadDetached(FRAMEWORK)).toEqual(aside);
    await store.replaceFramework(FRAMEWORK, [], null, [], { dropDetached: true });
    expect(await store.loadDetachedIds(FRAMEWORK)).toEqual([]);
    expect(await store.listFrameworks()).toEqual([]);
  });

  it('that cannot be read is reported, left as it is, and changes nothing', async () => {
    const { store, database, problems } = await restored();
    database.apply([
      { type: 'put', key: detachedRecordsKey(FRAMEWORK), value: { v: 1, json: '[{' } },
    ]);
    expect(await store.loadDetached(FRAMEWORK)).toEqual([]);
    expect(await store.changeDetached(FRAMEWORK, { remove: [aside[0]!.criterionId] })).toBe(false);
    expect(await store.loadDetachedIds(FRAMEWORK)).toEqual(aside.map((one) => one.criterionId));
    expect(problems.map((problem) => [problem.kind, problem.key])).toEqual([
      ['unreadable', JSON.stringify(detachedRecordsKey(FRAMEWORK))],
      ['unreadable', JSON.stringify(detachedRecordsKey(FRAMEWORK))],
    ]);
    expect(problems[0]!.message).toMatch(/not valid JSON/);
  });

  it('refuses a record that names another framework than its key', async () => {
    const { store, database, problems } = await restored();
    const stranger = { ...aside[0]!, frameworkId: 'engineering/web' };
    keepAside(database, [stranger]);
    expect(await store.loadDetached(FRAMEWORK)).toEqual([]);
    expect(problems.at(-1)?.message).toContain(
      '`json[0].frameworkId` names engineering/web, not its key',
    );
  });

  it('is read through its schemas, which name the field that is wrong', async () => {
    const { store, database, problems } = await restored();
    const bad = { ...aside[0]!, state: 'done' };
    keepAside(database, [bad]);
    database.apply([
      { type: 'put', key: ['detached', FRAMEWORK, 'ids'], value: { v: 1, ids: ['a', 3] } },
    ]);
    expect(await store.loadDetached(FRAMEWORK)).toEqual([]);
    expect(await store.loadDetachedIds(FRAMEWORK)).toEqual([]);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('`json[0].state` should be one of'),
      expect.stringContaining('`ids[1]` should be a non-empty string'),
    ]);
  });

  it('of a newer version is left alone', async () => {
    const { store, database, problems } = await restored();
    database.apply([
      { type: 'put', key: detachedRecordsKey(FRAMEWORK), value: { v: 99, json: '' } },
    ]);
    expect(await store.changeDetached(FRAMEWORK, { remove: [aside[0]!.criterionId] })).toBe(false);
    expect(database.get(detachedRecordsKey(FRAMEWORK))).toEqual({ v: 99, json: '' });
    expect(problems.at(-1)?.kind).toBe('newer-version');
  });
});
