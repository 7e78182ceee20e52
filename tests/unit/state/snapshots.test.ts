import { readFileSync } from 'node:fs';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { CHECKPOINTS, recordsOf } from '../../../src/lib/core/checkpoint.ts';
import { decodeLog } from '../../../src/lib/core/checkpoint-log.ts';
import { USER_FRAMEWORKS } from '../../../src/lib/core/library.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionProgress, FrameworkSettings } from '../../../src/lib/core/progress.ts';
import { buildSnapshot } from '../../../src/lib/core/snapshot.ts';
import { snapshotToText } from '../../../src/lib/core/snapshot-file.ts';
import { Assessment } from '../../../src/lib/state/assessment.svelte.ts';
import { RECEIVED, Snapshots } from '../../../src/lib/state/snapshots.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import { memoryStore } from './memory-stores.ts';
import { MemoryDatabase } from '../../../src/lib/storage/index.ts';
import { fixtureFramework, libraryOf } from '../../ui/helpers.ts';

const frameworkText = (name: string) => readFileSync(`tests/fixtures/frameworks/${name}`, 'utf8');
const snapshotText = (name: string) => readFileSync(`tests/fixtures/snapshots/${name}`, 'utf8');

/** The app's only shipped framework in these tests: ids `craft.1.…`, `people.2.…` and so on. */
const tiny = fixtureFramework('scoring-tiny.md');
const [writesTests, readsLogs, fixesFlaky, addsMetrics] = allCriteria(tiny);
const NOW = new Date('2026-02-01T12:00:00.000Z');

/**
 * One page load of the app on `database`: saved progress, a library with `scoring-tiny` as its
 * shipped framework, the assessment of that framework on screen, and its snapshots.
 */
async function openPage(database = new MemoryDatabase()) {
  const store = memoryStore(database);
  const saved = new SavedProgress({ open: async () => store, now: () => NOW });
  const library = libraryOf(tiny, saved);
  await library.load();
  // One clock for the page: its ticks are not in the future of its imports.
  const assessment = new Assessment(tiny, saved, () => NOW);
  await saved.connect(assessment);
  const snapshots = new Snapshots({
    saved,
    library,
    assessment: () => assessment,
    loadShippedSource: async (id) =>
      id === tiny.id ? frameworkText('scoring-tiny.md') : undefined,
    reload: async () => {},
    now: () => NOW,
  });
  await snapshots.loadReceived();
  return { database, store, saved, library, assessment, snapshots };
}

type Page = Awaited<ReturnType<typeof openPage>>;

/** Everything the store holds, as text: equal texts mean byte-identical entries. */
const contents = (page: Page) => JSON.stringify(page.database.entries(null));

/** The store's entries that are not received assessments: the person's own data. */
const ownContents = (page: Page) =>
  JSON.stringify(
    page.database
      .entries(null)
      .filter(([key]) => !(key[0] === 'collection' && key[1] === 'received')),
  );

/** Waits until the assessment's edits are in the store. */
async function stored(page: Page, count: number): Promise<void> {
  page.assessment.flush();
  await vi.waitFor(async () =>
    expect((await page.store.loadFramework(tiny.id)).length).toBe(count),
  );
}

/** The store's entries other than checkpoints: the progress and settings an undo puts back. */
const withoutCheckpoints = (page: Page) =>
  JSON.stringify(
    page.database
      .entries(null)
      .filter(([key]) => !(key[0] === 'collection' && key[1] === 'checkpoints')),
  );

/**
 * A snapshot text without the moment it was exported, which differs between two exports, and
 * the browser's export id, which deleting everything forgets.
 */
const withoutTime = (text: string) =>
  text.replace(/"exportedAt": "[^"]+"/, '').replace(/\s*"exportId": "[^"]+",/, '');

function record(
  criterionId: string,
  fields: Partial<CriterionProgress> & Pick<CriterionProgress, 'state' | 'updatedAt'>,
): CriterionProgress {
  const criterion = allCriteria(tiny).find((candidate) => candidate.id === criterionId)!;
  return {
    frameworkId: tiny.id,
    criterionId,
    topic: criterion.topic,
    level: criterion.level,
    text: criterion.text,
    ...fields,
  };
}

