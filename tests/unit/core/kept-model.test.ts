import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBackup } from '../../../src/lib/core/backup.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { sha256Hex } from '../../../src/lib/core/hash.ts';
import {
  frameworkFromKept,
  keptModel,
  PARSER_VERSION,
  staleness,
  type KeptModel,
} from '../../../src/lib/core/kept-model.ts';
import {
  FRAMEWORK_MODELS,
  USER_FRAMEWORKS,
  type StoredFramework,
} from '../../../src/lib/core/library.ts';
import { LIMITS } from '../../../src/lib/core/limits.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import { checkRestoredFrameworks } from '../../../src/lib/core/restore-check.ts';
import { KeptModelSchema } from '../../../src/lib/core/schemas/kept-model.ts';
import { check } from '../../../src/lib/core/schemas/read.ts';
import { fixture, usable } from './framework-fixture.ts';

const file = (source: string, origin: string): StoredFramework => ({
  source,
  origin,
  addedAt: '2026-03-01T10:00:00.000Z',
});

/** A kept model as storage gives it back: JSON data, read through its schema. */
function stored(framework: Framework): KeptModel {
  const read = check(KeptModelSchema, JSON.parse(JSON.stringify(keptModel(framework))));
  if (!read.ok) throw new Error(`the kept model is refused: ${JSON.stringify(read.problems)}`);
  return read.value;
}

const shippedFiles = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(folder, name));

