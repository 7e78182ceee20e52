/**
 * A user's framework as parsed and kept beside its file (`../kept-model.ts`). The app wrote it,
 * but storage is read like any other input: a model that breaks these rules is not used, and the
 * file is parsed again.
 */
import * as v from 'valibot';
import type { JsonValue } from '../collection.ts';
import type { KeptCriterion, KeptFramework, KeptModel, KeptTopic } from '../kept-model.ts';
import { LIMITS } from '../limits.ts';
import { identifier, jsonValue, level, levelOrNull, oneOf, text } from './fields.ts';
import { expecting, isPlainObject, list, object, repeats, rule } from './read.ts';
import type { Breach, RecordSchema } from './read.ts';

const shortText = text(LIMITS.textLength);
const shortTextOrNull = expecting(
  v.nullable(v.pipe(v.string(), v.maxLength(LIMITS.textLength))),
  `null or a string of at most ${LIMITS.textLength} characters`,
);
const line = expecting(v.pipe(v.number(), v.integer(), v.minValue(1)), 'a line number');
const atMost = (what: string, max: number) => (count: number) =>
  `has ${count} ${what}; at most ${max} are kept`;

/** Breaches found in the list `field`, with their paths from the record that holds it. */
const within = (field: string, breaches: Breach[]): Breach[] =>
  breaches.map((breach) => ({ ...breach, path: [field, ...breach.path] }));

const CriterionSchema: RecordSchema<KeptCriterion> = object({
  id: identifier,
  topic: shortText,
  level,
  text: shortText,
  examples: list(shortText, LIMITS.yamlNodes, atMost('examples', LIMITS.yamlNodes)),
  line,
  formatted: v.exactOptional(expecting(v.literal(true), 'true when present')),
  fromExamples: v.exactOptional(expecting(v.literal(true), 'true when present')),
});

const TopicSchema: RecordSchema<KeptTopic> = v.pipe(
  object({
    name: shortText,
    title: shortText,
    subtitle: shortTextOrNull,
    description: shortTextOrNull,
    levels: list(
      object({
        level,
        criteria: list(CriterionSchema, LIMITS.criteria, atMost('criteria', LIMITS.criteria)),
      }),
      LIMITS.maxLevel + 1,
      atMost('levels', LIMITS.maxLevel + 1),
    ),
  }),
  rule((topic) => {
    // Each criterion sits in its own topic and level, as the parser places it.
    const breaches: Breach[] = within(
      'levels',
      repeats(topic.levels, (entry) => String(entry.level), 'level', 'level'),
    );
    topic.levels.forEach(({ level: number, criteria }, index) =>
      criteria.forEach((criterion, position) => {
        if (criterion.topic !== topic.name || criterion.level !== number)
          breaches.push({
            path: ['levels', index, 'criteria', position],
            message: `is kept under topic "${topic.name}", level ${number}, but names topic "${criterion.topic}", level ${criterion.level}`,
          });
      }),
    );
    return breaches;
  }),
);

const extra = expecting(
  v.pipe(
    jsonValue,
    v.check<JsonValue>(isPlainObject),
    v.transform((value) => value as Record<string, unknown>),
  ),
  'the front matter’s other fields, as JSON data',
);

const FrameworkSchema: RecordSchema<KeptFramework> = v.pipe(
  object({
    id: identifier,
    origin: text(LIMITS.originLength),
    title: shortText,
    sidebarTitle: shortTextOrNull,
    group: shortTextOrNull,
    homepage: expecting(v.nullable(v.boolean()), 'null, true or false'),
    shape: oneOf(['levelled', 'prose']),
    declaredLevels: levelOrNull,
    levels: list(level, LIMITS.maxLevel + 1, atMost('levels', LIMITS.maxLevel + 1)),
    topics: list(TopicSchema, LIMITS.yamlNodes, atMost('topics', LIMITS.yamlNodes)),
    about: text(LIMITS.frameworkBytes),
    sourceHash: expecting(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)), 'a SHA-256 in hex'),
    criterionCount: expecting(
      v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.criteria)),
      `a whole number from 0 to ${LIMITS.criteria}`,
    ),
    extra,
  }),
  rule((framework) => {
    const criteria = framework.topics.flatMap((topic, index) =>
      topic.levels.flatMap((entry, levelIndex) =>
        entry.criteria.map((criterion, position) => ({ criterion, index, levelIndex, position })),
      ),
    );
    const breaches = within(
      'topics',
      repeats(framework.topics, (topic) => topic.name, 'name', 'topic'),
    );
    if (criteria.length !== framework.criterionCount)
      breaches.push({
        path: ['criterionCount'],
        message: `says ${framework.criterionCount}, but ${criteria.length} criteria are kept`,
      });
    // Progress is kept by criterion id: two criteria with one id would share it.
    const seen = new Set<string>();
    for (const { criterion, index, levelIndex, position } of criteria) {
      if (seen.has(criterion.id))
        breaches.push({
          path: ['topics', index, 'levels', levelIndex, 'criteria', position, 'id'],
          message: `repeats criterion id "${criterion.id}"`,
        });
      seen.add(criterion.id);
    }
    return breaches;
  }),
);

export const KeptModelSchema: RecordSchema<KeptModel> = object({
  parser: expecting(v.pipe(v.number(), v.integer(), v.minValue(0)), 'a parser version'),
  framework: FrameworkSchema,
});
