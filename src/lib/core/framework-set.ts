/**
 * A framework set: the framework files of one repository (Monzo's, or a team's fork of it),
 * checked as a whole. Each file is parsed on its own; ids must be unique across the set; and the
 * set's generic framework (`path: "/generic"`), when it has one, is the base of the set's other
 * frameworks and of no one else's, as on Monzo's site.
 *
 * The same check serves the shipped frameworks (at build time), a folder or zip the user adds,
 * and the validator, so all three agree on what a set holds.
 */
import { BASE_FRAMEWORK_ID } from './base-framework-id.ts';
import { mergeBase } from './base-framework.ts';
import type { ParseResult } from './framework.ts';
import type { Framework } from './model.ts';
import type { Problem } from './problem.ts';

/** One file of a set: its path inside the set (`engineering/backend.md`) and its text. */
export interface SetFile {
  path: string;
  text: string;
}

/** A framework of the set that can be used, with the warnings its file gave. */
export interface SetMember {
  path: string;
  /** As its file says, without the base merged. */
  framework: Framework;
  warnings: Problem[];
}

/** A file of the set that cannot be used, with every problem found. */
export interface UnreadableFile {
  path: string;
  problems: Problem[];
}

export interface SetCheck {
  /** The usable frameworks, in path order. */
  members: SetMember[];
  /** Files with errors (including a second file with an id already taken): not added. */
  unreadable: UnreadableFile[];
  /** Files left out because they are not framework files (a README without front matter). */
  skipped: string[];
  /** The set's generic framework, base of its other members; null when it has none. */
  base: SetMember | null;
}

/** Whether a file's text opens with YAML front matter, as every framework file does. */
export function hasFrontMatter(text: string): boolean {
  return /^\uFEFF?---[ \t]*\r?\n/.test(text);
}

/**
 * Checks a set of files with `parse` (the framework parser, passed in so the browser can run it
 * in a worker). Never throws: each file's problems come back with its path, and a file whose id
 * another file of the set already has is unreadable, naming that file.
 */
export async function checkSet(
  files: readonly SetFile[],
  parse: (text: string, origin: string) => ParseResult | Promise<ParseResult>,
): Promise<SetCheck> {
  const members: SetMember[] = [];
  const unreadable: UnreadableFile[] = [];
  const skipped: string[] = [];
  const byId = new Map<string, string>();
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    if (!hasFrontMatter(file.text)) {
      skipped.push(file.path);
      continue;
    }
    const result = await parse(file.text, file.path);
    if (!result.ok) {
      unreadable.push({ path: file.path, problems: result.problems });
      continue;
    }
    const clash = byId.get(result.framework.id);
    if (clash !== undefined) {
      unreadable.push({
        path: file.path,
        problems: [
          {
            severity: 'error',
            message: `The framework id "${result.framework.id}" is already used by ${clash}; give one of them another "path".`,
            line: null,
            column: null,
            field: 'path',
          },
        ],
      });
      continue;
    }
    byId.set(result.framework.id, file.path);
    members.push({ path: file.path, framework: result.framework, warnings: result.problems });
  }
  const base = members.find((member) => member.framework.id === BASE_FRAMEWORK_ID) ?? null;
  return { members, unreadable, skipped, base };
}

/**
 * A member as the set shows it: with the set's base merged in (see `mergeBase`), unless the
 * member is the base or the set has none. Returns the member's framework itself then.
 */
export function shownMember(member: SetMember, base: SetMember | null): Framework {
  return base ? mergeBase(member.framework, base.framework) : member.framework;
}
