import { readFileSync } from 'node:fs';
import { parseFramework } from '../../src/lib/core/framework.ts';
import type { Framework } from '../../src/lib/core/model.ts';

/** Parses a fixture framework file, failing the test loudly if it does not parse. */
export function fixtureFramework(name: string): Framework {
  const text = readFileSync(`tests/fixtures/frameworks/${name}`, 'utf8');
  const result = parseFramework(text, name);
  if (!result.ok)
    throw new Error(`Fixture ${name} does not parse: ${JSON.stringify(result.problems)}`);
  return result.framework;
}
