import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadShippedFrameworks } from '../../../scripts/frameworks-plugin.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'progression-frameworks-'));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

describe('the shipped frameworks', () => {
  it('are every framework file in the folder and its subfolders, parsed, with their sources', async () => {
    const { frameworks, sources } = await loadShippedFrameworks('frameworks');
    expect(frameworks.map((framework) => framework.id)).toContain('engineering/backend');
    expect(sources.get('engineering/backend')).toMatch(/^---\npath: "\/engineering\/backend"/);
  });

  it('stop the build with every problem of a broken file, by file and line', async () => {
    const folder = folderWith({
      'good.md':
        '---\ntitle: Good\ntopics:\n  - name: a\n    content:\n      - level: 1\n        criteria: ["Does a"]\n---\n',
      'broken.md':
        '---\ntitle: Broken\ntopics:\n  - name: a\n    content:\n      - level: two\n        criteria: ["Does a"]\n---\n',
    });
    await expect(loadShippedFrameworks(folder)).rejects.toThrow(
      /broken\.md:6:\d+: error: "level" should be a whole number/,
    );
  });

  it('stop the build when two files claim the same id', async () => {
    const framework =
      '---\npath: "/same"\ntitle: Same\ntopics:\n  - name: a\n    content:\n      - level: 1\n        criteria: ["Does a"]\n---\n';
    const folder = folderWith({ 'one.md': framework, 'two.md': framework });
    await expect(loadShippedFrameworks(folder)).rejects.toThrow(
      /the framework id "same" is already used/i,
    );
  });
});
