/**
 * The validator CLI as framework authors run it: `bin/progression-validate.js` as a child process
 * on plain Node, running the bundle that `vite.cli.config.ts` builds. Both are built and copied
 * into a scratch folder laid out like the project (`bin/`, `dist-cli/`), so the tests leave no
 * build output behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXTURES = 'tests/fixtures/frameworks';

/** The environment of a plain Node process, without what the test runner adds. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV'),
);

interface Run {
  code: number | null;
  stdout: string[];
  stderr: string;
}

let scratch = '';
let bin = '';

/** Runs the validator from the project root, as `npx progression-validate ...args` would. */
function validate(args: string[], binary = bin): Run {
  const result = spawnSync(process.execPath, [binary, ...args], {
    encoding: 'utf8',
    env,
    // A validator that never stops reading fails the test instead of hanging it.
    timeout: 20_000,
  });
  return {
    code: result.status,
    stdout: result.stdout.split('\n').filter((line) => line !== ''),
    stderr: result.stderr,
  };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'progression-validate-'));
  const vite = ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.cli.config.ts'];
  const outDir = join(scratch, 'cli', 'dist-cli');
  execFileSync(process.execPath, [...vite, '--outDir', outDir, '--logLevel', 'warn'], {
    env,
    stdio: 'pipe',
  });
  mkdirSync(join(scratch, 'cli', 'bin'));
  bin = join(scratch, 'cli', 'bin', 'progression-validate.js');
  copyFileSync('bin/progression-validate.js', bin);
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('progression-validate', () => {
  it('passes a good file with exit code 0 and a summary', () => {
    expect(validate([`${FIXTURES}/levelled.md`])).toEqual({
      code: 0,
      stdout: ['1 file checked: 0 errors, 0 warnings.'],
      stderr: '',
    });
  });

  it('prints the warnings of a usable file and still exits with 0', () => {
    expect(validate([`${FIXTURES}/levels-disagree.md`])).toEqual({
      code: 0,
      stdout: [
        `${FIXTURES}/levels-disagree.md:3:9: warning: The file declares 5 levels, but its criteria are at levels 2 to 6; the levels that have criteria are used. (levels)`,
        '1 file checked: 0 errors, 1 warning.',
      ],
      stderr: '',
    });
  });

  it('prints every problem of a broken file as file:line:column and exits with 1', () => {
    const file = `${FIXTURES}/several-errors.md`;
    expect(validate([file])).toEqual({
      code: 1,
      stdout: [
        `${file}:3:9: warning: "levels" should be a whole number from 0 to 99, but is the text "six"; it is ignored. (levels)`,
        `${file}:4:11: warning: "homepage" should be true or false, but is the text "yes"; it is ignored. (homepage)`,
        `${file}:8:16: error: "level" should be a whole number from 0 to 99, but is the text "two". (topics[0].content[0].level)`,
        `${file}:11:13: error: A criterion should be text, but this one reads as "key: value". Put the whole criterion in quotes. (topics[0].content[0].criteria[1])`,
        `${file}:13:19: error: "criteria" should be a list (lines starting with "- "), but is the text "Delivers small projects". (topics[0].content[1].criteria)`,
        `${file}:14:5: error: Topic 2 has no name. (topics[1])`,
        `${file}:22:23: error: "examples" should be a list (lines starting with "- "), but is the number 5. (topics[2].content[0].exampleCriteria[0].examples)`,
        '1 file checked: 5 errors, 2 warnings.',
      ],
      stderr: '',
    });
  });

  it('exits with 1 when any of several files has an error, listing them in order', () => {
    const run = validate([
      `${FIXTURES}/levelled.md`,
      `${FIXTURES}/invalid-yaml.md`,
      `${FIXTURES}/example-criteria-only.md`,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toEqual([
      `${FIXTURES}/invalid-yaml.md:3:1: error: YAML syntax: deficient indentation`,
      '3 files checked: 1 error, 0 warnings.',
    ]);
  });

  it('searches folders recursively for .md, .markdown, .yaml and .yml files', () => {
    const folder = join(scratch, 'frameworks');
    mkdirSync(join(folder, 'team', 'data'), { recursive: true });
    mkdirSync(join(folder, '.drafts'));
    mkdirSync(join(folder, 'node_modules'));
    copyFileSync(`${FIXTURES}/levelled.md`, join(folder, 'team', 'web.md'));
    copyFileSync(`${FIXTURES}/prose.md`, join(folder, 'team', 'data', 'prose.markdown'));
    writeFileSync(
      join(folder, 'team', 'data', 'only-yaml.yml'),
      '---\ntitle: "Front matter only"\nlevels: many\ntopics:\n  - name: "impact"\n    content:\n      - level: 1\n        criteria: ["Delivers"]\n',
    );
    writeFileSync(join(folder, 'notes.txt'), 'not a framework');
    copyFileSync(`${FIXTURES}/invalid-yaml.md`, join(folder, '.drafts', 'draft.md'));
    copyFileSync(`${FIXTURES}/invalid-yaml.md`, join(folder, 'node_modules', 'x.md'));
    expect(validate([folder])).toEqual({
      code: 0,
      stdout: [
        `${join(folder, 'team', 'data', 'only-yaml.yml')}:3:9: warning: "levels" should be a whole number from 0 to 99, but is the text "many"; it is ignored. (levels)`,
        `${folder}: a set of 3 frameworks, without a generic framework (path "/generic").`,
        '3 files checked: 0 errors, 1 warning.',
      ],
      stderr: '',
    });
  });

  it('reports two files named on their own with the same framework id as an error', () => {
    const folder = join(scratch, 'twins');
    mkdirSync(folder);
    copyFileSync(`${FIXTURES}/levelled.md`, join(folder, 'a.md'));
    copyFileSync(`${FIXTURES}/levelled.md`, join(folder, 'b.md'));
    expect(validate([join(folder, 'a.md'), join(folder, 'b.md')])).toEqual({
      code: 1,
      stdout: [
        `${join(folder, 'b.md')}: error: The framework id "engineering/example" is already used by ${join(folder, 'a.md')}.`,
        '2 files checked: 1 error, 0 warnings.',
      ],
      stderr: '',
    });
  });
});

describe('progression-validate on a folder: one set, as a repository added to the app', () => {
  const ACME = 'tests/fixtures/sets/acme-frameworks';

  it('lists each file’s problems with its path and ids taken twice, and exits with 1', () => {
    expect(validate([ACME])).toEqual({
      code: 1,
      stdout: [
        `${ACME}/broken.md:8:16: error: "level" should be a whole number from 0 to 99, but is the text "one". (topics[0].content[0].level)`,
        `${ACME}/broken.md:11:13: error: A criterion should be text, but this one reads as "key: value". Put the whole criterion in quotes. (topics[0].content[0].criteria[1])`,
        `${ACME}/small.md: error: The framework id "test/small" is already used by ${ACME}/engineering/small copy.md; give one of them another "path". (path)`,
        `${ACME}: a set of 3 frameworks; generic.md (path "/generic") is the base of the 2 others sharing a topic with it.`,
        '5 files checked: 3 errors, 0 warnings.',
      ],
      stderr: '',
    });
  });

  it('passes a set without errors with 0, its README left out and its generic the base', () => {
    const folder = join(scratch, 'acme-clean');
    mkdirSync(join(folder, 'engineering', 'platform team'), { recursive: true });
    for (const file of [
      'README.md',
      'generic.md',
      'small.md',
      'engineering/platform team/platform.md',
    ])
      copyFileSync(join(ACME, file), join(folder, file));
    writeFileSync(join(folder, 'notes.md'), 'Meeting notes, not a framework.\n');
    expect(validate([folder])).toEqual({
      code: 0,
      stdout: [
        `${join(folder, 'notes.md')}: warning: left out: it has no front matter, so it is not a framework file.`,
        `${folder}: a set of 3 frameworks; generic.md (path "/generic") is the base of the 2 others sharing a topic with it.`,
        '3 files checked: 0 errors, 1 warning.',
      ],
      stderr: '',
    });
  });

  it('checks each folder as a set of its own: two repositories may each have a generic', () => {
    const other = join(scratch, 'other-company');
    mkdirSync(other);
    copyFileSync(join(ACME, 'generic.md'), join(other, 'generic.md'));
    copyFileSync(`${FIXTURES}/fork-folded-quote.md`, join(other, 'platform.md'));
    const run = validate(['frameworks', other]);
    expect(run.code).toBe(0);
    expect(run.stdout).toEqual([
      expect.stringMatching(/^frameworks\/monzo\/operations\/ops-leadership\.md:7:9: warning: /),
      'frameworks: a set of 17 frameworks; monzo/generic.md (path "/generic") is the base of the 10 others sharing a topic with it.',
      ...[13, 18, 19].map(
        (line) =>
          `${join(other, 'platform.md')}:${line}:1: warning: Line ${line} continues the quoted text above it without being indented past its list dash or field; it is read as part of that text, as Monzo's site reads it. Indent the line to fix it for good.`,
      ),
      `${other}: a set of 2 frameworks; generic.md (path "/generic") is the base of the 1 other sharing a topic with it.`,
      '19 files checked: 0 errors, 4 warnings.',
    ]);
  });
});

describe('progression-validate on hostile and unusual files', () => {
  it('stops reading an endless file (/dev/zero) at the size limit, with an error', () => {
    expect(validate(['/dev/zero'])).toEqual({
      code: 1,
      stdout: [
        '/dev/zero: error: The file is larger than 2 MB; a framework file is far smaller.',
        '1 file checked: 1 error, 0 warnings.',
      ],
      stderr: '',
    });
  });

  it('reads UTF-16 with a byte order mark as the app does', () => {
    const file = join(scratch, 'utf16.md');
    const source = readFileSync(`${FIXTURES}/levelled.md`, 'utf8');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')]));
    expect(validate([file]).stdout).toEqual(['1 file checked: 0 errors, 0 warnings.']);
  });

  it('reads Latin-1 text as Windows-1252 and says so in a warning', () => {
    const file = join(scratch, 'latin1.md');
    const source = readFileSync(`${FIXTURES}/byo-team.md`, 'utf8').replace(
      /title: .*/,
      'title: "Café"',
    );
    writeFileSync(file, Buffer.from(source, 'latin1'));
    expect(validate([file])).toMatchObject({
      code: 0,
      stdout: [
        `${file}: warning: The file is not UTF-8, so it was read as Windows-1252 (Latin-1): check that accented letters and symbols read as intended, or save the file as UTF-8.`,
        '1 file checked: 0 errors, 1 warning.',
      ],
    });
  });
});

describe('progression-validate used wrongly', () => {
  it('without arguments prints how to use it and exits with 2', () => {
    const run = validate([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toEqual([]);
    expect(run.stderr).toMatch(/^Usage: progression-validate \[--\] <files or folders>/);
  });

  it('with a path that does not exist says so and exits with 2', () => {
    const run = validate([`${FIXTURES}/levelled.md`, 'no-such-framework.md']);
    expect(run).toEqual({
      code: 2,
      stdout: [],
      stderr: 'progression-validate: no such file or folder: no-such-framework.md\n',
    });
  });

  it('with a folder that holds no framework file says so and exits with 2', () => {
    const folder = join(scratch, 'empty');
    mkdirSync(folder);
    expect(validate([folder])).toEqual({
      code: 2,
      stdout: [],
      stderr: `progression-validate: no framework files (.md, .yaml) in folder: ${folder}\n`,
    });
  });

  it('with an unknown option names it and exits with 2', () => {
    const run = validate(['--strict', `${FIXTURES}/levelled.md`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^progression-validate: unknown option "--strict"\nUsage:/);
  });

  it('with --help prints how to use it and exits with 0', () => {
    const run = validate(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout[0]).toBe('Usage: progression-validate [--] <files or folders>...');
  });

  it('reads every argument after "--" as a path', () => {
    expect(validate(['--', `${FIXTURES}/levelled.md`]).stdout).toEqual([
      '1 file checked: 0 errors, 0 warnings.',
    ]);
  });

  it('before the validator is built says how to build it and exits with 2', () => {
    const unbuilt = join(scratch, 'unbuilt', 'bin', 'progression-validate.js');
    mkdirSync(join(scratch, 'unbuilt', 'bin'), { recursive: true });
    copyFileSync('bin/progression-validate.js', unbuilt);
    const run = validate([`${FIXTURES}/levelled.md`], unbuilt);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('npm run validate -- <files or folders>');
  });
});
