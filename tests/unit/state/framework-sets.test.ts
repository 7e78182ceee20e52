import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { summarise } from '../../../src/lib/core/catalogue.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { FRAMEWORK_OPTIONS } from '../../../src/lib/core/library.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import { SET_MODELS, USER_SETS } from '../../../src/lib/core/user-sets.ts';
import { buildBackup } from '../../../src/lib/core/backup.ts';
import { Assessment } from '../../../src/lib/state/assessment.svelte.ts';
import { Library } from '../../../src/lib/state/library.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import { memoryStore } from './memory-stores.ts';
import { MemoryDatabase } from '../../../src/lib/storage/index.ts';
import { acmeRepository, githubZip } from '../../fixtures/sets.ts';

/** The fixture repository as the browser gives a chosen folder: paths from its parent. */
function folder(files = acmeRepository(), name = 'acme-frameworks'): File[] {
  return Object.entries(files).map(([path, text]) => {
    const file = new File([text], path.split('/').at(-1)!);
    Object.defineProperty(file, 'webkitRelativePath', { value: `${name}/${path}` });
    return file;
  });
}

/** The fixture repository as GitHub zips it. */
const zip = (files = acmeRepository(), name = 'acme-frameworks-main.zip') =>
  new File([githubZip(files)], name);

function parsed(text: string): Framework {
  const result = parseFramework(text, 'fixture');
  if (!result.ok) throw new Error('fixture does not parse');
  return result.framework;
}

/** Shipped: one framework whose id starts with `test/`, and Monzo-like generic of its own. */
const shipped = parsed(readFileSync('tests/fixtures/frameworks/small.md', 'utf8'));

async function openPage(database = new MemoryDatabase()) {
  const store = memoryStore(database);
  const saved = new SavedProgress({ open: async () => store });
  /** The files this page parsed, by origin. */
  const parsedFiles: string[] = [];
  const library = new Library({
    shipped: [summarise(shipped)],
    saved,
    parse: async (text, origin) => {
      parsedFiles.push(origin);
      return parseFramework(text, origin);
    },
  });
  await library.load();
  return { database, store, saved, library, sets: library.sets, parsedFiles };
}

/**
 * Adds the fixture folder as the set “Acme”, ticks `text` on its small framework and waits until
 * the store holds the tick. Returns the criterion ticked.
 */
async function acmeWithTick(page: Awaited<ReturnType<typeof openPage>>, text: string) {
  await page.sets.openFolder(folder());
  await page.sets.add('Acme');
  const small = page.library.userFramework('acme/test/small')!;
  const assessment = new Assessment(small, page.saved);
  await page.saved.connect(assessment);
  const ticked = allCriteria(small).find((criterion) => criterion.text === text)!;
  assessment.setDemonstrated(ticked, true);
  await vi.waitFor(async () =>
    expect(await page.store.loadFramework('acme/test/small')).toHaveLength(1),
  );
  assessment.flush();
  return ticked;
}

describe('FrameworkSets: reading a repository', () => {
  it('checks a folder as a whole: each unreadable file with its path, READMEs left out', async () => {
    const { sets } = await openPage();
    await sets.openFolder(folder());
    const pending = sets.pending;
    if (!pending) throw new Error(sets.refusal ?? 'nothing pending');
    expect(pending.name).toBe('acme-frameworks');
    expect(pending.members.map((member) => member.path)).toEqual([
      'engineering/platform team/platform.md',
      'engineering/small copy.md',
      'generic.md',
    ]);
    expect(pending.skipped).toEqual(['README.md']);
    expect(pending.unreadable.map((file) => file.path)).toEqual(['broken.md', 'small.md']);
    expect(pending.unreadable[1]?.problems[0]?.message).toMatch(
      /"test\/small" is already used by engineering\/small copy\.md/,
    );
  });

  it('reads a zip the same way, named after it without the branch', async () => {
    const { sets } = await openPage();
    await sets.openZip(zip());
    expect(sets.pending?.name).toBe('acme-frameworks');
    expect(sets.pending?.members).toHaveLength(3);
  });

  it('keeps no set when none of its files can be added', async () => {
    const page = await openPage();
    await page.sets.openFolder(folder({ 'broken.md': '---\ntitle: [unclosed\n---\n' }, 'broken'));
    expect(page.sets.refusal).toBe('broken has no framework file that can be added.');
    await page.sets.add('broken');
    expect(page.sets.list).toEqual([]);
    expect(await page.saved.loadCollection(USER_SETS)).toEqual(new Map());
  });

  it('says why a zip that is not one cannot be read, and keeps nothing pending', async () => {
    const { sets } = await openPage();
    await sets.openZip(new File(['hello'], 'notes.zip'));
    expect(sets.pending).toBeNull();
    expect(sets.refusal).toBe('notes.zip was not read: it is not a zip file, or it is damaged.');
  });
});

