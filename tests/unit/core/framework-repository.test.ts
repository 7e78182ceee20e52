import { readFileSync } from 'node:fs';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  readFolder,
  readZip,
  selectFrameworkFiles,
  setNameOf,
  type FolderFile,
} from '../../../src/lib/core/framework-repository.ts';
import { LIMITS, SET_LIMITS } from '../../../src/lib/core/limits.ts';

const fixture = (path: string) =>
  readFileSync(`tests/fixtures/sets/acme-frameworks/${path}`, 'utf8');

/** A zip as GitHub makes one of a repository: every file under `<repo>-main/`. */
function githubZip(files: Record<string, string | Uint8Array>, top = 'acme-frameworks-main') {
  const entries: Zippable = {};
  for (const [path, content] of Object.entries(files))
    entries[top ? `${top}/${path}` : path] =
      typeof content === 'string' ? strToU8(content) : content;
  return zipSync(entries);
}

describe('setNameOf', () => {
  it('names a set after its zip or folder, without the branch GitHub appends', () => {
    expect(setNameOf('acme-frameworks-main.zip')).toBe('acme-frameworks');
    expect(setNameOf('acme-frameworks-master.ZIP')).toBe('acme-frameworks');
    expect(setNameOf('Our frameworks')).toBe('Our frameworks');
    expect(setNameOf('.zip')).toBe('frameworks');
  });
});

describe('readZip', () => {
  it('reads every .md file by its path in the repository, spaces and subfolders kept', async () => {
    const zip = githubZip({
      'generic.md': fixture('generic.md'),
      'engineering/platform team/platform.md': fixture('engineering/platform team/platform.md'),
      'README.md': fixture('README.md'),
      'logo.png': new Uint8Array([137, 80, 78, 71]),
      'package.json': '{}',
    });
    const read = await readZip('acme-frameworks-main.zip', zip);
    if (!read.ok) throw new Error(read.message);
    expect(read.name).toBe('acme-frameworks');
    expect(read.files.map((file) => file.path).sort()).toEqual([
      'README.md',
      'engineering/platform team/platform.md',
      'generic.md',
    ]);
    expect(read.files.find((file) => file.path === 'generic.md')?.text).toBe(fixture('generic.md'));
    expect(read.unreadable).toEqual([]);
  });

  it('keeps the paths of a zip without a top folder as they are', async () => {
    const zip = githubZip({ 'small.md': fixture('small.md'), 'team/a.md': '---\n---\n' }, '');
    const read = await readZip('frameworks.zip', zip);
    if (!read.ok) throw new Error(read.message);
    expect(read.files.map((file) => file.path).sort()).toEqual(['small.md', 'team/a.md']);
  });

  it('ignores entries whose path climbs out of the repository or starts at a root', async () => {
    const zip = zipSync({
      'acme/small.md': strToU8(fixture('small.md')),
      'acme/../../evil.md': strToU8('---\npath: "/evil"\n---\n'),
      '/etc/absolute.md': strToU8('---\npath: "/absolute"\n---\n'),
      'C:/windows.md': strToU8('---\npath: "/windows"\n---\n'),
    });
    const read = await readZip('acme.zip', zip);
    if (!read.ok) throw new Error(read.message);
    expect(read.files.map((file) => file.path)).toEqual(['small.md']);
    expect(read.ignored.sort()).toEqual([
      '/etc/absolute.md',
      'C:/windows.md',
      'acme/../../evil.md',
    ]);
  });

  it('lists a file over the size of a framework file as unreadable, and reads the rest', async () => {
    const zip = githubZip({
      'small.md': fixture('small.md'),
      'huge.md': 'a'.repeat(LIMITS.frameworkBytes + 1),
    });
    const read = await readZip('acme-frameworks-main.zip', zip);
    if (!read.ok) throw new Error(read.message);
    expect(read.files.map((file) => file.path)).toEqual(['small.md']);
    expect(read.unreadable).toHaveLength(1);
    expect(read.unreadable[0]?.path).toBe('huge.md');
    expect(read.unreadable[0]?.problems[0]?.message).toMatch(/huge\.md is larger than 2 MB/);
  });

  it('inflates no more of an entry than the size the zip states for it', async () => {
    const zip = githubZip({ 'small.md': `---\n${'a'.repeat(100_000)}` });
    // The central directory's record of the entry: its uncompressed size is at offset 24.
    const record = zip.findIndex(
      (byte, index) =>
        byte === 0x50 && zip[index + 1] === 0x4b && zip[index + 2] === 1 && zip[index + 3] === 2,
    );
    new DataView(zip.buffer, zip.byteOffset).setUint32(record + 24, 10, true);
    const read = await readZip('lying-main.zip', zip);
    if (!read.ok) throw new Error(read.message);
    expect(read.files.map((file) => file.text)).toEqual(['---\naaaaaa']);
  });

  it('refuses a repository whose framework files together pass the set limit', async () => {
    const files: Record<string, string> = {};
    const each = LIMITS.frameworkBytes - 10;
    for (let index = 0; index <= SET_LIMITS.bytes / each; index++)
      files[`f${index}.md`] = 'a'.repeat(each);
    const read = await readZip('big-main.zip', githubZip(files));
    expect(read).toEqual({
      ok: false,
      message:
        'big-main.zip was not read: its framework files come to more than 16 MB; a set may have at most that.',
    });
  });

  it('refuses a zip with more entries than a repository has, before inflating any', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index <= SET_LIMITS.entries; index++) files[`f${index}.txt`] = '';
    const read = await readZip('many.zip', githubZip(files));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/more than 10000 files/);
  });

  it('refuses a file that is not a zip, saying so', async () => {
    const read = await readZip('notes.zip', strToU8('not a zip at all'));
    expect(read).toEqual({
      ok: false,
      message: 'notes.zip was not read: it is not a zip file, or it is damaged.',
    });
  });
});

