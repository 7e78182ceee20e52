import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allCriteria } from '../../../src/lib/core/model.ts';
import { parseSnapshot } from '../../../src/lib/core/snapshot-read.ts';
import { Assessment } from '../../../src/lib/state/assessment.svelte.ts';
import { Checkpoints } from '../../../src/lib/state/checkpoints.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import {
  createMemoryStore,
  MemoryDatabase,
  type ProgressStore,
} from '../../../src/lib/storage/index.ts';
import { fixtureFramework } from '../../ui/helpers.ts';

// scoring-tiny: craft has 2, 2, 1 criteria at levels 1 to 3; people has 1, 2, 2.
const tiny = fixtureFramework('scoring-tiny.md');
const criteria = allCriteria(tiny);
const byText = (text: string) => criteria.find((criterion) => criterion.text === text)!;
const level1 = ['Writes tests', 'Reads the logs', 'Asks for help'].map(byText);

const stores: ProgressStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

/** One page load on `database`: the assessment of scoring-tiny and its checkpoints. */
async function openPage(database = new MemoryDatabase(), day = 1) {
  const store = createMemoryStore({ database });
  stores.push(store);
  let clock = Date.UTC(2026, 8, day, 9);
  const now = () => new Date((clock += 1000));
  const saved = new SavedProgress({ open: async () => store, now });
  const assessment = new Assessment(tiny, saved, now);
  await saved.connect(assessment);
  const checkpoints = new Checkpoints({ saved, assessment: () => assessment, now });
  await checkpoints.load();
  return { database, store, saved, assessment, checkpoints };
}

type Page = Awaited<ReturnType<typeof openPage>>;

async function tick(page: Page, texts: string[]) {
  for (const text of texts) page.assessment.setDemonstrated(byText(text), true);
  await vi.waitFor(async () =>
    expect(
      (await page.store.loadFramework(tiny.id)).filter((record) => record.state === 'demonstrated')
        .length,
    ).toBe(texts.length + (await countBefore(page, texts))),
  );
}

async function countBefore(page: Page, texts: string[]) {
  return page.assessment.records.filter(
    (record) => record.state === 'demonstrated' && !texts.includes(record.text),
  ).length;
}

const demonstrated = (page: Page) =>
  page.assessment.records
    .filter((record) => record.state === 'demonstrated')
    .map((record) => record.text)
    .sort();

describe('saving checkpoints', () => {
  it('keeps a named checkpoint, and never a second identical one', async () => {
    const page = await openPage();
    await page.checkpoints.save('Nothing yet');
    expect(page.checkpoints.message).toMatch(/no progress to keep/);
    await tick(page, ['Writes tests']);
    await page.checkpoints.save('First');
    expect(page.checkpoints.message).toBe('Checkpoint saved.');
    await page.checkpoints.save('Again');
    expect(page.checkpoints.message).toMatch(/Nothing has changed/);
    expect(page.checkpoints.checkpoints.map((checkpoint) => checkpoint.name)).toEqual(['First']);
    expect(page.checkpoints.timeline[0]?.standing.suggestion?.label).toBe('1C');
  });

  it('is kept across a reload, renamed and deleted', async () => {
    const page = await openPage();
    await tick(page, ['Writes tests']);
    await page.checkpoints.save('First');
    await tick(page, ['Reads the logs']);
    await page.checkpoints.save('Second');
    await page.checkpoints.rename('1', 'Q3 review');
    const reloaded = await openPage(page.database);
    expect(reloaded.checkpoints.checkpoints.map((checkpoint) => checkpoint.name)).toEqual([
      'Q3 review',
      'Second',
    ]);
    await reloaded.checkpoints.remove('1');
    expect(reloaded.checkpoints.checkpoints.map((checkpoint) => checkpoint.name)).toEqual([
      'Second',
    ]);
    // The second checkpoint was stored as a difference from the first: it still reads whole.
    expect(reloaded.checkpoints.checkpoints[0]!.records).toHaveLength(2);
  });
});

describe('comparing', () => {
  it('lists the differences between two checkpoints, and between one and now', async () => {
    const page = await openPage();
    await tick(page, ['Writes tests']);
    await page.checkpoints.save('First');
    await tick(page, ['Reads the logs', 'Asks for help']);
    await page.checkpoints.save('Second');
    page.assessment.setNotApplicable(byText('Mentors'), true, 'No juniors');
    page.assessment.setDemonstrated(byText('Writes tests'), false);
    const between = page.checkpoints.compare('1', '2');
    expect(between?.counts['newly-demonstrated']).toBe(2);
    const sinceSecond = page.checkpoints.compare('2', null);
    expect(
      sinceSecond?.groups.flatMap((group) =>
        group.differences.map((difference) => [difference.criterion.text, difference.kinds]),
      ),
    ).toEqual([
      ['Writes tests', ['no-longer-demonstrated']],
      ['Mentors', ['newly-not-applicable']],
    ]);
    expect(page.checkpoints.sinceLast).toBe(
      'since 1 September: 1 no longer demonstrated, now 1E from 2A',
    );
  });
});

