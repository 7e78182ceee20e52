import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { backupToText, buildBackup, parseBackup } from '../../../src/lib/core/backup.ts';
import { defineCollection } from '../../../src/lib/core/collection.ts';
import type { FrameworkSettings } from '../../../src/lib/core/progress.ts';
import {
  createIndexedDbStore,
  createMemoryStore,
  type ProgressStore,
  type StorageProblem,
} from '../../../src/lib/storage/index.ts';
import { BACKEND, progress } from '../progress-fixture.ts';

const FRONTEND = 'engineering/frontend';

function settings(frameworkId: string, threshold = 80): FrameworkSettings {
  return { frameworkId, threshold, target: 4, updatedAt: '2025-03-02T09:30:00.000Z' };
}

interface Note {
  title: string;
}

const noteSchema = v.object({ title: v.string('a note needs a title') }, 'a note needs a title');
const notes = defineCollection<Note>('notes', noteSchema);

/** A store and the problems it reported. */
function watched(store: ProgressStore) {
  const problems: StorageProblem[] = [];
  store.onProblem((problem) => problems.push(problem));
  return { store, problems };
}

const implementations: [string, () => ProgressStore][] = [
  ['memory', () => createMemoryStore()],
  [
    'IndexedDB',
    () =>
      createIndexedDbStore({ indexedDB: new IDBFactory(), IDBKeyRange, BroadcastChannel: null }),
  ],
];