/** The text of a snapshot file of `framework` holding `records`. */
function fileOf(
  framework: Framework,
  records: CriterionProgress[],
  options: { role?: 'self' | 'manager'; source?: string; threshold?: number } = {},
): string {
  return snapshotToText(
    buildSnapshot({
      framework,
      records,
      settings: { threshold: options.threshold ?? 80, target: null },
      role: options.role ?? 'self',
      ...(options.source === undefined ? {} : { source: options.source }),
      exportedAt: new Date('2026-01-15T09:00:00.000Z'),
    }),
  );
}

describe('Snapshots: exporting and importing one’s own assessment', () => {
  /** Ticks, evidence and a reason, kept, then exported with the framework's source. */
  async function exportAfterEdits(page: Page, settings?: { threshold: number; target: number }) {
    page.assessment.setDemonstrated(writesTests!, true);
    page.assessment.setEvidence(readsLogs!, 'Debugged the outage of https://example.org/1');
    page.assessment.setNotApplicable(fixesFlaky!, true, 'No flaky tests here');
    if (settings) {
      page.assessment.setThreshold(settings.threshold);
      page.assessment.setTarget(settings.target);
    }
    await stored(page, 3);
    return page.snapshots.export({ role: 'self', person: ' Ada ', includeSource: true });
  }

  it('gives back exactly the same assessment after everything was deleted', async () => {
    const page = await openPage();
    const before = await exportAfterEdits(page);
    expect(before.fileName).toBe('scoring-tiny-2026-02-01.progression.json');
    expect(JSON.parse(before.text)).toMatchObject({
      person: 'Ada',
      framework: { id: tiny.id, source: frameworkText('scoring-tiny.md') },
    });

    await page.saved.deleteAll();
    flushSync();
    expect(page.assessment.records).toEqual([]);
    await page.snapshots.openText(before.text, before.fileName, 'mine');
    expect(page.snapshots.pending?.plan.kind).toBe('own');
    await page.snapshots.choose('merge');
    expect(page.snapshots.pending).toBeNull();
    expect(page.snapshots.message).toEqual({
      kind: 'done',
      text: `Imported ${before.fileName} (merge): 3 added, 0 changed, 0 removed, 0 unchanged.`,
    });
    const choices = { role: 'self', person: 'Ada', includeSource: true } as const;
    const after = await page.snapshots.export(choices);
    expect(withoutTime(after.text)).toBe(withoutTime(before.text));
    // Kept in storage, not only on screen.
    const reloaded = await openPage(page.database);
    expect(withoutTime((await reloaded.snapshots.export(choices)).text)).toBe(
      withoutTime(before.text),
    );
  });

  // The merge must compare with what is stored (nothing), not the defaults shown on screen.
  it('gives back the threshold and target too after everything was deleted', async () => {
    const page = await openPage();
    const before = await exportAfterEdits(page, { threshold: 70, target: 2 });
    await page.saved.deleteAll();
    await page.snapshots.openText(before.text, before.fileName, 'mine');
    await page.snapshots.choose('merge');
    flushSync();
    expect(page.assessment.threshold).toBe(70);
    expect(page.assessment.target).toBe(2);
  });

  // Stored: writesTests newer than the file's, readsLogs older, addsMetrics only stored.
  // File: writesTests, readsLogs and fixesFlaky (only in the file).
  const storedRecords = [
    record(writesTests!.id, { state: 'demonstrated', updatedAt: '2026-01-20T00:00:00.000Z' }),
    record(readsLogs!.id, {
      state: 'not-applicable',
      reason: 'Old reason',
      updatedAt: '2026-01-01T00:00:00.000Z',
    }),
    record(addsMetrics!.id, { state: 'demonstrated', updatedAt: '2026-01-01T00:00:00.000Z' }),
  ];
  const fileRecords = [
    record(writesTests!.id, { state: 'not-yet', updatedAt: '2026-01-10T00:00:00.000Z' }),
    record(readsLogs!.id, {
      state: 'demonstrated',
      evidence: 'Found the bug in the logs',
      updatedAt: '2026-01-10T00:00:00.000Z',
    }),
    record(fixesFlaky!.id, { state: 'demonstrated', updatedAt: '2026-01-10T00:00:00.000Z' }),
  ];
  const storedSettings: FrameworkSettings = {
    frameworkId: tiny.id,
    threshold: 90,
    target: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  async function pageWithConflict() {
    const page = await openPage();
    await page.saved.replaceFramework(tiny.id, storedRecords, storedSettings);
    await page.snapshots.openText(
      fileOf(tiny, fileRecords, { threshold: 60 }),
      'mine.json',
      'mine',
    );
    return page;
  }

  it('merges with the newer change to each criterion winning, keeping what the file lacks', async () => {
    const page = await pageWithConflict();
    await page.snapshots.choose('merge');
    flushSync();
    expect(page.assessment.state(writesTests!.id)).toBe('demonstrated');
    expect(page.assessment.record(readsLogs!.id)).toMatchObject({
      state: 'demonstrated',
      evidence: 'Found the bug in the logs',
    });
    expect(page.assessment.state(fixesFlaky!.id)).toBe('demonstrated');
    expect(page.assessment.state(addsMetrics!.id)).toBe('demonstrated');
    const kept = await page.store.loadFramework(tiny.id);
    expect(Object.fromEntries(kept.map((entry) => [entry.criterionId, entry.state]))).toEqual({
      [writesTests!.id]: 'demonstrated',
      [readsLogs!.id]: 'demonstrated',
      [fixesFlaky!.id]: 'demonstrated',
      [addsMetrics!.id]: 'demonstrated',
    });
  });

  it('replaces with exactly the file’s records, dropping those the file lacks', async () => {
    const page = await pageWithConflict();
    await page.snapshots.choose('replace');
    flushSync();
    const kept = await page.store.loadFramework(tiny.id);
    expect(Object.fromEntries(kept.map((entry) => [entry.criterionId, entry.state]))).toEqual({
      [writesTests!.id]: 'not-yet',
      [readsLogs!.id]: 'demonstrated',
      [fixesFlaky!.id]: 'demonstrated',
    });
    expect(page.assessment.state(addsMetrics!.id)).toBe('not-yet');
    expect(page.assessment.record(readsLogs!.id)?.reason).toBeUndefined();
    expect(page.assessment.threshold).toBe(60);
    expect(page.snapshots.message?.text).toBe(
      'Imported mine.json (replace): 1 added, 2 changed, 1 removed, 0 unchanged.',
    );
  });

  it.each(['merge', 'replace'] as const)(
    'undoes a %s, putting back the stored records and settings exactly',
    async (mode) => {
      const page = await pageWithConflict();
      const before = withoutCheckpoints(page);
      await page.snapshots.choose(mode);
      expect(withoutCheckpoints(page)).not.toBe(before);
      expect(page.snapshots.lastImport?.fileName).toBe('mine.json');
      await page.snapshots.undo();
      flushSync();
      expect(withoutCheckpoints(page)).toBe(before);
      expect(page.snapshots.lastImport).toBeNull();
      expect(page.snapshots.message?.text).toBe('The import of mine.json was undone.');
      expect(page.assessment.threshold).toBe(90);
      expect(page.assessment.record(readsLogs!.id)).toMatchObject({
        state: 'not-applicable',
        reason: 'Old reason',
      });
    },
  );

  it('keeps the progress before the import as a checkpoint, written with the import', async () => {
    const page = await pageWithConflict();
    await page.snapshots.choose('replace');
    const log = (await page.saved.loadCollection(CHECKPOINTS)).get(tiny.id);
    expect(log?.checkpoints.map((checkpoint) => [checkpoint.cause, checkpoint.name])).toEqual([
      ['before-import', 'Before an import'],
    ]);
    const checkpoint = decodeLog(log!).checkpoints[0]!;
    expect(recordsOf(checkpoint, tiny.id)).toEqual(storedRecords);
    expect(log?.undo).toMatchObject({ kind: 'import', label: 'mine.json', checkpointId: '1' });
  });

  it('offers the undo again after a reload, and it puts back what was there', async () => {
    const page = await pageWithConflict();
    const before = withoutCheckpoints(page);
    await page.snapshots.choose('replace');
    const reloaded = await openPage(page.database);
    await reloaded.snapshots.loadUndo();
    expect(reloaded.snapshots.lastImport).toEqual({ fileName: 'mine.json', frameworkId: tiny.id });
    await reloaded.snapshots.undo();
    flushSync();
    expect(withoutCheckpoints(reloaded)).toBe(before);
    expect(reloaded.assessment.threshold).toBe(90);
    // Undone once: after another reload there is nothing left to undo.
    const again = await openPage(page.database);
    await again.snapshots.loadUndo();
    expect(again.snapshots.lastImport).toBeNull();
  });

  it('writes the import and its checkpoint in one transaction: stopped, neither is kept', async () => {
    const page = await pageWithConflict();
    const before = contents(page);
    page.store.close();
    await page.snapshots.choose('replace');
    expect(contents(page)).toBe(before);
  });

  // With no settings stored, undo must delete the settings the import wrote.
  it('undoes an import into an empty browser, leaving no settings behind', async () => {
    const page = await openPage();
    const before = contents(page);
    await page.snapshots.openText(
      fileOf(tiny, fileRecords, { threshold: 60 }),
      'mine.json',
      'mine',
    );
    await page.snapshots.choose('replace');
    expect(page.assessment.threshold).toBe(60);
    await page.snapshots.undo();
    flushSync();
    expect(page.assessment.records).toEqual([]);
    expect(page.assessment.threshold).toBe(80);
    expect(contents(page)).toBe(before);
  });

  it('changes nothing when the person cancels the preview', async () => {
    const page = await pageWithConflict();
    const before = contents(page);
    page.snapshots.cancel();
    expect(page.snapshots.pending).toBeNull();
    await page.snapshots.choose('merge');
    expect(contents(page)).toBe(before);
    expect(page.snapshots.lastImport).toBeNull();
  });
});

describe('Snapshots: someone else’s assessment', () => {
  it('keeps a manager’s file as received, still listed after a reload, never over one’s own', async () => {
    const page = await pageWithOwnProgress();
    const own = ownContents(page);
    await page.snapshots.openText(snapshotText('manager.json'), 'manager.json');
    expect(page.snapshots.pending?.plan.kind).toBe('received');
    // Merge and replace do nothing for someone else's file.
    await page.snapshots.choose('replace');
    await page.snapshots.keepReceived();
    expect(page.snapshots.message?.text).toBe(
      'Kept Grace (manager of Ada)’s review from manager.json beside yours.',
    );
    expect(ownContents(page)).toBe(own);
    expect(page.snapshots.lastImport).toBeNull();

    const reloaded = await openPage(page.database);
    expect(reloaded.snapshots.received).toHaveLength(1);
    const [received] = reloaded.snapshots.received;
    expect(received).toMatchObject({
      role: 'manager',
      person: 'Grace (manager of Ada)',
      frameworkId: tiny.id,
      receivedAt: NOW.toISOString(),
    });
    expect(received!.snapshot.criteria[1]).toMatchObject({
      state: 'not-yet',
      review: { verdict: 'needs-evidence', comment: 'Show me an incident you debugged.' },
    });
    expect(reloaded.assessment.state(writesTests!.id)).toBe('not-applicable');
    expect(reloaded.assessment.state(readsLogs!.id)).toBe('not-yet');
  });

  it('keeps what one exports of one’s own as a checkpoint, as the Share dialog exports it', async () => {
    const page = await openPage();
    page.assessment.setDemonstrated(writesTests!, true);
    await stored(page, 1);
    // The Share dialog gives no role: one's own assessment.
    await page.snapshots.export({ person: 'Ada', includeSource: false });
    const log = (await page.saved.loadCollection(CHECKPOINTS)).get(tiny.id);
    expect(log?.checkpoints.map((checkpoint) => checkpoint.cause)).toEqual(['shared']);
  });

  it('recognises its own export by the export id, not by the name in it', async () => {
    const page = await openPage();
    page.assessment.setDemonstrated(writesTests!, true);
    await stored(page, 1);
    const file = await page.snapshots.export({ person: 'Someone Else', includeSource: false });
    expect(JSON.parse(file.text)).toMatchObject({ version: 2, exportId: expect.any(String) });
    await page.snapshots.openText(file.text, file.fileName);
    expect(page.snapshots.pending?.plan.kind).toBe('own');
    // Another browser (another store) keeps the same file beside its own.
    const other = await openPage();
    await other.snapshots.openText(file.text, file.fileName);
    expect(other.snapshots.pending?.plan).toMatchObject({ kind: 'received', mayBeMine: true });
    // The id is kept: the next export carries the same one.
    const again = await page.snapshots.export({ person: '', includeSource: false });
    expect(JSON.parse(again.text).exportId).toBe(JSON.parse(file.text).exportId);
  });

  it('keeps one’s own file as received when the person says it is not theirs', async () => {
    const page = await pageWithOwnProgress();
    const own = ownContents(page);
    await page.snapshots.openText(snapshotText('self.json'), 'colleague.json');
    // Not exported by this browser: kept beside one's own unless the person says it is theirs.
    expect(page.snapshots.pending?.plan).toMatchObject({ kind: 'received', mayBeMine: true });
    await page.snapshots.mine();
    expect(page.snapshots.pending?.plan.kind).toBe('own');
    await page.snapshots.notMine();
    expect(page.snapshots.pending?.plan).toMatchObject({ kind: 'received', mayBeMine: false });
    await page.snapshots.keepReceived();
    expect(page.snapshots.received.map(({ role }) => role)).toEqual(['self']);
    expect(ownContents(page)).toBe(own);
  });

  it('deletes a received assessment, leaving the store as it was before it came', async () => {
    const page = await pageWithOwnProgress();
    const before = contents(page);
    await page.snapshots.openText(snapshotText('manager.json'), 'manager.json');
    await page.snapshots.keepReceived();
    const [received] = page.snapshots.received;
    await page.snapshots.deleteReceived(received!.key);
    expect(page.snapshots.received).toEqual([]);
    expect(contents(page)).toBe(before);
    expect((await openPage(page.database)).snapshots.received).toEqual([]);
  });

  it('keeps hostile strings as inert text, polluting nothing', async () => {
    const page = await openPage();
    await page.snapshots.openText(snapshotText('hostile.json'), 'hostile.json');
    await page.snapshots.keepReceived();
    const [received] = (await openPage(page.database)).snapshots.received;
    expect(received!.person).toBe('<img src=x onerror=alert(1)>');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(received!.snapshot.settings)).toBe(Object.prototype);
    expect(await page.saved.loadCollection(RECEIVED)).toHaveProperty('size', 1);
  });
});

