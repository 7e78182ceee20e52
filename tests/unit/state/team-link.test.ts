/**
 * A team's `?framework=` link over the library: asked once, opened once added, never fetched
 * again unless the person checks for a newer version, which then waits for their word.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { Library } from '../../../src/lib/state/library.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import { memoryStore } from './memory-stores.ts';
import { MemoryDatabase } from '../../../src/lib/storage/index.ts';

const ADDRESS = 'https://frameworks.example.test/team/framework.md';
const fixture = (name: string) => readFileSync(`tests/fixtures/frameworks/${name}`, 'utf8');

/** A library on `database` whose fetch answers with `served.text`, counting the requests. */
async function libraryServing(served: { text: string }, database = new MemoryDatabase()) {
  const store = memoryStore(database);
  const fetcher = vi.fn(async () => new Response(served.text, { status: 200 }));
  const library = new Library({
    shipped: [],
    saved: new SavedProgress({ open: async () => store }),
    fetch: fetcher as typeof fetch,
  });
  await library.load();
  return { library, fetcher, database };
}

function levelOneTexts(library: Library): string[] {
  const framework = library.userFramework('test/versioned')!;
  return framework.topics[0]!.levels[0]!.criteria.map((criterion) => criterion.text);
}

describe('a team link', () => {
  it('asks first, and opens the framework once its file is added', async () => {
    const served = { text: fixture('byo-v1.md') };
    const { library, fetcher } = await libraryServing(served);
    expect(library.link.follow(ADDRESS)).toBeNull();
    expect(library.link.asking).toBe(ADDRESS);
    expect(library.link.opens).toBeNull();
    expect(fetcher).not.toHaveBeenCalled();
    await library.link.load();
    expect(library.link.asking).toBeNull();
    expect(library.link.opens).toBe('test/versioned');
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('opens a file with warnings only once the person has accepted them', async () => {
    const { library } = await libraryServing({ text: fixture('byo-warnings.md') });
    library.link.follow(ADDRESS);
    await library.link.load();
    const waiting = library.reports[0]!;
    expect(waiting.status).toBe('waiting');
    expect(library.link.opens).toBeNull();
    await library.confirm(waiting);
    expect(library.link.opens).toBe('test/warned');
  });

  it('names a framework already added from its address, to open without asking or fetching', async () => {
    const served = { text: fixture('byo-v1.md') };
    const first = await libraryServing(served);
    first.library.link.follow(ADDRESS);
    await first.library.link.load();
    const again = await libraryServing(served, first.database);
    expect(again.library.link.follow(ADDRESS)).toBe('test/versioned');
    expect(again.library.link.asking).toBeNull();
    expect(again.fetcher).not.toHaveBeenCalled();
  });

  it('checks for a newer version only when asked, and offers it without taking it', async () => {
    const served = { text: fixture('byo-v1.md') };
    const { library, fetcher } = await libraryServing(served);
    library.link.follow(ADDRESS);
    await library.link.load();
    expect(library.link.canCheck('test/versioned')).toBe(true);

    await library.link.checkForUpdate('test/versioned');
    expect(library.link.checked('test/versioned')?.status).toBe('unchanged');

    served.text = fixture('byo-v2.md');
    await library.link.checkForUpdate('test/versioned');
    const offer = library.link.checked('test/versioned')!;
    expect(offer).toMatchObject({ status: 'waiting', outcome: { kind: 'update' } });
    // Offered, not taken: the framework is still the version there was.
    expect(levelOneTexts(library)).toContain('Reviews pull requests within a day');
    await library.confirm(offer);
    expect(library.link.checked('test/versioned')?.status).toBe('updated');
    expect(levelOneTexts(library)).toContain('Reviews pull requests within one working day');
    expect(fetcher).toHaveBeenCalledTimes(3);
  });

  it('cannot be checked for a framework added from a file', async () => {
    const { library, fetcher } = await libraryServing({ text: '' });
    await library.addText(fixture('byo-v1.md'), 'byo-v1.md');
    expect(library.link.canCheck('test/versioned')).toBe(false);
    await library.link.checkForUpdate('test/versioned');
    expect(library.link.checked('test/versioned')).toBeNull();
    expect(fetcher).not.toHaveBeenCalled();
  });
});