describe.each(implementations)('the %s progress store', (_name, create) => {
  it('gives back every criterion record put for a framework, and only that framework’s', async () => {
    const { store, problems } = watched(create());
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await store.putCriterion(
      progress('impact.2.bbbbbbbbbbbb', { state: 'not-applicable', reason: 'No on-call here' }),
    );
    await store.putCriterion(progress('ui.1.cccccccccccc', { frameworkId: FRONTEND }));

    expect(await store.loadFramework(BACKEND)).toEqual([
      progress('impact.2.aaaaaaaaaaaa'),
      progress('impact.2.bbbbbbbbbbbb', { state: 'not-applicable', reason: 'No on-call here' }),
    ]);
    expect(await store.loadFramework(FRONTEND)).toEqual([
      progress('ui.1.cccccccccccc', { frameworkId: FRONTEND }),
    ]);
    expect(await store.loadFramework('nobody/nothing')).toEqual([]);
    expect(problems).toEqual([]);
    expect(store.status).toEqual({ kind: 'ok' });
  });

  it('keeps the latest put of a criterion and leaves the other criteria alone', async () => {
    const { store } = watched(create());
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb'));
    const changed = progress('impact.2.aaaaaaaaaaaa', {
      state: 'not-yet',
      evidence: 'See https://example.com/design-doc',
      updatedAt: '2025-03-05T08:00:00.000Z',
    });
    await store.putCriterion(changed);

    expect(await store.loadFramework(BACKEND)).toEqual([
      changed,
      progress('impact.2.bbbbbbbbbbbb'),
    ]);
  });

  it('forgets a deleted criterion and keeps the rest', async () => {
    const { store, problems } = watched(create());
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb'));
    await store.deleteCriterion(BACKEND, 'impact.2.aaaaaaaaaaaa');
    await store.deleteCriterion(BACKEND, 'never.1.stored');

    expect(await store.loadFramework(BACKEND)).toEqual([progress('impact.2.bbbbbbbbbbbb')]);
    expect(problems).toEqual([]);
  });

  it('keeps settings per framework and has none for a framework never set', async () => {
    const { store } = watched(create());
    await store.putSettings(settings(BACKEND, 70));
    await store.putSettings(settings(FRONTEND, 90));
    await store.putSettings(settings(BACKEND, 75));

    expect(await store.loadSettings(BACKEND)).toEqual(settings(BACKEND, 75));
    expect(await store.loadSettings(FRONTEND)).toEqual(settings(FRONTEND, 90));
    expect(await store.loadSettings('nobody/nothing')).toBeNull();
  });

  it('lists every framework that has criterion records or settings, in order', async () => {
    const { store } = watched(create());
    await store.putSettings(settings('leadership/manager'));
    await store.putCriterion(progress('ui.1.cccccccccccc', { frameworkId: FRONTEND }));
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await store.putEntry(notes, 'engineering/other', { title: 'not a framework' });

    expect(await store.listFrameworks()).toEqual([BACKEND, FRONTEND, 'leadership/manager']);
  });

  it('stores a record handed over as a proxy, as Svelte state is', async () => {
    const { store, problems } = watched(create());
    const record = progress('impact.2.aaaaaaaaaaaa', { evidence: 'Led the migration' });
    await store.putCriterion(new Proxy(record, {}));
    await store.putSettings(new Proxy(settings(BACKEND), {}));

    expect(await store.loadFramework(BACKEND)).toEqual([record]);
    expect(await store.loadSettings(BACKEND)).toEqual(settings(BACKEND));
    expect(problems).toEqual([]);
  });

  it('hands out copies, so changing a loaded or put record changes nothing stored', async () => {
    const { store } = watched(create());
    const record = progress('impact.2.aaaaaaaaaaaa');
    await store.putCriterion(record);
    record.state = 'not-yet';
    const [loaded] = await store.loadFramework(BACKEND);
    loaded!.text = 'changed by the caller';

    expect(await store.loadFramework(BACKEND)).toEqual([progress('impact.2.aaaaaaaaaaaa')]);
  });

  it('keeps collection entries and reads them back through the collection’s check', async () => {
    const { store, problems } = watched(create());
    await store.putEntry(notes, 'b', { title: 'Second' });
    await store.putEntry(notes, 'a', { title: 'First' });
    await store.putEntry(notes, 'c', { title: 'Third' });
    await store.deleteEntry(notes, 'c');

    const loaded = await store.loadCollection(notes);
    expect([...loaded]).toEqual([
      ['a', { title: 'First' }],
      ['b', { title: 'Second' }],
    ]);
    expect(problems).toEqual([]);
  });

  it('refuses a collection value that is not JSON data or that its collection refuses, naming the key', async () => {
    const { store, problems } = watched(create());
    await store.putEntry(notes, 'fn', { title: 'x', run: () => 1 } as unknown as Note);
    await store.putEntry(notes, 'untitled', { name: 'no title' } as unknown as Note);

    expect(await store.loadCollection(notes)).toEqual(new Map());
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'rejected', key: '["collection","notes","fn"]' }),
      expect.objectContaining({
        kind: 'rejected',
        key: '["collection","notes","untitled"]',
        message: expect.stringContaining('a note needs a title'),
      }),
    ]);
    expect(store.status).toEqual({ kind: 'ok' });
  });

  it('refuses a record or settings it could not read back, naming the key and the fields', async () => {
    const { store, problems } = watched(create());
    await store.putCriterion(
      progress('impact.2.aaaaaaaaaaaa', { updatedAt: 'just now', level: 1.5 }),
    );
    await store.putSettings({ ...settings(BACKEND), threshold: 10 });

    expect(await store.loadFramework(BACKEND)).toEqual([]);
    expect(await store.loadSettings(BACKEND)).toBeNull();
    expect(problems).toEqual([
      {
        kind: 'rejected',
        key: '["progress","engineering/backend","impact.2.aaaaaaaaaaaa"]',
        message: expect.stringMatching(/^Not saved: `updatedAt` should be .*; `level` should be/),
      },
      expect.objectContaining({ kind: 'rejected', key: '["settings","engineering/backend"]' }),
    ]);
  });

  it('restores exactly what it exported after everything was deleted, through a backup file', async () => {
    const { store, problems } = watched(create());
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa', { evidence: 'Design doc' }));
    await store.putCriterion(progress('impact.2.bbbbbbbbbbbb', { state: 'not-yet' }));
    await store.putCriterion(progress('ui.1.cccccccccccc', { frameworkId: FRONTEND }));
    await store.putSettings(settings(BACKEND, 65));
    await store.putSettings(settings('leadership/manager'));
    await store.putEntry(notes, 'first', { title: 'First' });
    const exported = await store.exportAll();
    const text = backupToText(buildBackup(exported, new Date('2025-03-10T12:00:00Z')));

    await store.deleteAll();
    expect(await store.exportAll()).toEqual({ frameworks: [], collections: {} });
    expect(await store.listFrameworks()).toEqual([]);

    const parsed = parseBackup(text, { collections: [{ name: notes.name, schema: noteSchema }] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    await store.replaceAll(parsed.backup);

    expect(await store.exportAll()).toEqual(exported);
    expect(exported.frameworks.map((framework) => framework.frameworkId)).toEqual([
      BACKEND,
      FRONTEND,
      'leadership/manager',
    ]);
    expect(exported.frameworks[2]).toEqual({
      frameworkId: 'leadership/manager',
      settings: settings('leadership/manager'),
      criteria: [],
    });
    expect(problems).toEqual([]);
  });

  it('replaces everything on restore: what the backup lacks is gone', async () => {
    const { store } = watched(create());
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    await store.putEntry(notes, 'old', { title: 'Old' });
    await store.replaceAll({
      frameworks: [
        {
          frameworkId: FRONTEND,
          settings: null,
          criteria: [progress('ui.1.c', { frameworkId: FRONTEND })],
        },
      ],
      collections: {},
    });

    expect(await store.listFrameworks()).toEqual([FRONTEND]);
    expect(await store.loadFramework(BACKEND)).toEqual([]);
    expect(await store.loadCollection(notes)).toEqual(new Map());
  });

  it('restores nothing from contents with a record it could not read back', async () => {
    const { store, problems } = watched(create());
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    const before = await store.exportAll();
    await store.replaceAll({
      frameworks: [
        {
          frameworkId: BACKEND,
          settings: null,
          criteria: [
            progress('impact.2.bbbbbbbbbbbb'),
            progress('impact.2.cccccccccccc', { level: -1 }),
          ],
        },
      ],
      collections: {},
    });

    expect(await store.exportAll()).toEqual(before);
    expect(problems).toEqual([
      {
        kind: 'rejected',
        key: '*',
        message: expect.stringMatching(
          /^Nothing was restored: `frameworks\[0\]\.criteria\[1\]\.level` should be/,
        ),
      },
    ]);
  });

  it('keeps the data of a restore that was refused unchanged', async () => {
    const { store } = watched(create());
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    const before = await store.exportAll();
    const text = backupToText(buildBackup(before, new Date('2025-03-10T12:00:00Z')));
    const tampered = text.replace('"demonstrated"', '"done"');

    const parsed = parseBackup(tampered);
    if (parsed.ok) await store.replaceAll(parsed.backup);

    expect(parsed.ok).toBe(false);
    expect(await store.exportAll()).toEqual(before);
  });
});
