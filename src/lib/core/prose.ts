import type { TopicDraft } from './framework-build.ts';
import { LIMITS } from './limits.ts';
import type { Problem } from './problem.ts';
import { normaliseText } from './source.ts';

const LEVEL_HEADING = /^##[ \t]+Level[ \t]+(\d{1,2})\b[^\n]*$/i;
const OTHER_HEADING = /^#{1,2}[ \t]/;
const TOPIC_HEADING = /^###[ \t]+(.+?)[ \t#]*$/;
const RULE = /^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/;
const FENCE = /^[ \t]*(```|~~~)/;

/**
 * Reads the body of a prose framework (`yaml: false`): each `## Level N` section holds
 * `### Topic` headings, and each paragraph under a topic heading is one criterion (markdown,
 * links included, kept as written). Levels may be separated by `---` rules. Everything outside
 * the level sections is the about text.
 *
 * `firstLine` is the 1-based line of the body in the file, so criteria carry their file line.
 * Text under a level but before any topic is reported as a warning; a paragraph longer than
 * `LIMITS.textLength`, or more than `LIMITS.criteria` paragraphs, as an error (reading stops at
 * the first criterion over the limit).
 */
export function parseProse(
  body: string,
  firstLine: number,
): { about: string; topics: TopicDraft[]; problems: Problem[] } {
  const about: string[] = [];
  const topics = new Map<string, TopicDraft>();
  const problems: Problem[] = [];
  let level: number | null = null;
  let topic: TopicDraft | null = null;
  let paragraph: string[] = [];
  let paragraphLine = 0;
  let inFence = false;
  let criteria = 0;

  const report = (message: string, line: number, severity: Problem['severity'] = 'error') =>
    problems.push({ severity, message, line, column: 1, field: null });

  /** Ends the paragraph being read; false when the criteria limit is passed. */
  const flush = (): boolean => {
    const text = normaliseText(paragraph.join('\n'));
    paragraph = [];
    if (text === '' || !topic || level === null) return true;
    if (text.length > LIMITS.textLength) {
      report(
        `This paragraph is longer than ${LIMITS.textLength.toLocaleString('en')} characters.`,
        paragraphLine,
      );
      return true;
    }
    if (++criteria > LIMITS.criteria) {
      report(
        `The framework has more than ${LIMITS.criteria.toLocaleString('en')} criteria.`,
        paragraphLine,
      );
      return false;
    }
    topic.criteria.push({ topic: topic.name, level, text, examples: [], line: paragraphLine });
    return true;
  };

  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const lineNumber = firstLine + index;
    if (FENCE.test(line)) inFence = !inFence;
    const kind = classify(line, inFence, level !== null);
    if (kind.is !== 'text' && !flush()) break;
    switch (kind.is) {
      case 'level':
        level = kind.level;
        topic = null;
        break;
      case 'heading':
        level = null;
        topic = null;
        about.push(line);
        break;
      case 'topic':
        topic = topics.get(kind.name) ?? {
          name: kind.name,
          line: lineNumber,
          title: kind.name,
          subtitle: null,
          description: null,
          criteria: [],
        };
        topics.set(kind.name, topic);
        break;
      case 'break':
        break;
      case 'text':
        if (level === null) {
          about.push(line);
        } else if (!topic) {
          report(
            `Text under "Level ${level}" before any "### Topic" heading is not a criterion and is not shown.`,
            lineNumber,
            'warning',
          );
        } else {
          if (paragraph.length === 0) paragraphLine = lineNumber;
          paragraph.push(line);
        }
        break;
      default:
        kind satisfies never;
    }
  }
  flush();
  return { about: about.join('\n'), topics: [...topics.values()], problems };
}

type ProseLine =
  | { is: 'level'; level: number }
  | { is: 'topic'; name: string }
  | { is: 'heading' }
  | { is: 'break' }
  | { is: 'text' };

/**
 * What a line of a prose body is: a `## Level N` heading, a `### Topic` heading (inside a level),
 * another `#` or `##` heading (which ends the level), a blank line or rule that ends a paragraph
 * inside a level, or text. Inside a code fence only a blank line ends a paragraph.
 */
function classify(line: string, inFence: boolean, inLevel: boolean): ProseLine {
  if (inFence) return inLevel && line.trim() === '' ? { is: 'break' } : { is: 'text' };
  const level = LEVEL_HEADING.exec(line);
  if (level) return { is: 'level', level: Number(level[1]) };
  if (OTHER_HEADING.test(line)) return { is: 'heading' };
  if (!inLevel) return { is: 'text' };
  const topic = TOPIC_HEADING.exec(line);
  if (topic) return { is: 'topic', name: normaliseText(topic[1]!) };
  return line.trim() === '' || RULE.test(line) ? { is: 'break' } : { is: 'text' };
}
