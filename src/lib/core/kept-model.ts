/**
 * A user's framework kept as parsed, beside its file, so that a page load shows it without
 * parsing the file again (tens of milliseconds for a large file, and a worker started for it).
 *
 * A kept model is used only when this version of the parser made it from this very text and
 * origin (its `sourceHash` and `origin` say which); otherwise the file is parsed again and the
 * model kept anew. It is kept without its HTML, which is made again from the text when read, by
 * the same renderer within the same budget: what storage holds may have been changed by anyone,
 * and must never put markup in the page. A kept criterion says whether its text was rendered
 * (`formatted`), because within a framework's markdown budget that depends on file order.
 *
 * It is derived data: a backup leaves it out (`backup.ts`), and a restored file is parsed again.
 */
import { sha256Hex } from './hash.ts';
import type { StoredFramework } from './library.ts';
import { inlineMarkdownToSafeHtml, markdownBudget, markdownToSafeHtml } from './markdown.ts';
import type { Criterion, Framework, Topic } from './model.ts';
import { normaliseSource } from './source.ts';

/**
 * The version of what `parseFramework` gives for a file. Raise it with any change to that (an
 * id, a field, a repaired text): kept models of other versions are then made again, once. The
 * unit test `kept-model.test.ts` holds a fingerprint of the parser's results on the shipped
 * frameworks and fixtures, and fails when they change without it.
 */
export const PARSER_VERSION = 1;

/** A criterion as kept: without its HTML; `formatted` when its text was rendered. */
export type KeptCriterion = Omit<Criterion, 'html' | 'fromBase'> & { formatted?: true };

export interface KeptTopic extends Omit<Topic, 'levels'> {
  levels: { level: number; criteria: KeptCriterion[] }[];
}

/** A framework as kept: as its file gives it (no base merged), without HTML. */
export interface KeptFramework extends Omit<Framework, 'aboutHtml' | 'topics' | 'base'> {
  topics: KeptTopic[];
}

/** One entry of `FRAMEWORK_MODELS`: the model, and the parser version that made it. */
export interface KeptModel {
  parser: number;
  framework: KeptFramework;
}

/** What to keep of `framework`, parsed from its file by this parser. */
export function keptModel(framework: Framework): KeptModel {
  const { aboutHtml: _html, base: _base, topics, ...fields } = framework;
  return {
    parser: PARSER_VERSION,
    framework: {
      ...fields,
      topics: topics.map((topic) => ({
        ...topic,
        levels: topic.levels.map(({ level, criteria }) => ({
          level,
          criteria: criteria.map(({ html, fromBase: _fromBase, ...criterion }) =>
            html === undefined ? criterion : { ...criterion, formatted: true as const },
          ),
        })),
      })),
    },
  };
}

/** Why a kept model is not used for a file; null when it is. */
export function staleness(kept: KeptModel, file: StoredFramework): string | null {
  if (kept.parser !== PARSER_VERSION)
    return `it was made by parser version ${kept.parser}, not ${PARSER_VERSION}`;
  if (kept.framework.origin !== file.origin) return 'it was made from a file of another origin';
  if (kept.framework.sourceHash !== sha256Hex(normaliseSource(file.source).text))
    return 'it was made from another text';
  return null;
}

/**
 * The framework `kept` stands for, with its HTML made again; null when the model is stale (see
 * `staleness`): the file must be parsed again.
 */
export function frameworkFromKept(kept: KeptModel, file: StoredFramework): Framework | null {
  if (staleness(kept, file) !== null) return null;
  const { topics, ...fields } = kept.framework;
  // The about text first, as the parser renders it: then the criteria it rendered fit too.
  const budget = markdownBudget();
  const aboutHtml = markdownToSafeHtml(fields.about, budget);
  const criterionOf = ({ formatted, fromExamples, ...fields }: KeptCriterion): Criterion => {
    const criterion: Criterion = fields;
    const html = formatted ? inlineMarkdownToSafeHtml(fields.text, budget) : undefined;
    if (html !== undefined) criterion.html = html;
    if (fromExamples) criterion.fromExamples = true;
    return criterion;
  };
  return {
    ...fields,
    topics: topics.map((topic) => ({
      ...topic,
      levels: topic.levels.map(({ level, criteria }) => ({
        level,
        criteria: criteria.map(criterionOf),
      })),
    })),
    aboutHtml,
  };
}