describe('FrameworkSets: adding, updating and removing a set', () => {
  it('keeps each framework under the set’s namespace, listed under the set’s name', async () => {
    const page = await openPage();
    await page.sets.openFolder(folder());
    await page.sets.add('Acme');
    expect(page.sets.added).toMatchObject({ slug: 'acme', name: 'Acme', updated: false, count: 3 });
    const ids = page.library.catalogue.filter((summary) => summary.set === 'Acme');
    expect(ids.map((summary) => summary.id).sort()).toEqual([
      'acme/generic',
      'acme/team/platform',
      'acme/test/small',
    ]);
    // The shipped framework with the same path is untouched.
    expect(page.library.catalogue[0]).toEqual(summarise(shipped));
    expect(page.library.isOwn('acme/test/small')).toBe(true);
    const stored = await page.saved.loadCollection(USER_SETS);
    expect(
      stored
        .get('acme')
        ?.files.map((file) => file.path)
        .sort(),
    ).toEqual(['engineering/platform team/platform.md', 'engineering/small copy.md', 'generic.md']);
  });

  it('makes the set’s generic the base of its own frameworks only', async () => {
    const page = await openPage();
    await page.sets.openFolder(folder());
    await page.sets.add('Acme');
    const small = page.library.userFramework('acme/test/small')!;
    expect(page.library.baseOf(small.id)?.id).toBe('acme/generic');
    const shown = await page.library.withBase(small);
    // small.md's communication and impact topics take the generic's criteria: 2 at level 1
    // (one is an example criterion, not lent), 1 at level 2, 1 at level 3.
    expect(shown.criterionCount).toBe(small.criterionCount + 3);
    expect(page.library.baseOf('acme/generic')).toBeUndefined();
    // Neither a shipped framework nor a single file added on its own takes it.
    expect(page.library.baseOf(shipped.id)).toBeUndefined();
    await page.library.addText(readFileSync('tests/fixtures/frameworks/byo-v1.md', 'utf8'));
    expect(page.library.baseOf('test/versioned')).toBeUndefined();
  });

  it('keeps two companies’ sets apart, and both after a reload', async () => {
    const page = await openPage();
    await page.sets.openFolder(folder());
    await page.sets.add('Acme');
    await page.sets.openZip(zip());
    await page.sets.add('Globex');
    expect(page.sets.list.map((set) => set.name)).toEqual(['Acme', 'Globex']);
    const again = await openPage(page.database);
    expect(again.library.userFramework('acme/test/small')?.title).toBe('Small framework');
    expect(again.library.userFramework('globex/test/small')?.title).toBe('Small framework');
    expect(again.library.baseOf('globex/team/platform')?.id).toBe('globex/generic');
  });

  it('opens a set on the next page load from the models kept of its files, parsing none again', async () => {
    const page = await openPage();
    await page.sets.openFolder(folder());
    await page.sets.add('Acme');
    const before = page.library.userFramework('acme/team/platform');
    const again = await openPage(page.database);
    expect(again.parsedFiles).toEqual([]);
    expect(again.library.userFramework('acme/team/platform')).toEqual(before);
    expect(again.library.baseOf('acme/team/platform')?.id).toBe('acme/generic');
  });

  it('parses a file again when its kept model is not that file’s, and keeps the new one', async () => {
    const page = await openPage();
    await page.sets.openFolder(folder());
    await page.sets.add('Acme');
    // The stored text changed under the model (another version of the app wrote it, say).
    const [entry] = (await page.saved.loadCollection(USER_SETS)).values();
    const files = entry!.files.map((file) =>
      file.path === 'generic.md'
        ? { ...file, text: file.text.replace('title:', 'title: Renamed\nold-title:') }
        : file,
    );
    await page.saved.putEntry(USER_SETS, 'acme', { ...entry!, files });
    const again = await openPage(page.database);
    expect(again.parsedFiles).toEqual(['generic.md']);
    const third = await openPage(page.database);
    expect(third.parsedFiles).toEqual([]);
  });

  it('forgets the models of a set removed or of files an update left out, and backups carry none', async () => {
    const page = await openPage();
    await page.sets.openFolder(folder());
    await page.sets.add('Acme');
    const models = async () => [...(await page.saved.loadCollection(SET_MODELS)).keys()].sort();
    expect(await models()).toEqual([
      'acme:engineering/platform team/platform.md',
      'acme:engineering/small copy.md',
      'acme:generic.md',
    ]);
    const contents = await page.store.exportAll();
    expect(Object.keys(contents.collections)).toContain(SET_MODELS.name);
    const backup = buildBackup(contents, new Date());
    expect(Object.keys(backup.collections)).not.toContain(SET_MODELS.name);
    expect(Object.keys(backup.collections)).toContain(USER_SETS.name);
    const { 'generic.md': _generic, ...withoutGeneric } = acmeRepository();
    await page.sets.openFolder(folder(withoutGeneric));
    await page.sets.add('Acme');
    expect(await models()).toEqual([
      'acme:engineering/platform team/platform.md',
      'acme:engineering/small copy.md',
    ]);
    await page.sets.remove('acme');
    expect(await models()).toEqual([]);
  });

  it('refuses a name whose frameworks would take the address of one already there', async () => {
    const { sets } = await openPage();
    await sets.openFolder(folder());
    // The shipped framework's id is test/small.
    expect(sets.nameRefusal('Test')).toMatch(/would take the address of “test\/small”/);
    expect(sets.nameRefusal('yours')).toMatch(/one the app uses itself/);
    expect(sets.nameRefusal('  ')).toBe('Give the set a name.');
    await sets.add('Test');
    expect(sets.list).toEqual([]);
    expect(sets.pending).not.toBeNull();
  });

  it('updates a set added again under the same name, keeping progress by id', async () => {
    const page = await openPage();
    const kept = await acmeWithTick(page, 'Gives status updates');

    const files = acmeRepository();
    files['engineering/small copy.md'] = files['engineering/small copy.md']!.replace(
      'Asks for help early',
      'Asks for help early and often',
    );
    delete files['engineering/platform team/platform.md'];
    await page.sets.openZip(zip(files));
    expect(page.sets.existing('acme')?.name).toBe('Acme');
    await page.sets.add('acme');
    expect(page.sets.added).toMatchObject({ slug: 'acme', updated: true, count: 2 });
    expect(page.sets.list).toHaveLength(1);
    const updated = page.library.userFramework('acme/test/small')!;
    expect(allCriteria(updated).map((criterion) => criterion.text)).toContain(
      'Asks for help early and often',
    );
    expect(page.library.userFramework('acme/team/platform')).toBeUndefined();
    const records = await page.store.loadFramework('acme/test/small');
    expect(records.map((record) => record.criterionId)).toEqual([kept.id]);
  });

  it('removes a set as a whole with the progress and options of its frameworks', async () => {
    const page = await openPage();
    await acmeWithTick(page, 'Gives status updates');
    await page.library.setMergeBase('acme/test/small', false);
    await page.sets.remove('acme');
    expect(page.library.catalogue).toEqual([summarise(shipped)]);
    expect(page.library.userFramework('acme/test/small')).toBeUndefined();
    expect(await page.store.loadFramework('acme/test/small')).toEqual([]);
    expect((await page.saved.loadCollection(FRAMEWORK_OPTIONS)).has('acme/test/small')).toBe(false);
    expect((await page.saved.loadCollection(USER_SETS)).size).toBe(0);
  });

  it('gives a single file whose id a set already has an id of its own', async () => {
    const page = await openPage();
    await page.sets.openFolder(folder());
    await page.sets.add('Acme');
    const text = acmeRepository()['small.md']!.replace(
      'path: "/test/small"',
      'path: "/acme/test/small"',
    );
    await page.library.addText(text);
    expect(page.library.reports[0]).toMatchObject({ frameworkId: 'yours/acme/test/small' });
    expect(page.library.userFramework('acme/test/small')?.origin).toBe(
      'acme-frameworks/engineering/small copy.md',
    );
  });

  it('is carried in a backup, and restored with it in another browser', async () => {
    const page = await openPage();
    await page.sets.openFolder(folder());
    await page.sets.add('Acme');
    const { text } = await page.saved.backup();
    const other = await openPage();
    expect(await other.saved.restore(text)).toEqual({ ok: true, leftOut: [], futureTimes: 0 });
    const reloaded = await openPage(other.database);
    expect(reloaded.sets.list.map((set) => set.name)).toEqual(['Acme']);
    expect(reloaded.library.baseOf('acme/test/small')?.id).toBe('acme/generic');
  });
});
