/**
 * The framework's topics from the drafts the fields gave: topics of one name merged, levels in
 * order, and each criterion with its id and, for markdown, its safe HTML.
 */
import { topicTitle } from './framework-naming.ts';
import { criterionId } from './ids.ts';
import { LIMITS } from './limits.ts';
import { inlineMarkdownToSafeHtml, type MarkdownBudget } from './markdown.ts';
import type { Criterion, Topic, TopicLevel } from './model.ts';
import type { Problem } from './problem.ts';

/** A criterion as read, before ids are given. */
export interface CriterionDraft {
  topic: string;
  level: number;
  text: string;
  examples: string[];
  line: number;
  /** True for the `criteria` of an `exampleCriteria` entry. */
  fromExamples?: boolean;
}

/** A topic as read: its criteria by level, in file order. */
export interface TopicDraft {
  name: string;
  /** 1-based line of the topic in the file. */
  line: number | null;
  title: string | null;
  /** The topic's `subtitle`, when the file gives one. */
  subtitle: string | null;
  description: string | null;
  criteria: CriterionDraft[];
}

/** How a text over the markdown budget is shown, for the warning that says so. */
export const UNFORMATTED = `shown as plain text, without links or formatting: the app formats at most ${LIMITS.markdownPieceSyntax.toLocaleString('en')} markdown symbols (punctuation and line breaks) at a time, ${LIMITS.markdownSyntax.toLocaleString('en')} in one framework, and lists or quotes nested at most ${LIMITS.markdownNesting} deep.`;

/**
 * Topics from drafts: topics of the same name are merged (with a warning), each topic's levels
 * ascend, and every criterion gets its id and, for markdown, its safe HTML.
 */
export function buildTopics(
  drafts: TopicDraft[],
  problems: Problem[],
  markdown: MarkdownBudget,
): Topic[] {
  const byName = new Map<string, Topic>();
  /** How often each text has come so far, by topic and level (the text alone as the key). */
  const occurrences = new Map<string, Map<number, Map<string, number>>>();
  const unformatted: number[] = [];
  for (const draft of drafts) {
    let topic = byName.get(draft.name);
    if (topic) {
      problems.push({
        severity: 'warning',
        message: `Topic "${draft.name}" appears more than once; its criteria are shown together.`,
        line: draft.line,
        column: null,
        field: null,
      });
    } else {
      topic = {
        name: draft.name,
        ...topicTitle(draft),
        description: draft.description,
        levels: [],
      };
      byName.set(draft.name, topic);
    }
    let topicOccurrences = occurrences.get(draft.name);
    if (!topicOccurrences) occurrences.set(draft.name, (topicOccurrences = new Map()));
    for (const criterion of draft.criteria) {
      let seen = topicOccurrences.get(criterion.level);
      if (!seen) topicOccurrences.set(criterion.level, (seen = new Map()));
      const occurrence = (seen.get(criterion.text) ?? 0) + 1;
      seen.set(criterion.text, occurrence);
      const plainBefore = markdown.plain;
      levelOf(topic, criterion.level).criteria.push(
        buildCriterion(criterion, occurrence, markdown),
      );
      if (markdown.plain > plainBefore) unformatted.push(criterion.line);
    }
    topic.levels.sort((a, b) => a.level - b.level);
  }
  if (unformatted.length > 0) {
    problems.push({
      severity: 'warning',
      message: `${unformatted.length === 1 ? 'This criterion is' : `${unformatted.length} criteria, from this one on, are`} ${UNFORMATTED}`,
      line: unformatted[0]!,
      column: 1,
      field: null,
    });
  }
  return [...byName.values()];
}

function levelOf(topic: Topic, level: number): TopicLevel {
  let found = topic.levels.find((candidate) => candidate.level === level);
  if (!found) {
    found = { level, criteria: [] };
    topic.levels.push(found);
  }
  return found;
}

function buildCriterion(
  draft: CriterionDraft,
  occurrence: number,
  markdown: MarkdownBudget,
): Criterion {
  const html = inlineMarkdownToSafeHtml(draft.text, markdown);
  const criterion: Criterion = {
    id: criterionId(draft.topic, draft.level, draft.text, occurrence),
    topic: draft.topic,
    level: draft.level,
    text: draft.text,
    examples: draft.examples,
    line: draft.line,
  };
  if (html !== undefined) criterion.html = html;
  if (draft.fromExamples) criterion.fromExamples = true;
  return criterion;
}
