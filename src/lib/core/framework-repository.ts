/**
 * The framework files of a repository the user opens: a folder (a clone, every file under it by
 * its path) or a zip of one (as GitHub downloads it, with the repository's folder at the top).
 * Only `.md` files are kept, by their path inside the repository, without the top folder.
 *
 * Everything is bounded by `SET_LIMITS` on the sizes the folder or zip states, before any bytes
 * are read or inflated: too many entries or too many bytes refuses the whole repository, and a
 * file over `LIMITS.frameworkBytes` is listed as unreadable while the rest is read. An entry whose
 * path climbs out of the repository (`..`) or starts at a root (`/`, `C:`) is ignored, never read.
 * fflate is imported only when a zip is opened.
 */
import type { SetFile, UnreadableFile } from './framework-set.ts';
import { LIMITS, SET_LIMITS } from './limits.ts';
import { decodeText } from './text-decoding.ts';

/** A file of a folder or zip as it is listed: its name there and its stated size in bytes. */
export interface RepositoryEntry {
  name: string;
  size: number;
}

/** A file of a folder the user chose: its path from the folder's parent, size and bytes. */
export interface FolderFile extends RepositoryEntry {
  bytes: () => Promise<Uint8Array>;
}

export type RepositoryRead =
  | {
      ok: true;
      /** The suggested name of the set: the folder's or zip's, without `-main` / `-master`. */
      name: string;
      files: SetFile[];
      /** Framework files that were not read (too large), with why. */
      unreadable: UnreadableFile[];
      /** Entries ignored because their path leaves the repository. */
      ignored: string[];
      /** Files not read as UTF-8 or UTF-16, by path, with the warning that says how they were. */
      decodingWarnings: Map<string, string>;
    }
  | { ok: false; message: string };

/** Chosen entries: the name each has in the folder or zip, and its path in the set. */
interface Selection {
  chosen: { name: string; path: string }[];
  unreadable: UnreadableFile[];
  ignored: string[];
}

const MB = 1024 * 1024;

/**
 * A set's name from a folder or zip name: `acme-frameworks-main.zip` is `acme-frameworks`, as
 * GitHub names a repository's zip after its branch.
 */
export function setNameOf(fileName: string): string {
  const name = fileName
    .replace(/\.zip$/i, '')
    .replace(/-(main|master)$/i, '')
    .trim();
  return name.slice(0, SET_LIMITS.nameLength) || 'frameworks';
}

/** The path of `name` inside the repository; null for one that leaves it or starts at a root. */
function safePath(name: string): string | null {
  const path = name.replace(/\\/g, '/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return null;
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || parts.includes('..')) return null;
  return parts.join('/');
}

function tooLarge(path: string): UnreadableFile {
  return {
    path,
    problems: [
      {
        severity: 'error',
        message: `${path} is larger than ${LIMITS.frameworkBytes / MB} MB; a framework file is far smaller.`,
        line: null,
        column: null,
        field: null,
      },
    ],
  };
}

/**
 * Chooses the framework files among `entries`, by the limits above. Returns a message instead
 * when the repository is over a limit as a whole.
 */
export function selectFrameworkFiles(
  entries: readonly RepositoryEntry[],
): Selection | { message: string } {
  if (entries.length > SET_LIMITS.entries)
    return {
      message: `it holds more than ${SET_LIMITS.entries} files; a framework repository holds far fewer.`,
    };
  const ignored: string[] = [];
  const safe: { name: string; path: string; size: number }[] = [];
  for (const entry of entries) {
    const path = safePath(entry.name);
    if (path === null) ignored.push(entry.name);
    // Folders in a zip are entries of their own, ending in `/`.
    else if (!entry.name.endsWith('/')) safe.push({ name: entry.name, path, size: entry.size });
  }
  // The repository's own folder (`acme-frameworks-main/`) is not part of the set's paths.
  const top = safe[0]?.path.split('/')[0];
  const shared = top !== undefined && safe.every((entry) => entry.path.startsWith(`${top}/`));
  const chosen: Selection['chosen'] = [];
  const unreadable: UnreadableFile[] = [];
  let bytes = 0;
  for (const entry of safe) {
    const path = shared ? entry.path.slice(top.length + 1) : entry.path;
    if (!/\.md$/i.test(path) || path.startsWith('__MACOSX/')) continue;
    if (path.length > SET_LIMITS.pathLength) {
      ignored.push(entry.name);
      continue;
    }
    if (entry.size > LIMITS.frameworkBytes) {
      unreadable.push(tooLarge(path));
      continue;
    }
    bytes += entry.size;
    chosen.push({ name: entry.name, path });
  }
  if (chosen.length > SET_LIMITS.files)
    return {
      message: `it holds ${chosen.length} framework files; a set may have at most ${SET_LIMITS.files}.`,
    };
  if (bytes > SET_LIMITS.bytes)
    return {
      message: `its framework files come to more than ${SET_LIMITS.bytes / MB} MB; a set may have at most that.`,
    };
  return { chosen, unreadable, ignored };
}

