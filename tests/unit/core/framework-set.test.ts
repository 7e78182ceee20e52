import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkSet,
  hasFrontMatter,
  shownMember,
  type SetFile,
} from '../../../src/lib/core/framework-set.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria } from '../../../src/lib/core/model.ts';

const ACME = 'tests/fixtures/sets/acme-frameworks';

/** Every file of a fixture set, as a folder the user opened would give them. */
function filesOf(folder: string, keep: (path: string) => boolean = () => true): SetFile[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .filter(keep)
    .map((path) => ({ path, text: readFileSync(join(folder, path), 'utf8') }));
}

describe('checkSet', () => {
  it('makes the set’s generic framework the base of its other frameworks', async () => {
    const set = await checkSet(
      filesOf(ACME, (path) => !path.includes('small') && path !== 'broken.md'),
      parseFramework,
    );
    expect(set.base?.path).toBe('generic.md');
    expect(set.members.map((member) => [member.path, member.framework.id])).toEqual([
      ['engineering/platform team/platform.md', 'team/platform'],
      ['generic.md', 'generic'],
    ]);
    const platform = set.members[0]!;
    const shown = shownMember(platform, set.base);
    expect(allCriteria(shown).filter((criterion) => criterion.fromBase)).toHaveLength(3);
    expect(shown.base).toEqual({ id: 'generic', title: 'Generic engineering', lent: 3 });
    // The generic framework is not merged into itself.
    expect(shownMember(set.base!, set.base)).toBe(set.base!.framework);
  });

  it('shows every framework as written when the set has no generic framework', async () => {
    const set = await checkSet(
      filesOf(ACME, (path) => path.endsWith('platform.md')),
      parseFramework,
    );
    expect(set.base).toBeNull();
    expect(shownMember(set.members[0]!, set.base)).toBe(set.members[0]!.framework);
  });

  it('refuses a second file with an id the set already has, naming the first', async () => {
    const set = await checkSet(
      filesOf(ACME, (path) => path.includes('small')),
      parseFramework,
    );
    expect(set.members.map((member) => member.path)).toEqual(['engineering/small copy.md']);
    expect(set.unreadable).toEqual([
      {
        path: 'small.md',
        problems: [
          expect.objectContaining({
            severity: 'error',
            field: 'path',
            message:
              'The framework id "test/small" is already used by engineering/small copy.md; give one of them another "path".',
          }),
        ],
      },
    ]);
  });

  it('lists a file it cannot read with its problems, and keeps the rest of the set', async () => {
    const set = await checkSet(filesOf(ACME), parseFramework);
    expect(set.members.map((member) => member.framework.id)).toEqual([
      'team/platform',
      'test/small',
      'generic',
    ]);
    const broken = set.unreadable.find((file) => file.path === 'broken.md');
    expect(broken?.problems.some((problem) => problem.severity === 'error')).toBe(true);
    expect(broken?.problems[0]).toMatchObject({ line: expect.any(Number) });
    // A README is not a framework file: left out, not refused.
    expect(set.skipped).toEqual(['README.md']);
  });
});

describe('hasFrontMatter', () => {
  it('is true only for text that opens with a front matter line', () => {
    expect(hasFrontMatter('---\ntitle: x\n---\n')).toBe(true);
    expect(hasFrontMatter('\uFEFF---\r\ntitle: x\r\n---\r\n')).toBe(true);
    expect(hasFrontMatter('# Read me\n---\n')).toBe(false);
    expect(hasFrontMatter('')).toBe(false);
  });
});
