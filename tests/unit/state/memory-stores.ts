/**
 * Memory stores for state tests, each closed after the test that opened it, so no store of one
 * test hears another's changes.
 */
import { afterEach } from 'vitest';
import {
  createMemoryStore,
  MemoryDatabase,
  type ProgressStore,
} from '../../../src/lib/storage/index.ts';

const opened: ProgressStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

/** A store on `database` (a new one by default: a new browser), closed after the test. */
export function memoryStore(database = new MemoryDatabase()): ProgressStore {
  const store = createMemoryStore({ database });
  opened.push(store);
  return store;
}
