import { sha256Hex } from './hash.ts';
import { normaliseText } from './source.ts';

/**
 * A criterion's stable id, which saved progress is keyed on:
 *
 *     <topic slug>.<level>.<hash>[.<occurrence>]
 *
 * - topic slug: the topic `name` in lowercase ASCII letters, digits and `-` (`topic` when
 *   nothing is left, as with an emoji-only name), for people reading the id;
 * - level: the criterion's level number;
 * - hash: the first 12 hex digits of SHA-256 over the topic name, a NUL and the criterion's
 *   normalised text (Unicode NFC, white space collapsed, after mojibake repair);
 * - occurrence: `.2`, `.3`… for the second, third… criterion with the same text in the same
 *   topic and level; the first has none.
 *
 * So an id is the same on every load and build, does not change when other criteria are added,
 * removed or reordered, and differs for every duplicate. Rewording a criterion, or moving it to
 * another topic or level, gives it a new id (saved progress then goes to the re-attach flow).
 */
export function criterionId(
  topicName: string,
  level: number,
  text: string,
  occurrence = 1,
): string {
  if (topicName !== lastTopic.name) {
    lastTopic = {
      name: topicName,
      normalised: normaliseText(topicName),
      slug: topicSlug(topicName),
    };
  }
  const hash = sha256Hex(`${lastTopic.normalised}\u0000${normaliseText(text)}`, 12);
  const suffix = occurrence > 1 ? `.${occurrence}` : '';
  return `${lastTopic.slug}.${level}.${hash}${suffix}`;
}

/** Criteria come topic by topic: the last topic's name, normalised and as a slug, is reused. */
let lastTopic = { name: '', normalised: '', slug: 'topic' };

export function topicSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug === '' ? 'topic' : slug;
}
