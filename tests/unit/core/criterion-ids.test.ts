import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { criterionId, topicSlug } from '../../../src/lib/core/ids.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import { fixture, usable } from './framework-fixture.ts';

/** Criterion id by `topic|level|text` (with a counter for repeats), to compare two loads. */
function idsByText(framework: Framework): Map<string, string> {
  const ids = new Map<string, string>();
  for (const criterion of allCriteria(framework)) {
    let key = `${criterion.topic}|${criterion.level}|${criterion.text}`;
    for (let n = 2; ids.has(key); n++)
      key = `${criterion.topic}|${criterion.level}|${criterion.text}|${n}`;
    ids.set(key, criterion.id);
  }
  return ids;
}

function idsOf(framework: Framework): string[] {
  return allCriteria(framework).map((criterion) => criterion.id);
}

describe('topic names and repeated criteria', () => {
  const { framework, problems } = usable('topic-names.md');

  it('read names with spaces, colons, "&", capitals and emoji', () => {
    expect(problems).toEqual([]);
    expect(framework.topics.map(({ name, title, subtitle }) => [name, title, subtitle])).toEqual([
      ['Communication & Feedback', 'Communication & Feedback', null],
      ['impact: scope and ambiguity of work', 'Impact', 'scope and ambiguity of work'],
      ['🚀 Delivery', '🚀 Delivery', null],
      ['Technical Skills', 'Technical Skills', null],
    ]);
  });

  it('make the same text twice in a level, in two levels and in two topics separate criteria', () => {
    expect(framework.criterionCount).toBe(6);
    expect(idsOf(framework)).toEqual([
      'communication-feedback.1.5ddfb7c66509',
      'communication-feedback.1.5ddfb7c66509.2',
      'communication-feedback.2.5ddfb7c66509',
      'impact-scope-and-ambiguity-of-work.1.83b067051f4c',
      'delivery.1.288381904995',
      'technical-skills.1.85a0a2b519e7',
    ]);
    expect(new Set(idsOf(framework)).size).toBe(6);
  });
});

describe('criterion ids', () => {
  const text = fixture('levelled.md');
  const { framework } = usable('levelled.md');

  it('are the same on every load', () => {
    expect(idsOf(usable('levelled.md').framework)).toEqual(idsOf(framework));
  });

  it('are what they have always been for the shipped backend framework', () => {
    const backend = usable(
      'backend.md',
      readFileSync('frameworks/monzo/engineering/backend.md', 'utf8'),
    ).framework;
    const ids = idsOf(backend);
    expect(ids).toHaveLength(135);
    expect(new Set(ids).size).toBe(135);
    expect(ids.slice(0, 2)).toEqual([
      'communication.1.6e4a49a8a0a2',
      'communication.1.0edc7e9fd967',
    ]);
    expect(ids.slice(-2)).toEqual(['mastery.6.92e6cc7228af', 'mastery.6.5076b9c5ac0e']);
  });

  it('do not change when another criterion is added', () => {
    const added = text.replace(
      '          - "Asks for help when stuck"\n',
      '          - "Asks for help when stuck"\n          - "Pairs with a colleague"\n',
    );
    const after = idsByText(usable('levelled.md', added).framework);
    expect(after.size).toBe(7);
    for (const [key, id] of idsByText(framework)) expect(after.get(key)).toBe(id);
  });

  it('do not change when another criterion is removed', () => {
    const removed = text.replace('          - "Gives regular status updates"\n', '');
    const after = idsByText(usable('levelled.md', removed).framework);
    expect(after.size).toBe(5);
    for (const [key, id] of after) expect(idsByText(framework).get(key)).toBe(id);
  });

  it('do not change when criteria, levels or topics are reordered', () => {
    const reordered = text
      .replace('"Gives regular status updates"', '"@@"')
      .replace('"Asks for help when stuck"', '"Gives regular status updates"')
      .replace('"@@"', '"Asks for help when stuck"');
    const after = usable('levelled.md', reordered).framework;
    expect(idsOf(after)).not.toEqual(idsOf(framework));
    expect(idsByText(after)).toEqual(idsByText(framework));
  });

  it('are identical, as is the content hash, with CRLF line endings and a byte order mark', () => {
    const crlf = usable('levelled.md', `\uFEFF${text.replaceAll('\n', '\r\n')}`).framework;
    expect(idsOf(crlf)).toEqual(idsOf(framework));
    expect(crlf.sourceHash).toBe(framework.sourceHash);
  });

  it('ignore differences in white space and Unicode normalisation of the text', () => {
    expect(criterionId('impact', 1, 'Delivers  well-defined\ntasks ')).toBe(
      criterionId('impact', 1, 'Delivers well-defined tasks'),
    );
    expect(criterionId('impact', 1, 'Cafe\u0301')).toBe(criterionId('impact', 1, 'Café'));
  });

  it('differ for a different topic, level or text', () => {
    const id = criterionId('impact', 1, 'Delivers tasks');
    expect(criterionId('Impact', 1, 'Delivers tasks')).not.toBe(id);
    expect(criterionId('impact', 2, 'Delivers tasks')).not.toBe(id);
    expect(criterionId('impact', 1, 'Delivers task')).not.toBe(id);
  });

  it('start with a readable slug of the topic name', () => {
    expect(topicSlug('Communication & Feedback')).toBe('communication-feedback');
    expect(topicSlug('Qualité')).toBe('qualite');
    expect(topicSlug('🚀')).toBe('topic');
  });

  it('do not change with the content hash when only the about text changes', () => {
    const edited = usable('levelled.md', text.replace('not a GPS', 'not a map')).framework;
    expect(idsOf(edited)).toEqual(idsOf(framework));
    expect(edited.sourceHash).not.toBe(framework.sourceHash);
  });
});
