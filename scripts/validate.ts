/**
 * The validator for framework authors: `progression-validate <files or folders>` (or
 * `npm run validate -- <files or folders>`) checks framework files as the app reads them and
 * prints each problem as `file:line:column: error|warning: message`, then a summary line.
 *
 * Folders are searched recursively for `.md`, `.markdown`, `.yaml` and `.yml` files (skipping
 * `node_modules` and hidden folders). A `.yaml` or `.yml` file holds only the front matter. Each
 * folder is checked as one set, as the app checks a repository added as a folder (`checkSet`):
 * files without front matter (a README) are left out, ids must be unique across the set, and its
 * generic framework (`path: "/generic"`) is the base of its other frameworks; a line per folder
 * says what the set holds.
 *
 * Exit code: 0 when no file has an error (warnings allowed), 1 when any has, 2 for a usage error
 * (no arguments, an unknown option, a path that does not exist, a folder without framework
 * files). Built by `vite.cli.config.ts` into `dist-cli/validate.js`, which
 * `bin/progression-validate.js` runs on plain Node.
 */
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseFramework, type ParseResult } from '../src/lib/core/framework.ts';
import { checkSet, shownMember, type SetCheck } from '../src/lib/core/framework-set.ts';
import { LIMITS } from '../src/lib/core/limits.ts';
import { formatProblem, type Problem } from '../src/lib/core/problem.ts';
import { decodeText } from '../src/lib/core/text-decoding.ts';

/** Where the validator writes: a line at a time, so tests can collect the output. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: Output = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

const USAGE = `Usage: progression-validate [--] <files or folders>...

Checks progression framework files (.md, .markdown, .yaml, .yml; folders are searched
recursively) and prints each problem as "file:line:column: error|warning: message".
Exits with 1 when any file has an error, 0 otherwise, and 2 for a usage error.`;

const FRAMEWORK_FILE = /\.(md|markdown|ya?ml)$/i;
const YAML_FILE = /\.ya?ml$/i;

/** Validates the files and folders named in `args`; gives the process exit code. */
export async function main(
  args: readonly string[],
  output: Output = consoleOutput,
): Promise<number> {
  // After "--", every argument is a path, even one that starts with "-".
  const end = args.indexOf('--');
  const before = end === -1 ? args : args.slice(0, end);
  const options = before.filter((arg) => arg.startsWith('-'));
  const paths = [
    ...before.filter((arg) => !arg.startsWith('-')),
    ...(end === -1 ? [] : args.slice(end + 1)),
  ];
  if (options.includes('--help') || options.includes('-h')) {
    output.out(USAGE);
    return 0;
  }
  const unknown = options[0];
  if (paths.length === 0 || unknown !== undefined) {
    if (unknown !== undefined) output.err(`progression-validate: unknown option "${unknown}"`);
    output.err(USAGE);
    return 2;
  }
  const found = findFrameworkFiles(paths);
  if (found.missing.length > 0) {
    for (const path of found.missing) output.err(`progression-validate: ${path}`);
    return 2;
  }
  return report(found.targets, output);
}

/** A file named on its own (`folder: null`), or the framework files of a folder: one set. */
interface Target {
  folder: string | null;
  files: string[];
}

/**
 * The framework files named by `paths`, folders searched recursively, each file once, in the
 * order given (folders sorted); `missing` says, for each path that gives none, why.
 */
export function findFrameworkFiles(paths: readonly string[]): {
  targets: Target[];
  missing: string[];
} {
  const seen = new Set<string>();
  const targets: Target[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      missing.push(`no such file or folder: ${path}`);
      continue;
    }
    const inFolder = isFolder ? frameworkFilesIn(path) : [path];
    if (inFolder.length === 0) missing.push(`no framework files (.md, .yaml) in folder: ${path}`);
    const files = inFolder.filter((file) => !seen.has(file));
    for (const file of files) seen.add(file);
    if (files.length > 0) targets.push({ folder: isFolder ? path : null, files });
  }
  return { targets, missing };
}