/** Decoded texts, and the warnings of those not read as UTF-8 or UTF-16. */
class Decoded {
  readonly files: SetFile[] = [];
  readonly warnings = new Map<string, string>();

  add(path: string, bytes: Uint8Array): void {
    const { text, warning } = decodeText(bytes);
    this.files.push({ path, text });
    if (warning !== null) this.warnings.set(path, warning);
  }
}

/**
 * Reads the framework files of a zip (`fileName` names the set). Never throws: a file that is
 * not a zip, or one over the limits, gives a message.
 */
export async function readZip(fileName: string, bytes: Uint8Array): Promise<RepositoryRead> {
  if (bytes.length > SET_LIMITS.zipBytes)
    return refused(fileName, `it is larger than ${SET_LIMITS.zipBytes / MB} MB`);
  const { unzipSync } = await import('fflate');
  const entries: RepositoryEntry[] = [];
  try {
    // A first pass lists the entries by their stated sizes and inflates nothing.
    unzipSync(bytes, {
      filter: (entry) => {
        entries.push({ name: entry.name, size: Math.max(entry.originalSize, entry.size) });
        if (entries.length > SET_LIMITS.entries) throw new RangeError('too many entries');
        return false;
      },
    });
  } catch (error) {
    // Past the entry limit the listing stops, and the selection below says why.
    if (!(error instanceof RangeError))
      return refused(fileName, 'it is not a zip file, or it is damaged');
  }
  const selection = selectFrameworkFiles(entries);
  if ('message' in selection) return refused(fileName, selection.message);
  const wanted = new Map(selection.chosen.map((entry) => [entry.name, entry.path]));
  let inflated: Record<string, Uint8Array>;
  try {
    // fflate inflates each entry into a buffer of its stated size, so the sizes checked bound it.
    inflated = unzipSync(bytes, { filter: (entry) => wanted.has(entry.name) });
  } catch {
    return refused(fileName, 'it is damaged');
  }
  const files = new Decoded();
  for (const [name, path] of wanted) {
    const content = inflated[name];
    if (content) files.add(path, content);
  }
  return read(setNameOf(fileName), files, selection);
}

function read(name: string, decoded: Decoded, selection: Selection): RepositoryRead {
  const { unreadable, ignored } = selection;
  return {
    ok: true,
    name,
    files: decoded.files,
    unreadable,
    ignored,
    decodingWarnings: decoded.warnings,
  };
}

function refused(fileName: string, why: string): RepositoryRead {
  return { ok: false, message: `${fileName} was not read: ${why.replace(/\.$/, '')}.` };
}

/**
 * Reads the framework files of a folder the user chose; each file's name is its path from the
 * folder's parent (`acme-frameworks/engineering/backend.md`), as browsers give it. Never throws.
 */
export async function readFolder(files: readonly FolderFile[]): Promise<RepositoryRead> {
  const folder = safePath(files[0]?.name ?? '')?.split('/')[0] ?? 'frameworks';
  const selection = selectFrameworkFiles(files);
  if ('message' in selection) return refused(folder, selection.message);
  const byName = new Map(files.map((file) => [file.name, file]));
  const texts = new Decoded();
  for (const { name, path } of selection.chosen) {
    const file = byName.get(name);
    if (file) texts.add(path, await file.bytes());
  }
  return read(setNameOf(folder), texts, selection);
}
