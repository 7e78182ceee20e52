import { describe, expect, it } from 'vitest';
import { addOutcome, RENAMED_PREFIX } from '../../../src/lib/core/add-outcome.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { LIMITS } from '../../../src/lib/core/limits.ts';
import type { Framework } from '../../../src/lib/core/model.ts';
import { describeProblems, fixture, usable } from './framework-fixture.ts';

const none = new Set<string>();
const nothingAdded = new Map<string, Framework>();
const parsed = (name: string, text = fixture(name)) => parseFramework(text, name);

/** A levelled framework file with `count` criteria in one topic and level. */
function withCriteria(count: number): string {
  const lines = ['---', 'title: "Huge"', 'topics:', '  - name: "craft"', '    content:'];
  lines.push('      - level: 1', '        criteria:');
  for (let index = 0; index < count; index++) lines.push(`          - "Criterion ${index}"`);
  return [...lines, '---', ''].join('\n');
}

describe('addOutcome', () => {
  it('refuses a file with errors, with every problem and where it is', () => {
    const outcome = addOutcome(parsed('byo-broken.md'), none, nothingAdded);
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(describeProblems(outcome.problems)).toEqual([
      'error 8:16 topics[0].content[0].level: "level" should be a whole number from 0 to 99, but is the text "one".',
      'error 11:13 topics[0].content[0].criteria[1]: A criterion should be text, but this one reads as "key: value". Put the whole criterion in quotes.',
    ]);
  });

  it('refuses a broken new version of a framework the user has, rather than updating it', () => {
    const v1 = usable('byo-v1.md').framework;
    expect(v1.id).toBe('test/versioned');
    const outcome = addOutcome(parsed('byo-broken.md'), none, new Map([[v1.id, v1]]));
    expect(outcome.kind).toBe('refused');
  });

  it('adds a framework the app does not have, with no warnings', () => {
    const outcome = addOutcome(parsed('byo-v1.md'), none, nothingAdded);
    expect(outcome).toEqual({
      kind: 'new',
      framework: usable('byo-v1.md').framework,
      warnings: [],
    });
  });

  it('adds a file with warnings as new, handing its warnings on for the user to see', () => {
    const outcome = addOutcome(parsed('byo-warnings.md'), none, nothingAdded);
    expect(outcome.kind).toBe('new');
    if (outcome.kind !== 'new') return;
    expect(outcome.framework.id).toBe('test/warned');
    expect(describeProblems(outcome.warnings)).toEqual([
      'warning 7:5 topics[0].colour: Unknown field "colour" in a topic is ignored (expected name, title, subtitle, description, content).',
      'warning 12:13 topics[0].content[0].criteria[1]: This criterion is empty and is ignored.',
    ]);
  });

  it('updates a framework the user has when the same id comes with other content', () => {
    const v1 = usable('byo-v1.md').framework;
    const outcome = addOutcome(parsed('byo-v2.md'), none, new Map([[v1.id, v1]]));
    expect(outcome.kind).toBe('update');
    if (outcome.kind !== 'update') return;
    expect(outcome.previous).toBe(v1);
    expect(outcome.framework.id).toBe(v1.id);
    expect(outcome.framework.sourceHash).not.toBe(v1.sourceHash);
    expect(outcome.warnings).toEqual([]);
  });

  it('keeps ids of criteria whose wording did not change across versions', () => {
    const v1 = usable('byo-v1.md').framework;
    const v2 = usable('byo-v2.md').framework;
    const ids = (framework: Framework) =>
      framework.topics.flatMap((topic) =>
        topic.levels.flatMap((level) => level.criteria.map((criterion) => criterion.id)),
      );
    const kept = ids(v2).filter((id) => ids(v1).includes(id));
    expect(kept).toHaveLength(2);
    expect(ids(v2)).toHaveLength(3);
  });

  it('reports the same content as unchanged, whatever its line endings', () => {
    const v1 = usable('byo-v1.md').framework;
    const userFrameworks = new Map([[v1.id, v1]]);
    expect(addOutcome(parsed('byo-v1.md'), none, userFrameworks)).toEqual({
      kind: 'unchanged',
      framework: v1,
    });
    const crlf = fixture('byo-v1.md').replaceAll('\n', '\r\n');
    expect(addOutcome(parsed('byo-v1.md', crlf), none, userFrameworks).kind).toBe('unchanged');
  });

  it('keeps a file whose id a shipped framework has under yours/<id>', () => {
    const outcome = addOutcome(parsed('byo-v1.md'), new Set(['test/versioned']), nothingAdded);
    expect(outcome.kind).toBe('renamed');
    if (outcome.kind !== 'renamed') return;
    expect(RENAMED_PREFIX).toBe('yours/');
    expect(outcome.framework.id).toBe('yours/test/versioned');
    expect(outcome.shippedId).toBe('test/versioned');
    expect(outcome.warnings).toEqual([]);
  });

  it('updates, or finds unchanged, a renamed framework under its new id', () => {
    const shipped = new Set(['test/versioned']);
    const v1 = { ...usable('byo-v1.md').framework, id: 'yours/test/versioned' };
    const userFrameworks = new Map([[v1.id, v1]]);
    expect(addOutcome(parsed('byo-v1.md'), shipped, userFrameworks).kind).toBe('unchanged');
    const update = addOutcome(parsed('byo-v2.md'), shipped, userFrameworks);
    expect(update.kind).toBe('update');
    if (update.kind !== 'update') return;
    expect(update.framework.id).toBe('yours/test/versioned');
    expect(update.previous).toBe(v1);
  });
});

describe('limits', () => {
  it('refuses a framework with more than 20,000 criteria, by their number', () => {
    expect(LIMITS.criteria).toBe(20_000);
    const outcome = addOutcome(parsed('huge.md', withCriteria(20_001)), none, nothingAdded);
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.problems.map((problem) => problem.message)).toEqual([
      'The framework has more than 20,000 criteria.',
    ]);
    // The criterion past the limit, on the line after the header's seven lines and 20,000 more.
    expect(outcome.problems[0]!.line).toBe(7 + 20_001);
  });

  it('takes a framework with exactly 20,000 criteria', () => {
    const outcome = addOutcome(parsed('huge.md', withCriteria(20_000)), none, nothingAdded);
    expect(outcome.kind).toBe('new');
    if (outcome.kind !== 'new') return;
    expect(outcome.framework.criterionCount).toBe(20_000);
  });

  it('refuses text over 2 MB by its size, before reading it', () => {
    const padding = `\n${'x'.repeat(LIMITS.frameworkBytes)}`;
    const outcome = addOutcome(
      parsed('padded.md', fixture('byo-v1.md') + padding),
      none,
      nothingAdded,
    );
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(describeProblems(outcome.problems)).toEqual([
      'error -:- -: The file is larger than 2 MB; a framework file is far smaller.',
    ]);
  });
});
