import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { summarise } from '../../../src/lib/core/catalogue.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { PARSER_VERSION } from '../../../src/lib/core/kept-model.ts';
import { FRAMEWORK_MODELS, USER_FRAMEWORKS } from '../../../src/lib/core/library.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import { Assessment } from '../../../src/lib/state/assessment.svelte.ts';
import { Library } from '../../../src/lib/state/library.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import {
  createMemoryStore,
  MemoryDatabase,
  type ProgressStore,
  type StorageProblem,
} from '../../../src/lib/storage/index.ts';

const text = (name: string) => readFileSync(`tests/fixtures/frameworks/${name}`, 'utf8');
const parsed = (name: string, origin = name): Framework => {
  const result = parseFramework(text(name), origin);
  if (!result.ok) throw new Error(`${name} does not parse`);
  return result.framework;
};

const ID = 'test/versioned';
const MODEL_KEY = ['collection', FRAMEWORK_MODELS.name, ID];

const stores: ProgressStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

/**
 * One page load on `database`, its library loaded as the app loads it, with every parse counted
 * (the worker is not started in these tests: the parse runs here) and every storage problem kept.
 */
async function openPage(database = new MemoryDatabase()) {
  const problems: StorageProblem[] = [];
  const store = createMemoryStore({ database, onProblem: (problem) => problems.push(problem) });
  stores.push(store);
  const saved = new SavedProgress({ open: async () => store });
  const parse = vi.fn(async (source: string, origin: string) => parseFramework(source, origin));
  const library = new Library({ shipped: [summarise(parsed('small.md'))], saved, parse });
  await library.load();
  return { database, store, saved, library, parse, problems };
}

/** A page where the user added `byo-v1.md` (pasted) and ticked its first criterion. */
async function returningUser() {
  const first = await openPage();
  await first.library.addText(text('byo-v1.md'));
  expect(first.parse).toHaveBeenCalledTimes(1);
  const framework = first.library.userFramework(ID)!;
  const assessment = new Assessment(framework, first.saved);
  await first.saved.connect(assessment);
  const ticked = allCriteria(framework)[0]!;
  assessment.setDemonstrated(ticked, true);
  await vi.waitFor(async () => {
    expect((await first.store.loadFramework(ID)).map((record) => record.criterionId)).toEqual([
      ticked.id,
    ]);
  });
  return { database: first.database, framework, ticked };
}

/** Changes the kept model in storage as `change` says, around the store's checks. */
function changeStoredModel(
  database: MemoryDatabase,
  change: (model: Record<string, unknown>) => void,
) {
  const record = database.get(MODEL_KEY) as { value: Record<string, unknown> };
  change(record.value);
  database.apply([{ type: 'put', key: MODEL_KEY, value: record }]);
}

describe('Library: opening a returning user’s own framework', () => {
  it('uses the model kept with the file, without parsing the file again', async () => {
    const { database, framework } = await returningUser();
    const page = await openPage(database);
    expect(page.parse).not.toHaveBeenCalled();
    expect(page.library.userFramework(ID)).toEqual(framework);
    expect(page.problems).toEqual([]);
  });

  it('parses once a model made by an older parser, and keeps the new one', async () => {
    const { database, framework } = await returningUser();
    changeStoredModel(database, (model) => (model['parser'] = PARSER_VERSION - 1));

    const upgraded = await openPage(database);
    expect(upgraded.parse).toHaveBeenCalledTimes(1);
    expect(upgraded.library.userFramework(ID)).toEqual(framework);
    const kept = (await upgraded.saved.loadCollection(FRAMEWORK_MODELS)).get(ID);
    expect(kept?.parser).toBe(PARSER_VERSION);

    const next = await openPage(database);
    expect(next.parse).not.toHaveBeenCalled();
    expect(next.library.userFramework(ID)).toEqual(framework);
  });

  it('parses a file whose text changed since its model was kept', async () => {
    const { database } = await returningUser();
    const entry = database.get(['collection', USER_FRAMEWORKS.name, ID]) as {
      value: { source: string };
    };
    entry.value.source = text('byo-v2.md');
    database.apply([{ type: 'put', key: ['collection', USER_FRAMEWORKS.name, ID], value: entry }]);
    const page = await openPage(database);
    expect(page.parse).toHaveBeenCalledTimes(1);
    expect(page.library.userFramework(ID)).toEqual(parsed('byo-v2.md', 'pasted text'));
  });

  it('refuses a corrupt kept model with a problem, and opens the file with its progress', async () => {
    const { database, framework, ticked } = await returningUser();
    changeStoredModel(database, (model) => {
      (model['framework'] as Record<string, unknown>)['topics'] = 'broken';
    });

    const page = await openPage(database);
    expect(page.problems).toEqual([
      {
        kind: 'unreadable',
        key: JSON.stringify(MODEL_KEY),
        message: 'This entry cannot be used: `framework.topics` should be a list, found "broken".',
      },
    ]);
    expect(page.parse).toHaveBeenCalledTimes(1);
    expect(page.library.userFramework(ID)).toEqual(framework);
    const assessment = new Assessment(page.library.userFramework(ID)!, page.saved);
    await page.saved.connect(assessment);
    expect(assessment.state(ticked.id)).toBe('demonstrated');

    const next = await openPage(database);
    expect(next.problems).toEqual([]);
    expect(next.parse).not.toHaveBeenCalled();
  });

  it('leaves the model out of backups, and removes it with the framework', async () => {
    const { database } = await returningUser();
    const page = await openPage(database);
    const backup = JSON.parse((await page.saved.backup()).text) as {
      collections: Record<string, unknown>;
    };
    expect(Object.keys(backup.collections)).toContain(USER_FRAMEWORKS.name);
    expect(Object.keys(backup.collections)).not.toContain(FRAMEWORK_MODELS.name);

    await page.library.remove(ID);
    expect(database.get(MODEL_KEY)).toBeUndefined();
  });
});
