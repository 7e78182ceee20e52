/**
 * The naming rules of a framework: its id (from `path`, else the file name) and how a topic is
 * titled when the file gives only its name. Snapshot reading uses them too, for files whose
 * framework the app does not have.
 */
/**
 * Title and subtitle to show for a topic: its `title`, else a readable form of its `name` up to
 * the first colon (`technical_skills` and `technicalSkills` read "Technical skills"), with the
 * rest of the name as subtitle. A name with nothing readable before a colon is its own title.
 * A `subtitle` the file gives is the subtitle in every case.
 */
export function topicTitle(topic: {
  name: string;
  title: string | null;
  subtitle?: string | null;
}): { title: string; subtitle: string | null } {
  const named = namedTitle(topic);
  return { title: named.title, subtitle: topic.subtitle ?? named.subtitle };
}

function namedTitle(topic: { name: string; title: string | null }): {
  title: string;
  subtitle: string | null;
} {
  if (topic.title) return { title: topic.title, subtitle: null };
  const colon = topic.name.indexOf(':');
  const head = readableName(colon === -1 ? topic.name : topic.name.slice(0, colon));
  const tail = colon === -1 ? '' : topic.name.slice(colon + 1).trim();
  if (head === '') return { title: topic.name, subtitle: null };
  return {
    title: head.charAt(0).toLocaleUpperCase('en') + head.slice(1),
    subtitle: tail === '' ? null : tail,
  };
}

/** Words from a name: `-` and `_` become spaces, and a one-word camelCase name is split. */
function readableName(name: string): string {
  const words = /\s/.test(name.trim())
    ? name
    : name.replace(/([a-z])([A-Z])(?=[a-z])/g, (_, end: string, start: string) => {
        return `${end} ${start.toLowerCase()}`;
      });
  return words.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * A framework's id: its `path` without leading and trailing slashes (`engineering/backend`),
 * else its file name without extension. Segments are reduced to letters, digits, `-`, `_` and
 * `.` so the id can stand in a URL path; `.` and `..` segments are dropped.
 */
export function frameworkId(path: string | null, origin: string): string {
  const clean = (segment: string) =>
    segment
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase();
  const fromPath = (path ?? '')
    .split('/')
    .map(clean)
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .join('/');
  if (fromPath !== '') return fromPath;
  const fileName =
    origin
      .split(/[\\/?#]/)
      .filter(Boolean)
      .pop() ?? '';
  const fromFile = clean(fileName.replace(/\.(md|markdown|ya?ml|txt)$/i, ''));
  return fromFile === '' || fromFile === '.' || fromFile === '..' ? 'framework' : fromFile;
}
