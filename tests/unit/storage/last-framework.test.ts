import { describe, expect, it } from 'vitest';
import {
  forgetLastFramework,
  LAST_FRAMEWORK_KEY,
  lastFramework,
  noteLastFramework,
} from '../../../src/lib/storage/last-framework.ts';

/** A Storage kept in a Map, as localStorage would keep it. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const blocked = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('SecurityError');
  },
} as unknown as Storage;

describe('the last framework used', () => {
  it('is the one noted last, and is forgotten when that framework is removed', () => {
    const storage = memoryStorage();
    expect(lastFramework(storage)).toBeNull();
    noteLastFramework('engineering/backend', storage);
    noteLastFramework('acme/engineering/web', storage);
    expect(lastFramework(storage)).toBe('acme/engineering/web');
    forgetLastFramework('engineering/backend', storage);
    expect(lastFramework(storage)).toBe('acme/engineering/web');
    forgetLastFramework('acme/engineering/web', storage);
    expect(lastFramework(storage)).toBeNull();
  });

  it('ignores a stored value that is not shaped like a framework id', () => {
    const storage = memoryStorage();
    for (const hostile of [
      '//evil.example/x',
      '/\\evil',
      '../x',
      'javascript:alert(1)',
      'a'.repeat(201),
      '',
    ]) {
      storage.setItem(LAST_FRAMEWORK_KEY, hostile);
      expect(lastFramework(storage)).toBeNull();
    }
  });

  it('never throws when storage is blocked', () => {
    expect(() => noteLastFramework('generic', blocked)).not.toThrow();
    expect(lastFramework(blocked)).toBeNull();
    expect(() => forgetLastFramework('generic', blocked)).not.toThrow();
  });
});
