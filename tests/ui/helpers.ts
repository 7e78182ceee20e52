import { readFileSync } from 'node:fs';
import { parseFramework } from '../../src/lib/core/framework.ts';
import type { Framework } from '../../src/lib/core/model.ts';
import { summarise } from '../../src/lib/core/catalogue.ts';
import { Library } from '../../src/lib/state/library.svelte.ts';
import type { SavedProgress } from '../../src/lib/state/saved-progress.svelte.ts';

/** Parses a fixture framework file, failing the test loudly if it does not parse. */
export function fixtureFramework(name: string): Framework {
  const text = readFileSync(`tests/fixtures/frameworks/${name}`, 'utf8');
  const result = parseFramework(text, name);
  if (!result.ok)
    throw new Error(`Fixture ${name} does not parse: ${JSON.stringify(result.problems)}`);
  return result.framework;
}

/** A library whose only shipped framework is `framework`. */
export function libraryOf(framework: Framework, saved: SavedProgress): Library {
  return new Library({
    shipped: [summarise(framework)],
    saved,
  });
}
