import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defineCollection } from '../../../src/lib/core/collection.ts';
import { createMemoryStore, MemoryDatabase } from '../../../src/lib/storage/index.ts';
import type { StorageProblem } from '../../../src/lib/storage/index.ts';
import { BACKEND, progress } from '../progress-fixture.ts';

const COUNTER = defineCollection<number>('counter', v.pipe(v.number(), v.maxValue(10)));

describe('updating a collection entry from what it is when written', () => {
  it('reads the entry and writes the change in one step, never over another tab’s change', async () => {
    const database = new MemoryDatabase();
    const one = createMemoryStore({ database });
    const two = createMemoryStore({ database });
    const add = (current: number | undefined) => (current ?? 0) + 1;
    await Promise.all([
      one.updateEntry({ collection: COUNTER, key: 'n', change: add }),
      two.updateEntry({ collection: COUNTER, key: 'n', change: add }),
      one.updateEntry({ collection: COUNTER, key: 'n', change: add }),
    ]);
    expect((await one.loadCollection(COUNTER)).get('n')).toBe(3);
    expect(await one.updateEntry({ collection: COUNTER, key: 'n', change: () => null })).toBe(true);
    expect((await one.loadCollection(COUNTER)).has('n')).toBe(false);
    one.close();
    two.close();
  });

  it('refuses a value its schema refuses, with the reason, changing nothing', async () => {
    const problems: StorageProblem[] = [];
    const store = createMemoryStore({ onProblem: (problem) => problems.push(problem) });
    await store.putEntry(COUNTER, 'n', 4);
    expect(await store.updateEntry({ collection: COUNTER, key: 'n', change: () => 11 })).toBe(
      false,
    );
    expect((await store.loadCollection(COUNTER)).get('n')).toBe(4);
    expect(problems[0]).toMatchObject({ kind: 'rejected', key: '["collection","counter","n"]' });
    store.close();
  });

  it('stops a framework replacement whose entry update is refused: neither is written', async () => {
    const store = createMemoryStore({ onProblem: () => undefined });
    await store.putCriterion(progress('impact.2.aaaaaaaaaaaa'));
    const written = await store.replaceFramework(BACKEND, [], null, [
      { collection: COUNTER, key: 'n', change: () => 99 },
    ]);
    expect(written).toBe(false);
    expect(await store.loadFramework(BACKEND)).toHaveLength(1);
    expect((await store.loadCollection(COUNTER)).has('n')).toBe(false);
    store.close();
  });
});
