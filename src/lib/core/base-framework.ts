import type { Criterion, Framework, Topic } from './model.ts';

export { BASE_FRAMEWORK_ID } from './base-framework-id.ts';

export { BASE_ID_PREFIX } from './base-framework-id.ts';
import { BASE_ID_PREFIX } from './base-framework-id.ts';

/**
 * Merges the base (generic) framework into `framework` the way Monzo's site shows it: every topic
 * whose `name` equals a base topic's `name` takes the base topic's title and description, and
 * each level of the framework also holds the base topic's `criteria` for that level (not its
 * `exampleCriteria`), after the framework's own. Topics only the base has are not added, nor are
 * levels the framework does not have. Lent criteria are marked `fromBase` and get ids of their
 * own (`base.` + their id in the base framework), so progress on them stays apart.
 *
 * Returns `framework` itself when it is the base framework or shares no topic with it.
 */
export function mergeBase(framework: Framework, base: Framework): Framework {
  if (framework.id === base.id) return framework;
  const baseTopics = new Map(base.topics.map((topic) => [topic.name, topic]));
  if (!framework.topics.some((topic) => baseTopics.has(topic.name))) return framework;
  const topics = framework.topics.map((topic): Topic => {
    const baseTopic = baseTopics.get(topic.name);
    if (!baseTopic) return topic;
    const levels = new Map(topic.levels.map((level) => [level.level, [...level.criteria]]));
    for (const baseLevel of baseTopic.levels) {
      if (!framework.levels.includes(baseLevel.level)) continue;
      const lent = baseLevel.criteria
        .filter((criterion) => !criterion.fromExamples)
        .map((criterion): Criterion => {
          const { html, ...rest } = criterion;
          return {
            ...rest,
            ...(html === undefined ? {} : { html }),
            id: `${BASE_ID_PREFIX}${criterion.id}`,
            topic: topic.name,
            fromBase: true,
          };
        });
      if (lent.length === 0) continue;
      levels.set(baseLevel.level, [...(levels.get(baseLevel.level) ?? []), ...lent]);
    }
    return {
      ...topic,
      title: baseTopic.title,
      subtitle: baseTopic.subtitle,
      description: baseTopic.description,
      levels: [...levels]
        .sort(([a], [b]) => a - b)
        .map(([level, criteria]) => ({ level, criteria })),
    };
  });
  const criterionCount = topics.reduce(
    (sum, topic) => sum + topic.levels.reduce((count, level) => count + level.criteria.length, 0),
    0,
  );
  const lent = criterionCount - framework.criterionCount;
  return { ...framework, topics, criterionCount, base: { id: base.id, title: base.title, lent } };
}
