/**
 * The validator for framework authors: `progression-validate <files or folders>` (or
 * `npm run validate -- <files or folders>`) checks framework files as the app reads them and
 * prints each problem as `file:line:column: error|warning: message`, then a summary line.
 *
 * Folders are searched recursively for `.md`, `.markdown`, `.yaml` and `.yml` files (skipping
 * `node_modules` and hidden folders). A `.yaml` or `.yml` file holds only the front matter.
 *
 * Exit code: 0 when no file has an error (warnings allowed), 1 when any has, 2 for a usage error
 * (no arguments, an unknown option, a path that does not exist, a folder without framework
 * files). Built by `vite.cli.config.ts` into `dist-cli/validate.js`, which
 * `bin/progression-validate.js` runs on plain Node.
 */
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseFramework } from '../src/lib/core/framework.ts';
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
export function main(args: readonly string[], output: Output = consoleOutput): number {
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
  return report(found.files, output);
}

/**
 * The framework files named by `paths`, folders searched recursively, each file once, in the
 * order given (folders sorted); `missing` says, for each path that gives none, why.
 */
export function findFrameworkFiles(paths: readonly string[]): {
  files: string[];
  missing: string[];
} {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      missing.push(`no such file or folder: ${path}`);
      continue;
    }
    if (!isFolder) {
      files.add(path);
      continue;
    }
    const inFolder = frameworkFilesIn(path);
    if (inFolder.length === 0) missing.push(`no framework files (.md, .yaml) in folder: ${path}`);
    for (const file of inFolder) files.add(file);
  }
  return { files: [...files], missing };
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

/** Checks each file and prints its problems and the summary; gives the exit code. */
function report(files: readonly string[], output: Output): number {
  let errors = 0;
  let warnings = 0;
  const ids = new Map<string, string>();
  for (const file of files) {
    const { problems, id } = validateFile(file);
    const clash = id === null ? undefined : ids.get(id);
    if (id !== null && clash !== undefined) {
      problems.push(fileError(`The framework id "${id}" is already used by ${clash}.`));
    } else if (id !== null) {
      ids.set(id, file);
    }
    for (const problem of problems) {
      output.out(formatProblem(file, problem));
      if (problem.severity === 'error') errors++;
      else warnings++;
    }
  }
  output.out(
    `${count(files.length, 'file')} checked: ${count(errors, 'error')}, ${count(warnings, 'warning')}.`,
  );
  return errors > 0 ? 1 : 0;
}

/**
 * The problems of one framework file, and its framework id when it is usable. A file that cannot
 * be read gives one error.
 */
export function validateFile(file: string): { problems: Problem[]; id: string | null } {
  let bytes: Uint8Array | null;
  try {
    bytes = readAtMost(file, LIMITS.frameworkBytes);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return { problems: [fileError(`The file cannot be read (${reason}).`)], id: null };
  }
  if (bytes === null) {
    return {
      problems: [
        fileError(
          `The file is larger than ${LIMITS.frameworkBytes / 1024 / 1024} MB; a framework file is far smaller.`,
        ),
      ],
      id: null,
    };
  }
  const { text, warning } = decodeText(bytes);
  const checked = YAML_FILE.test(file) ? validateYaml(file, text) : validateMarkdown(file, text);
  if (warning !== null) checked.problems.unshift({ ...fileError(warning), severity: 'warning' });
  return checked;
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

function validateMarkdown(file: string, text: string): { problems: Problem[]; id: string | null } {
  const result = parseFramework(text, file);
  return { problems: [...result.problems], id: result.ok ? result.framework.id : null };
}

/**
 * A `.yaml` file is front matter without its `---` lines: it is read between added ones, and
 * the lines of its problems are moved back. A leading `---` of its own becomes a blank line.
 */
function validateYaml(file: string, text: string): { problems: Problem[]; id: string | null } {
  const yaml = text.replace(/^---[ \t]*(?=\r?\n|$)/, '');
  const result = parseFramework(`---\n${yaml}\n---\n`, file);
  const problems = result.problems.map((problem) =>
    problem.line === null ? problem : { ...problem, line: Math.max(1, problem.line - 1) },
  );
  return { problems, id: result.ok ? result.framework.id : null };
}

function fileError(message: string): Problem {
  return { severity: 'error', message, line: null, column: null, field: null };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
