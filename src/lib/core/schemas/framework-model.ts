/**
 * The framework model (`model.ts`) as the build ships it in a prerendered page, for hydration.
 * The page is the app's own, but what a script element holds is read like any other input: a
 * page that does not carry this shape is rendered from the framework file instead.
 */
import * as v from 'valibot';
import type { Criterion, Framework, Topic } from '../model.ts';
import { level } from './fields.ts';
import { object, type RecordSchema } from './read.ts';

const string = v.string();
const stringOrNull = v.nullable(v.string());

const CriterionSchema: RecordSchema<Criterion> = object({
  id: string,
  topic: string,
  level,
  text: string,
  html: v.exactOptional(string),
  examples: v.array(string),
  line: v.number(),
  fromExamples: v.exactOptional(v.literal(true)),
  fromBase: v.exactOptional(v.literal(true)),
});

const TopicSchema: RecordSchema<Topic> = object({
  name: string,
  title: string,
  subtitle: stringOrNull,
  description: stringOrNull,
  levels: v.array(object({ level, criteria: v.array(CriterionSchema) })),
});

export const FrameworkSchema: RecordSchema<Framework> = object({
  id: string,
  origin: string,
  title: string,
  sidebarTitle: stringOrNull,
  group: stringOrNull,
  homepage: v.nullable(v.boolean()),
  shape: v.picklist(['levelled', 'prose']),
  declaredLevels: v.nullable(v.number()),
  levels: v.array(level),
  topics: v.array(TopicSchema),
  about: string,
  aboutHtml: string,
  sourceHash: string,
  criterionCount: v.number(),
  extra: v.record(v.string(), v.unknown()),
});