describe('a kept model', () => {
  const files = [
    ...shippedFiles('frameworks'),
    ...readdirSync('tests/fixtures/frameworks').map((name) => `tests/fixtures/frameworks/${name}`),
  ];

  it('gives back the framework its file parses to, for every shipped framework and fixture', () => {
    let compared = 0;
    for (const path of files) {
      const source = readFileSync(path, 'utf8');
      const parsed = parseFramework(source, path);
      if (!parsed.ok) continue;
      expect(frameworkFromKept(stored(parsed.framework), file(source, path)), path).toEqual(
        parsed.framework,
      );
      compared += 1;
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('holds no HTML: it is made again from the text, so a changed record cannot add markup', () => {
    const source = fixture('script-everywhere.md');
    const { framework } = usable('script-everywhere.md', source);
    const kept = stored(framework);
    expect(JSON.stringify(kept)).not.toMatch(/"html"|"aboutHtml"/);

    const first = kept.framework.topics[0]!.levels[0]!.criteria[0]!;
    first.text = 'Ships <img src=x onerror=alert(1)> **fast**';
    first.formatted = true;
    const tampered = JSON.parse(JSON.stringify(kept)) as Record<string, unknown>;
    // An `html` field a record carries is not read.
    Object.assign((tampered as unknown as KeptModel).framework.topics[0]!.levels[0]!.criteria[1]!, {
      html: '<img src=x onerror=alert(1)>',
    });
    const read = check(KeptModelSchema, tampered);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const opened = frameworkFromKept(read.value, file(source, 'script-everywhere.md'))!;
    const [shown, next] = allCriteria(opened);
    expect(shown!.html).toBe('Ships &lt;img src=x onerror=alert(1)&gt; <strong>fast</strong>');
    expect(next!.html).toBe(allCriteria(framework)[1]!.html);
  });

  it('renders the same criteria as the parse when the markdown budget runs out', () => {
    // The same topic twice: the parse renders in file order, the model keeps topics merged.
    // 480 markdown symbols each: the budget renders 20 of these 36 criteria.
    const emphasised = (n: number) => `"**${'a_'.repeat(476)}** ${n}"`;
    const criteria = (from: number) =>
      Array.from({ length: 12 }, (_, n) => `          - ${emphasised(from + n)}`).join('\n');
    const source = [
      '---',
      'path: /budget',
      'topics:',
      '  - name: first',
      '    content:',
      '      - level: 1',
      '        criteria:',
      criteria(0),
      '  - name: second',
      '    content:',
      '      - level: 1',
      '        criteria:',
      criteria(100),
      '  - name: first',
      '    content:',
      '      - level: 2',
      '        criteria:',
      criteria(200),
      '---',
      '',
    ].join('\n');
    const { framework } = usable('budget.md', source);
    const formatted = allCriteria(framework).filter((criterion) => criterion.html);
    expect(formatted.length).toBeGreaterThan(0);
    expect(formatted.length).toBeLessThan(framework.criterionCount);
    expect(formatted).toHaveLength(Math.floor(LIMITS.markdownSyntax / 480));
    expect(frameworkFromKept(stored(framework), file(source, 'budget.md'))).toEqual(framework);
  });

  it('is stale, and not used, when made by another parser version, from another text or origin', () => {
    const source = fixture('levelled.md');
    const kept = stored(usable('levelled.md', source).framework);
    expect(staleness(kept, file(source, 'levelled.md'))).toBeNull();
    expect(staleness({ ...kept, parser: PARSER_VERSION - 1 }, file(source, 'levelled.md'))).toBe(
      `it was made by parser version ${PARSER_VERSION - 1}, not ${PARSER_VERSION}`,
    );
    expect(frameworkFromKept(kept, file(`${source}\nMore.\n`, 'levelled.md'))).toBeNull();
    expect(frameworkFromKept(kept, file(source, 'elsewhere.md'))).toBeNull();
    // The same text with other line endings is the same file.
    expect(frameworkFromKept(kept, file(source.replaceAll('\n', '\r\n'), 'levelled.md'))).toEqual(
      usable('levelled.md', source).framework,
    );
  });
});

describe('the kept model schema', () => {
  const { framework } = usable('levelled.md');
  const problemsOf = (change: (kept: KeptModel) => void) => {
    const kept = structuredClone(keptModel(framework));
    change(kept);
    const read = check(KeptModelSchema, kept);
    return read.ok ? [] : read.problems.map(({ field, message }) => `${field}: ${message}`);
  };

  it('accepts what keptModel gives', () => {
    expect(problemsOf(() => {})).toEqual([]);
  });

  it('refuses a model that breaks the parser’s rules, saying where', () => {
    expect(
      problemsOf((kept) => {
        const [first, second] = kept.framework.topics[0]!.levels[0]!.criteria;
        second!.id = first!.id;
      }),
    ).toEqual([
      `framework.topics[0].levels[0].criteria[1].id: repeats criterion id "${allCriteria(framework)[0]!.id}"`,
    ]);
    expect(
      problemsOf((kept) => {
        kept.framework.criterionCount += 1;
      }),
    ).toEqual([
      `framework.criterionCount: says ${framework.criterionCount + 1}, but ${framework.criterionCount} criteria are kept`,
    ]);
    expect(
      problemsOf((kept) => {
        kept.framework.topics[0]!.levels[0]!.criteria[0]!.level = 7;
      }),
    ).toEqual([
      expect.stringMatching(/^framework\.topics\[0\]\.levels\[0\]\.criteria\[0\]: is kept under/),
    ]);
    expect(
      problemsOf((kept) => {
        kept.framework.sourceHash = 'not a hash';
      }),
    ).toEqual(['framework.sourceHash: should be a SHA-256 in hex, found "not a hash"']);
    expect(
      problemsOf((kept) => {
        (kept.framework as unknown as Record<string, unknown>)['topics'] = 'none';
      }),
    ).toEqual(['framework.topics: should be a list, found "none"']);
  });
});

describe('backups and kept models', () => {
  const source = fixture('levelled.md');
  const { framework } = usable('levelled.md', source);
  const collections = {
    [USER_FRAMEWORKS.name]: [{ key: framework.id, value: file(source, 'levelled.md') }],
    [FRAMEWORK_MODELS.name]: [
      { key: framework.id, value: JSON.parse(JSON.stringify(keptModel(framework))) },
    ],
  };
  const backup = buildBackup({ frameworks: [], collections }, new Date('2026-03-01T10:00:00Z'));

  it('a backup leaves kept models out: they are made again from the files it carries', () => {
    expect(Object.keys(backup.collections)).toEqual([USER_FRAMEWORKS.name]);
  });

  it('a restore leaves out kept models a backup file carries, and keeps the files', () => {
    const restored = checkRestoredFrameworks({ ...backup, collections }, []);
    expect(restored.leftOut).toEqual([]);
    expect(Object.keys(restored.backup.collections)).toEqual([USER_FRAMEWORKS.name]);
  });
});

/**
 * What the parser gives for these fixtures, as a fingerprint. Kept models are used only when
 * made by the same `PARSER_VERSION`: a change to what the parser gives must raise it.
 */
const PARSER_FINGERPRINT = {
  version: 1,
  fingerprint: 'b4a734eeadefb0e67ef7fc917e012473b802c3f484136f59624ad33d6269db9c',
};

describe('PARSER_VERSION', () => {
  it('names what the parser gives: a change to a fixture’s model raises it', () => {
    const names = [
      'levelled.md',
      'prose.md',
      'script-everywhere.md',
      'script-everywhere-prose.md',
      'topic-names.md',
      'example-criteria-only.md',
      'unknown-keys.md',
      'proto-keys.md',
      'mojibake-small.md',
      'fork-folded-quote.md',
      'fork-topic-subtitle.md',
      'yaml-as-written.md',
    ];
    const models = names.map((name) => {
      const result = parseFramework(fixture(name), name);
      return result.ok ? result.framework : null;
    });
    const fingerprint = sha256Hex(JSON.stringify(models));
    expect(
      { version: PARSER_VERSION, fingerprint },
      'The parser gives other models for the fixtures: raise PARSER_VERSION in kept-model.ts ' +
        '(kept models are then made again) and record the new fingerprint here. If only the ' +
        'fixtures changed, record the new fingerprint alone.',
    ).toEqual(PARSER_FINGERPRINT);
  });
});