function frameworkFilesIn(folder: string): string[] {
  const files: string[] = [];
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules')
        files.push(...frameworkFilesIn(path));
    } else if (entry.isFile() && FRAMEWORK_FILE.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

/** Checks each file and set, and prints their problems and the summary; gives the exit code. */
async function report(targets: readonly Target[], output: Output): Promise<number> {
  const tally = { files: 0, errors: 0, warnings: 0 };
  /**
   * Which file has each framework id, among the files named on their own. A set checks its own
   * ids; two sets are two repositories, each added under its own name, so theirs never meet.
   */
  const ids = new Map<string, string>();
  const print = (file: string, problems: readonly Problem[]) => {
    for (const problem of problems) {
      output.out(formatProblem(file, problem));
      if (problem.severity === 'error') tally.errors++;
      else tally.warnings++;
    }
  };
  const claim = (file: string, id: string, problems: Problem[]) => {
    const clash = ids.get(id);
    if (clash === undefined) ids.set(id, file);
    else problems.push(fileError(`The framework id "${id}" is already used by ${clash}.`));
  };
  for (const target of targets) {
    if (target.folder === null) {
      for (const file of target.files) {
        const { problems, result } = validateFile(file);
        if (result?.ok) claim(file, result.framework.id, problems);
        print(file, problems);
        tally.files++;
      }
      continue;
    }
    const { check, read } = await validateSet(target.files);
    for (const file of target.files) {
      if (check.skipped.includes(file)) {
        if (!/(^|[\\/])readme\.md$/i.test(file)) print(file, [skippedWarning()]);
        continue;
      }
      const problems = [...(read.get(file) ?? [])];
      const member = check.members.find((candidate) => candidate.path === file);
      problems.push(
        ...(member?.warnings ??
          check.unreadable.find((entry) => entry.path === file)?.problems ??
          []),
      );
      print(file, problems);
      tally.files++;
    }
    output.out(describeSet(target.folder, check));
  }
  output.out(
    `${count(tally.files, 'file')} checked: ${count(tally.errors, 'error')}, ${count(tally.warnings, 'warning')}.`,
  );
  return tally.errors > 0 ? 1 : 0;
}

/**
 * The files of a folder checked as one set. `read` has each file's problems of reading (its
 * encoding, its size); a file that cannot be read at all is unreadable in the check.
 */
async function validateSet(
  files: readonly string[],
): Promise<{ check: SetCheck; read: Map<string, Problem[]> }> {
  const read = new Map<string, Problem[]>();
  const texts: { path: string; text: string }[] = [];
  const unreadable: { path: string; problems: Problem[] }[] = [];
  for (const file of files) {
    const { text, problems } = readFrameworkFile(file);
    read.set(file, problems);
    if (text === null) unreadable.push({ path: file, problems: [] });
    else texts.push({ path: file, text: YAML_FILE.test(file) ? asMarkdown(text) : text });
  }
  const check = await checkSet(texts, (text, origin) =>
    YAML_FILE.test(origin)
      ? linesAsWritten(parseFramework(text, origin))
      : parseFramework(text, origin),
  );
  return { check: { ...check, unreadable: [...check.unreadable, ...unreadable] }, read };
}

/** What a set holds: its frameworks, and the base its generic framework is to them. */
function describeSet(folder: string, check: SetCheck): string {
  const frameworks = count(check.members.length, 'framework');
  if (!check.base)
    return `${folder}: a set of ${frameworks}, without a generic framework (path "/generic").`;
  const based = check.members.filter(
    (member) => shownMember(member, check.base) !== member.framework,
  ).length;
  const generic = relative(folder, check.base.path);
  return `${folder}: a set of ${frameworks}; ${generic} (path "/generic") is the base of the ${count(based, 'other')} sharing a topic with it.`;
}

function skippedWarning(): Problem {
  return {
    ...fileError('left out: it has no front matter, so it is not a framework file.'),
    severity: 'warning',
  };
}

/**
 * The text of a framework file and the problems of reading it: `text` is null, with an error,
 * when it cannot be read or is too large; a warning says when it was not UTF-8.
 */
function readFrameworkFile(file: string): { text: string | null; problems: Problem[] } {
  let bytes: Uint8Array | null;
  try {
    bytes = readAtMost(file, LIMITS.frameworkBytes);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return { text: null, problems: [fileError(`The file cannot be read (${reason}).`)] };
  }
  if (bytes === null) {
    return {
      text: null,
      problems: [
        fileError(
          `The file is larger than ${LIMITS.frameworkBytes / 1024 / 1024} MB; a framework file is far smaller.`,
        ),
      ],
    };
  }
  const { text, warning } = decodeText(bytes);
  return {
    text,
    problems: warning === null ? [] : [{ ...fileError(warning), severity: 'warning' }],
  };
}

/**
 * The problems of one framework file and, when it could be read, what parsing it gave.
 */
export function validateFile(file: string): { problems: Problem[]; result: ParseResult | null } {
  const { text, problems } = readFrameworkFile(file);
  if (text === null) return { problems, result: null };
  const result = YAML_FILE.test(file)
    ? linesAsWritten(parseFramework(asMarkdown(text), file))
    : parseFramework(text, file);
  return { problems: [...problems, ...result.problems], result };
}

/**
 * The file's bytes, or null when it has more than `limit`: reading stops there, so a device
 * such as `/dev/zero` or a growing pipe ends like any large file instead of never.
 */
function readAtMost(file: string, limit: number): Uint8Array | null {
  const fd = openSync(file, 'r');
  try {
    const bytes = new Uint8Array(limit + 1);
    let size = 0;
    while (size < bytes.length) {
      const read = readSync(fd, bytes, size, bytes.length - size, null);
      if (read === 0) return bytes.subarray(0, size);
      size += read;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * A `.yaml` file is front matter without its `---` lines: it is read between added ones (see
 * `linesAsWritten`). A leading `---` of its own becomes a blank line.
 */
function asMarkdown(yaml: string): string {
  return `---\n${yaml.replace(/^---[ \t]*(?=\r?\n|$)/, '')}\n---\n`;
}

/** A parse of `asMarkdown`'s text, with its problems' lines moved back to the `.yaml` file's. */
function linesAsWritten(result: ParseResult): ParseResult {
  const problems = result.problems.map((problem) =>
    problem.line === null ? problem : { ...problem, line: Math.max(1, problem.line - 1) },
  );
  return { ...result, problems };
}

function fileError(message: string): Problem {
  return { severity: 'error', message, line: null, column: null, field: null };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