describe('selectFrameworkFiles', () => {
  it('refuses more framework files than a set may have', () => {
    const entries = Array.from({ length: SET_LIMITS.files + 1 }, (_, index) => ({
      name: `repo/f${index}.md`,
      size: 10,
    }));
    expect(selectFrameworkFiles(entries)).toEqual({
      message: `it holds ${SET_LIMITS.files + 1} framework files; a set may have at most ${SET_LIMITS.files}.`,
    });
  });
});

describe('readFolder', () => {
  const folderFile = (name: string, text: string): FolderFile => ({
    name,
    size: text.length,
    bytes: async () => strToU8(text),
  });

  it('reads a chosen folder by the paths inside it, named after the folder', async () => {
    const read = await readFolder([
      folderFile('acme-frameworks/small.md', fixture('small.md')),
      folderFile('acme-frameworks/engineering/small copy.md', fixture('engineering/small copy.md')),
      folderFile('acme-frameworks/.git/HEAD', 'ref: refs/heads/main'),
    ]);
    if (!read.ok) throw new Error(read.message);
    expect(read.name).toBe('acme-frameworks');
    expect(read.files).toEqual([
      { path: 'small.md', text: fixture('small.md') },
      { path: 'engineering/small copy.md', text: fixture('engineering/small copy.md') },
    ]);
  });

  it('says which files were not UTF-8 or UTF-16, and reads them as Windows-1252', async () => {
    const windows1252 = new Uint8Array([
      ...strToU8('---\ntitle: "'),
      0x93,
      0x41,
      0x94,
      ...strToU8('"\n---\n'),
    ]);
    const read = await readFolder([
      { name: 'acme/small.md', size: 10, bytes: async () => strToU8(fixture('small.md')) },
      { name: 'acme/old.md', size: windows1252.length, bytes: async () => windows1252 },
    ]);
    if (!read.ok) throw new Error(read.message);
    expect(read.files.find((file) => file.path === 'old.md')?.text).toContain('“A”');
    expect([...read.decodingWarnings.keys()]).toEqual(['old.md']);
  });
});
