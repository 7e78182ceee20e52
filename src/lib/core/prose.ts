import type { TopicDraft } from './framework.ts';
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

  const flush = () => {
    if (paragraph.length > 0 && topic && level !== null) {
      const text = normaliseText(paragraph.join('\n'));
      if (text !== '')
        topic.criteria.push({ topic: topic.name, level, text, examples: [], line: paragraphLine });
    }
    paragraph = [];
  };

  body.split('\n').forEach((line, index) => {
    const lineNumber = firstLine + index;
    if (FENCE.test(line)) inFence = !inFence;
    const levelMatch = inFence ? null : LEVEL_HEADING.exec(line);
    if (levelMatch) {
      flush();
      level = Number(levelMatch[1]);
      topic = null;
      return;
    }
    if (!inFence && OTHER_HEADING.test(line)) {
      flush();
      level = null;
      topic = null;
    }
    if (level === null) {
      about.push(line);
      return;
    }
    const topicMatch = inFence ? null : TOPIC_HEADING.exec(line);
    if (topicMatch) {
      flush();
      const name = normaliseText(topicMatch[1]!);
      topic = topics.get(name) ?? { name, title: name, description: null, criteria: [] };
      topics.set(name, topic);
      return;
    }
    if (line.trim() === '' || (!inFence && RULE.test(line))) {
      flush();
      return;
    }
    if (!topic) {
      problems.push({
        severity: 'warning',
        message: `Text under "Level ${level}" before any "### Topic" heading is not a criterion and is not shown.`,
        line: lineNumber,
        column: 1,
        field: null,
      });
      return;
    }
    if (paragraph.length === 0) paragraphLine = lineNumber;
    paragraph.push(line);
  });
  flush();
  return { about: about.join('\n'), topics: [...topics.values()], problems };
}