/** A page whose person has ticked, marked N/A and changed the threshold. */
async function pageWithOwnProgress(): Promise<Page> {
  const page = await openPage();
  page.assessment.setNotApplicable(writesTests!, true, 'Tests are written by QA');
  page.assessment.setEvidence(addsMetrics!, 'Grafana board');
  page.assessment.setThreshold(75);
  await stored(page, 2);
  await vi.waitFor(async () =>
    expect((await page.store.loadSettings(tiny.id))?.threshold).toBe(75),
  );
  return page;
}

describe('Snapshots: files that cannot be imported', () => {
  const hostileProto = JSON.stringify({
    format: 'progression.snapshot',
    version: 1,
    criteria: [],
    // Everything else only behind `__proto__`, which must never count as the file's own fields.
    ['__proto__']: {
      exportedAt: '2026-01-01T00:00:00Z',
      role: 'self',
      framework: { id: tiny.id, title: tiny.title, sha256: tiny.sourceHash },
      settings: { threshold: 80 },
    },
  });
  const refused: [string, string, string][] = [
    ['notes.json', 'These are my notes.', 'the file is not JSON'],
    [
      'future.json',
      snapshotText('invalid-future-version.json'),
      'made by a newer version of Progression',
    ],
    [
      'format.json',
      snapshotText('invalid-wrong-format.json'),
      'This is not a Progression snapshot',
    ],
    ['proto.json', hostileProto, '(role)'],
    [
      'unknown.json',
      snapshotText('unknown-framework.json'),
      'unknown framework without embedded source',
    ],
  ];

  it.each(refused)(
    'refuses %s with its problems and changes nothing',
    async (name, text, phrase) => {
      const page = await pageWithOwnProgress();
      await page.snapshots.openText(snapshotText('manager.json'), 'manager.json');
      await page.snapshots.keepReceived();
      const before = contents(page);
      const records = page.assessment.records;

      // Said to be theirs: a file of an unknown framework is then refused, not kept beside.
      await page.snapshots.openText(text, name, 'mine');
      expect(page.snapshots.pending).toBeNull();
      expect(page.snapshots.message).toMatchObject({
        kind: 'error',
        text: `${name} could not be imported, so nothing was changed:`,
      });
      const details = page.snapshots.message?.details ?? [];
      expect(details.length).toBeGreaterThan(0);
      expect(details.every((line) => line.startsWith(`${name}: error: `))).toBe(true);
      expect(details.join('\n')).toContain(phrase);
      expect(contents(page)).toBe(before);
      expect(page.assessment.records).toEqual(records);
      expect(({} as Record<string, unknown>)['role']).toBeUndefined();
    },
  );

  it('refuses a file larger than the limit before reading it', async () => {
    const page = await openPage();
    const before = contents(page);
    const file = new File(['x'], 'huge.json');
    Object.defineProperty(file, 'size', { value: 16 * 1024 * 1024 + 1 });
    await page.snapshots.open(file);
    expect(page.snapshots.message?.details).toEqual([
      'huge.json is larger than 16 MB, too large for a snapshot.',
    ]);
    expect(contents(page)).toBe(before);
  });
});

