import { readFileSync } from 'node:fs';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { USER_FRAMEWORKS } from '../../../src/lib/core/library.ts';
import type { CriterionProgress } from '../../../src/lib/core/progress.ts';
import { Assessment } from '../../../src/lib/state/assessment.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import {
  createIndexedDbStore,
  createMemoryStore,
  MemoryDatabase,
  type ProgressStore,
} from '../../../src/lib/storage/index.ts';
import { fixtureFramework } from '../../ui/helpers.ts';

const framework = fixtureFramework('small.md');
const [first, second, third] = framework.topics[0]!.levels[0]!.criteria.concat(
  framework.topics[0]!.levels[1]!.criteria,
);
const stores: ProgressStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

/** A tab: an assessment kept by a SavedProgress on `database`, telling other tabs of changes. */
async function openTab(database: MemoryDatabase) {
  const store = createMemoryStore({
    database,
    BroadcastChannel,
    channelName: database === shared ? 'shared' : 'own',
  });
  stores.push(store);
  const saved = new SavedProgress({ open: async () => store });
  const assessment = new Assessment(framework, saved);
  await saved.connect(assessment);
  return { store, saved, assessment };
}
let shared = new MemoryDatabase();

async function until(check: () => boolean, ms = 1000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SavedProgress', () => {
  it('writes a tick at once, so a new tab (a reload) shows it', async () => {
    const database = new MemoryDatabase();
    const tab = await openTab(database);
    tab.assessment.setDemonstrated(first!, true);
    await until(() => database.keys(null).length > 0);
    const reloaded = await openTab(database);
    expect(reloaded.assessment.state(first!.id)).toBe('demonstrated');
  });

  it('keeps ticks made before the store opened, and writes them once it has', async () => {
    const database = new MemoryDatabase();
    const store = createMemoryStore({ database });
    stores.push(store);
    await store.putCriterion({
      frameworkId: framework.id,
      criterionId: second!.id,
      state: 'demonstrated',
      updatedAt: '2026-01-01T00:00:00.000Z',
      topic: second!.topic,
      level: second!.level,
      text: second!.text,
    });
    let open!: (store: ProgressStore) => void;
    const saved = new SavedProgress({ open: () => new Promise((resolve) => (open = resolve)) });
    const assessment = new Assessment(framework, saved);
    const connecting = saved.connect(assessment);
    assessment.setDemonstrated(first!, true);
    open(store);
    await connecting;
    expect(assessment.state(first!.id)).toBe('demonstrated');
    expect(assessment.state(second!.id)).toBe('demonstrated');
    const stored = await store.loadFramework(framework.id);
    expect(stored.map((record) => record.criterionId).sort()).toEqual(
      [first!.id, second!.id].sort(),
    );
  });

  it('keeps two tabs in step, and edits of different criteria in both survive', async () => {
    shared = new MemoryDatabase();
    const one = await openTab(shared);
    const two = await openTab(shared);
    one.assessment.setDemonstrated(first!, true);
    two.assessment.setEvidence(third!, 'Wrote the on-call guide');
    two.assessment.flush();
    await until(() => two.assessment.state(first!.id) === 'demonstrated');
    await until(() => one.assessment.record(third!.id)?.evidence === 'Wrote the on-call guide');
    const reloaded = await openTab(shared);
    expect(reloaded.assessment.state(first!.id)).toBe('demonstrated');
    expect(reloaded.assessment.record(third!.id)?.evidence).toBe('Wrote the on-call guide');
  });

  it('says when storage is unavailable, keeps working in memory and still makes backups', async () => {
    const store = createIndexedDbStore({ indexedDB: undefined, onProblem: () => {} });
    stores.push(store);
    const saved = new SavedProgress({ open: async () => store });
    const assessment = new Assessment(framework, saved);
    await saved.connect(assessment);
    expect(saved.status).toBe('unavailable');
    assessment.setDemonstrated(first!, true);
    const { text } = await saved.backup();
    const backup = JSON.parse(text) as { frameworks: { criteria: CriterionProgress[] }[] };
    expect(backup.frameworks[0]!.criteria.map((record) => record.criterionId)).toEqual([first!.id]);
  });

  it('restores a backup without the frameworks adding one would refuse, and says which', async () => {
    const database = new MemoryDatabase();
    const saved = new SavedProgress({
      open: async () => createMemoryStore({ database }),
      shippedIds: ['engineering/backend'],
    });
    const assessment = new Assessment(framework, saved);
    await saved.connect(assessment);
    const { text } = await saved.backup();
    const team = readFileSync('tests/fixtures/frameworks/byo-team.md', 'utf8');
    const teamId = parseFramework(team, 'byo-team.md');
    if (!teamId.ok) throw new Error('byo-team.md does not parse');
    const entry = (key: string, source: unknown) => ({
      key,
      value: { source, origin: `${key}.md`, addedAt: '2026-01-01T00:00:00.000Z' },
    });
    const backup = JSON.parse(text) as { collections: Record<string, unknown[]> };
    backup.collections.frameworks = [
      entry('engineering/backend', team),
      entry(teamId.framework.id, team),
      entry('bomb', readFileSync('tests/fixtures/frameworks/alias-bomb.md', 'utf8')),
      entry('elsewhere', team),
      entry('not-text', 42),
    ];
    const result = await saved.restore(JSON.stringify(backup));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.leftOut.map((problem) => problem.field)).toEqual([
      'collections.frameworks[0]',
      'collections.frameworks[2]',
      'collections.frameworks[3]',
      'collections.frameworks[4]',
    ]);
    expect(result.leftOut[0]!.message).toContain('comes with the app');
    expect(result.leftOut[3]!.message).toContain('not a framework file');
    const kept = await saved.loadCollection(USER_FRAMEWORKS);
    expect([...kept.keys()]).toEqual([teamId.framework.id]);
  });

  it('takes times of a restored backup more than a day ahead as the restore’s, as an import does', async () => {
    const now = new Date('2026-03-01T12:00:00.000Z');
    const database = new MemoryDatabase();
    const saved = new SavedProgress({
      open: async () => createMemoryStore({ database }),
      now: () => now,
    });
    const assessment = new Assessment(framework, saved);
    await saved.connect(assessment);
    assessment.setDemonstrated(first!, true);
    assessment.setDemonstrated(second!, true);
    assessment.setThreshold(70);
    const backup = JSON.parse((await saved.backup()).text) as {
      frameworks: { settings: { updatedAt: string }; criteria: CriterionProgress[] }[];
    };
    const [ahead, withinADay] = backup.frameworks[0]!.criteria;
    ahead!.updatedAt = '9999-12-31T00:00:00.000Z';
    withinADay!.updatedAt = '2026-03-02T11:00:00.000Z';
    backup.frameworks[0]!.settings.updatedAt = '2031-01-01T00:00:00.000Z';

    const result = await saved.restore(JSON.stringify(backup));
    expect(result).toEqual({ ok: true, leftOut: [], futureTimes: 2 });
    const records = await saved.loadRecords(framework.id);
    expect(records.find((record) => record.criterionId === ahead!.criterionId)?.updatedAt).toBe(
      now.toISOString(),
    );
    expect(
      records.find((record) => record.criterionId === withinADay!.criterionId)?.updatedAt,
    ).toBe('2026-03-02T11:00:00.000Z');
    expect((await saved.loadSettings(framework.id))?.updatedAt).toBe(now.toISOString());
  });

  it('restores a backup exactly after everything was deleted, and a bad file changes nothing', async () => {
    const database = new MemoryDatabase();
    const tab = await openTab(database);
    tab.assessment.setDemonstrated(first!, true);
    tab.assessment.setNotApplicable(second!, true, 'No on-call');
    tab.assessment.setThreshold(70);
    const { text } = await tab.saved.backup();
    await tab.saved.deleteAll();
    flushSync();
    expect(tab.assessment.records).toEqual([]);
    expect(tab.assessment.threshold).toBe(80);
    const rejected = await tab.saved.restore('{"format":"progression.backup","version":99}');
    expect(rejected.ok).toBe(false);
    expect(tab.assessment.records).toEqual([]);
    expect(await tab.saved.restore(text)).toEqual({ ok: true, leftOut: [], futureTimes: 0 });
    expect(tab.assessment.state(first!.id)).toBe('demonstrated');
    expect(tab.assessment.record(second!.id)).toMatchObject({
      state: 'not-applicable',
      reason: 'No on-call',
    });
    expect(tab.assessment.threshold).toBe(70);
    expect((await tab.saved.backup()).text.replace(/"exportedAt": "[^"]+"/, '')).toBe(
      text.replace(/"exportedAt": "[^"]+"/, ''),
    );
  });

  it('asks the browser to keep storage and reports its answer', async () => {
    const persist = vi.fn(async () => 'not-persisted' as const);
    const saved = new SavedProgress({ open: async () => createMemoryStore(), persist });
    await saved.connect(new Assessment(framework, saved));
    expect(persist).toHaveBeenCalledOnce();
    expect(saved.persistence).toBe('not-persisted');
  });
});

describe('leaving the page before storage has opened', () => {
  it('notes the changes not yet written, so the next page can keep them', () => {
    const noted: CriterionProgress[][] = [];
    const saved = new SavedProgress({
      open: () => new Promise(() => {}),
      noteAtExit: (records) => noted.push([...records]),
    });
    const assessment = new Assessment(framework, saved);
    assessment.setDemonstrated(first!, true);
    assessment.setEvidence(second!, 'Typed at once');
    assessment.flush(true);
    saved.atExit();
    expect(noted).toHaveLength(1);
    expect(noted[0]!.map((record) => [record.criterionId, record.state, record.evidence])).toEqual([
      [first!.id, 'demonstrated', undefined],
      [second!.id, 'not-yet', 'Typed at once'],
    ]);
  });
});