describe('topic titles', () => {
  it('names a topic by its title in the framework, and one it no longer has by its name', async () => {
    const page = await openPage();
    expect(page.checkpoints.titleOf('craft')).toBe(tiny.topics[0]!.title);
    expect(page.checkpoints.titleOf('craft')).not.toBe('craft');
    expect(page.checkpoints.titleOf('removed-topic')).toBe('removed-topic');
  });
});

describe('restoring and undoing', () => {
  it('restores a checkpoint after keeping the present, and undo puts the present back', async () => {
    const page = await openPage();
    await tick(page, ['Writes tests']);
    await page.checkpoints.save('First');
    await tick(page, ['Reads the logs', 'Asks for help']);
    page.assessment.setThreshold(60);
    await page.checkpoints.restore('1');
    flushSync();
    expect(demonstrated(page)).toEqual(['Writes tests']);
    expect(page.assessment.threshold).toBe(80);
    expect(page.checkpoints.checkpoints.map((checkpoint) => checkpoint.cause)).toEqual([
      'saved',
      'before-checkpoint-restore',
    ]);
    expect(page.checkpoints.undoable).toMatchObject({ kind: 'restore', label: 'First' });

    // The undo survives a reload.
    const reloaded = await openPage(page.database);
    expect(demonstrated(reloaded)).toEqual(['Writes tests']);
    expect(reloaded.checkpoints.undoable?.kind).toBe('restore');
    await reloaded.checkpoints.undo();
    flushSync();
    expect(demonstrated(reloaded)).toEqual(level1.map((criterion) => criterion.text).sort());
    expect(reloaded.assessment.threshold).toBe(60);
    expect(reloaded.checkpoints.undoable).toBeNull();
    expect(reloaded.checkpoints.message).toBe('The restore of “First” was undone.');
  });

  it('exports a checkpoint as a snapshot of the assessment as it was', async () => {
    const page = await openPage();
    await tick(page, ['Writes tests', 'Mentors']);
    await page.checkpoints.save('First');
    await tick(page, ['Reads the logs']);
    const file = await page.checkpoints.exportSnapshot('1');
    expect(file?.fileName).toBe(`${tiny.id}-2026-09-01.progression.json`);
    const parsed = parseSnapshot(file!.text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(
      parsed.snapshot.criteria
        .filter((criterion) => criterion.state === 'demonstrated')
        .map((criterion) => criterion.text)
        .sort(),
    ).toEqual(['Mentors', 'Writes tests']);
  });
});

describe('automatic checkpoints', () => {
  it('keeps the assessment before a quick start and when it is shared, never twice the same', async () => {
    const page = await openPage();
    await tick(page, ['Writes tests']);
    await page.assessment.keepCheckpoint('before-quick-start');
    page.assessment.markAll(
      criteria.filter((criterion) => criterion.level < 2),
      true,
      'Quick start',
    );
    await page.assessment.keepCheckpoint('shared');
    await page.assessment.keepCheckpoint('shared');
    await page.checkpoints.load();
    expect(
      page.checkpoints.timeline.map(({ checkpoint, standing }) => [
        checkpoint.cause,
        standing.suggestion?.label,
      ]),
    ).toEqual([
      ['before-quick-start', '1C'],
      ['shared', '2A'],
    ]);
  });

  it('keeps the assessment on screen as a checkpoint when a backup is restored over it', async () => {
    const page = await openPage();
    await tick(page, ['Writes tests']);
    await page.checkpoints.save('Kept in the backup');
    const backup = await page.saved.backup();
    await tick(page, ['Reads the logs']);
    expect((await page.saved.restore(backup.text)).ok).toBe(true);
    await page.checkpoints.load();
    flushSync();
    expect(demonstrated(page)).toEqual(['Writes tests']);
    expect(
      page.checkpoints.checkpoints.map((checkpoint) => [
        checkpoint.name,
        checkpoint.records.filter((record) => record.state === 'demonstrated').length,
      ]),
    ).toEqual([
      ['Kept in the backup', 1],
      ['Before a backup was restored', 2],
    ]);
  });

  it('refuses a backup whose checkpoints its schema refuses, changing nothing', async () => {
    const page = await openPage();
    await tick(page, ['Writes tests']);
    await page.checkpoints.save('First');
    const backup = JSON.parse((await page.saved.backup()).text) as {
      collections: { checkpoints: { value: { checkpoints: { cause: string }[] } }[] };
    };
    backup.collections.checkpoints[0]!.value.checkpoints[0]!.cause = 'hacked';
    const before = JSON.stringify(page.database.entries(null));
    const restored = await page.saved.restore(JSON.stringify(backup));
    expect(restored.ok).toBe(false);
    if (!restored.ok)
      expect(restored.problems[0]?.field).toBe(
        'collections.checkpoints[0].value.checkpoints[0].cause',
      );
    expect(JSON.stringify(page.database.entries(null))).toBe(before);
  });
});