describe('Snapshots: a framework the app does not have', () => {
  const versioned = (() => {
    const result = parseFramework(frameworkText('byo-v1.md'), 'byo-v1.md');
    if (!result.ok) throw new Error('byo-v1.md does not parse');
    return result.framework;
  })();
  const [first] = allCriteria(versioned);
  const records: CriterionProgress[] = [
    {
      frameworkId: versioned.id,
      criterionId: first!.id,
      state: 'demonstrated',
      evidence: 'Shipped it',
      updatedAt: '2026-01-10T00:00:00.000Z',
      topic: first!.topic,
      level: first!.level,
      text: first!.text,
    },
  ];

  it('adds the framework from the embedded source with its progress, and undo removes both', async () => {
    const page = await openPage();
    const before = contents(page);
    await page.snapshots.openText(
      fileOf(versioned, records, { source: frameworkText('byo-v1.md') }),
      'versioned.json',
      'mine',
    );
    const plan = page.snapshots.pending?.plan;
    expect(plan?.kind === 'own' && plan.loadFramework !== null).toBe(true);
    await page.snapshots.choose('merge');
    expect(page.library.userFramework(versioned.id)?.title).toBe(versioned.title);
    expect([...(await page.saved.loadCollection(USER_FRAMEWORKS)).keys()]).toEqual([versioned.id]);
    expect(await page.saved.loadRecords(versioned.id)).toMatchObject([
      { criterionId: first!.id, state: 'demonstrated', evidence: 'Shipped it' },
    ]);
    // The framework on screen is untouched.
    expect(await page.saved.loadRecords(tiny.id)).toEqual([]);

    await page.snapshots.undo();
    expect(page.library.userFramework(versioned.id)).toBeUndefined();
    expect(contents(page)).toBe(before);
  });

  it('adds a framework of a team’s set under the id the set keeps it by, so its progress is there on the next visit', async () => {
    const page = await openPage();
    const memberId = `globex-frameworks/${versioned.id}`;
    const member = { ...versioned, id: memberId };
    await page.snapshots.openText(
      fileOf(
        member,
        records.map((record) => ({ ...record, frameworkId: memberId })),
        { source: frameworkText('byo-v1.md') },
      ),
      'platform.json',
      'mine',
    );
    await page.snapshots.choose('merge');
    expect(page.library.userFramework(memberId)?.title).toBe(versioned.title);
    expect(page.library.userFramework(versioned.id)).toBeUndefined();
    expect(await page.saved.loadRecords(memberId)).toMatchObject([
      { criterionId: first!.id, state: 'demonstrated', evidence: 'Shipped it' },
    ]);

    const next = await openPage(page.database);
    expect(next.library.userFramework(memberId)?.title).toBe(versioned.title);
    expect(await next.saved.loadRecords(memberId)).toHaveLength(1);
  });

  it('refuses it without the source, with the “unknown framework” message', async () => {
    const page = await openPage();
    const before = contents(page);
    await page.snapshots.openText(fileOf(versioned, records), 'versioned.json', 'mine');
    expect(page.snapshots.pending).toBeNull();
    expect(page.snapshots.message?.details?.join('\n')).toContain(
      `This snapshot is for the framework "${versioned.id}"`,
    );
    expect(page.snapshots.message?.details?.join('\n')).toContain(
      'unknown framework without embedded source',
    );
    expect(contents(page)).toBe(before);
  });
});
