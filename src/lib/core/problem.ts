/** How bad a problem is: an error makes a file unusable, a warning does not. */
export type Severity = 'error' | 'warning';

/** Something wrong with an input file, located so its author can find and fix it. */
export interface Problem {
  severity: Severity;
  /** What is wrong, in words the file's author understands. */
  message: string;
  /** 1-based line in the original file, when known. */
  line: number | null;
  /** 1-based column, when known. */
  column: number | null;
  /** The field, as a path such as `topics[2].content[0].level`, when the problem has one. */
  field: string | null;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

/**
 * `file:line:column: severity: message (field)`, the form compilers and editors understand, on
 * one line (line breaks in the message become spaces). Without a line it is `file: severity:
 * message`; without a column, column 1.
 */
export function formatProblem(file: string, problem: Problem): string {
  const where = [file, problem.line ?? '', problem.line === null ? '' : (problem.column ?? 1)]
    .filter((part) => part !== '')
    .join(':');
  const field = problem.field ? ` (${problem.field})` : '';
  return `${where}: ${problem.severity}: ${problem.message.replace(/\s*\n\s*/g, ' ')}${field}`;
}
