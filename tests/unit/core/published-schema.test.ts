import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { allCriteria } from '../../../src/lib/core/model.ts';
import { parseSnapshot } from '../../../src/lib/core/snapshot-read.ts';
import { buildSnapshot, type Snapshot } from '../../../src/lib/core/snapshot.ts';
import { snapshotToText } from '../../../src/lib/core/snapshot-file.ts';
import {
  publishedSnapshotSchema,
  publishedSnapshotSchemaText,
  SNAPSHOT_SCHEMA_PATH,
} from '../../../scripts/snapshot-schema.ts';
import { fixture, usable } from './framework-fixture.ts';

const published = readFileSync(SNAPSHOT_SCHEMA_PATH, 'utf8');
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(published) as object,
);

const tiny = usable('scoring-tiny.md').framework;
const [first] = allCriteria(tiny);

/** A valid snapshot using every optional field, with the framework's source embedded. */
function valid(): Snapshot {
  return buildSnapshot({
    framework: tiny,
    records: [
      {
        frameworkId: tiny.id,
        criterionId: first!.id,
        state: 'not-applicable',
        reason: 'No on-call',
        evidence: 'https://example.com',
        updatedAt: '2025-03-01T10:00:00Z',
        topic: first!.topic,
        level: first!.level,
        text: first!.text,
      },
    ],
    settings: { threshold: 75, target: 2 },
    role: 'manager',
    person: 'Ada',
    source: fixture('scoring-tiny.md'),
    exportedAt: new Date('2025-03-10T09:00:00Z'),
    reviews: new Map([[first!.id, { verdict: 'agree' as const, comment: 'Seen it.' }]]),
  });
}

type Fields = Record<string, unknown>;

/** A copy of a valid snapshot with one change, as a plain JSON object. */
function mutated(change: (file: Fields & { criteria: Fields[] }) => void): unknown {
  const file = JSON.parse(snapshotToText(valid())) as Fields & { criteria: Fields[] };
  change(file);
  return file;
}

function runtimeAccepts(file: unknown): boolean {
  return parseSnapshot(JSON.stringify(file)).ok;
}

describe('the published JSON Schema of the snapshot file', () => {
  it('is the file the script writes from the app schema (run `npm run schema` after changing it)', async () => {
    expect(published).toBe(await publishedSnapshotSchemaText());
    expect(publishedSnapshotSchema().$id).toMatch(/progression\.snapshot\.v2\.schema\.json$/);
  });

  it('and the app accept the same valid files', () => {
    const files: [string, unknown][] = [
      ['built with every field', JSON.parse(snapshotToText(valid()))],
      ['with a field a newer version adds', mutated((file) => (file.comment = 'hello'))],
      [
        'a version 2 review',
        mutated((file) => {
          file.exportId = 'b2f1c6de-0a4e-4f57-9a51-2f1d8e3c4b5a';
          file.review = {
            reviewer: 'Grace',
            reviewedAt: '2025-03-11T09:00:00Z',
            of: {
              digest: '0123456789abcdef0123456789abcdef',
              exportedAt: '2025-03-10T09:00:00Z',
              exportId: 'c0ffee00-1111-2222-3333-444455556666',
              suggested: '1A',
            },
            verdict: { level: 2, subLevel: 'B', comment: 'Nearly there.' },
          };
        }),
      ],
      ['a version 1 file', mutated((file) => (file.version = 1))],
      [
        'without the optional fields',
        mutated((file) => {
          delete file.person;
          (file.framework as Fields).source = undefined;
          file.criteria = file.criteria.map(({ id, topic, level, text }) => ({
            id,
            topic,
            level,
            text,
            state: 'not-yet',
          }));
        }),
      ],
      ...['self.json', 'manager.json', 'hostile.json'].map((name): [string, unknown] => [
        name,
        JSON.parse(readFileSync(`tests/fixtures/snapshots/${name}`, 'utf8')),
      ]),
    ];
    for (const [name, file] of files) {
      expect(validate(file), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(runtimeAccepts(file), name).toBe(true);
    }
  });

  it('and the app refuse the same mutated files', () => {
    const mutations: [string, (file: Fields & { criteria: Fields[] }) => void][] = [
      ['no format', (file) => delete file.format],
      ['another format', (file) => (file.format = 'progression.backup')],
      ['a newer version', (file) => (file.version = 3)],
      ['a time without a zone', (file) => (file.exportedAt = '2025-03-10T09:00:00')],
      ['an unknown role', (file) => (file.role = 'boss')],
      ['a long person', (file) => (file.person = 'p'.repeat(201))],
      ['no framework', (file) => delete file.framework],
      ['an empty framework id', (file) => ((file.framework as Fields).id = '')],
      ['a short hash', (file) => ((file.framework as Fields).sha256 = 'abc')],
      ['a threshold of 80.5', (file) => ((file.settings as Fields).threshold = 80.5)],
      ['a threshold of 120', (file) => ((file.settings as Fields).threshold = 120)],
      ['a target of "3"', (file) => ((file.settings as Fields).target = '3')],
      ['a target of null', (file) => ((file.settings as Fields).target = null)],
      ['criteria as an object', (file) => (file.criteria = {} as Fields[])],
      ['a criterion that is a string', (file) => (file.criteria[0] = 'x' as unknown as Fields)],
      ['a criterion without state', (file) => delete file.criteria[0]!.state],
      ['a level of 1.5', (file) => (file.criteria[0]!.level = 1.5)],
      ['a level of 100', (file) => (file.criteria[0]!.level = 100)],
      ['a state of "done"', (file) => (file.criteria[0]!.state = 'done')],
      ['evidence as a number', (file) => (file.criteria[0]!.evidence = 42)],
      ['a long note', (file) => (file.criteria[0]!.reason = 'r'.repeat(20_001))],
      ['a verdict of "meh"', (file) => ((file.criteria[0]!.review as Fields).verdict = 'meh')],
      ['detached false', (file) => (file.criteria[1]!.detached = false)],
      ['no summary', (file) => delete file.summary],
      ['an export id with a space', (file) => (file.exportId = 'my browser')],
      [
        'a review without the snapshot reviewed',
        (file) => (file.review = { reviewedAt: '2025-03-10T09:00:00Z' }),
      ],
      [
        'a review whose digest is short',
        (file) =>
          (file.review = {
            reviewedAt: '2025-03-10T09:00:00Z',
            of: { digest: 'abc', exportedAt: '2025-03-10T09:00:00Z', suggested: null },
          }),
      ],
      [
        'an overall verdict of sub-level F',
        (file) =>
          (file.review = {
            reviewedAt: '2025-03-10T09:00:00Z',
            of: { digest: 'a'.repeat(32), exportedAt: '2025-03-10T09:00:00Z', suggested: '2B' },
            verdict: { level: 2, subLevel: 'F' },
          }),
      ],
      ['a summary label of 3', (file) => ((file.summary as Fields).label = 3)],
      ['a summary sub-level of F', (file) => ((file.summary as Fields).subLevel = 'F')],
      [
        'a negative tally',
        (file) => {
          const [tally] = (file.summary as { levels: Fields[] }).levels;
          tally!.demonstrated = -1;
        },
      ],
    ];
    for (const [name, change] of mutations) {
      const file = mutated(change);
      expect(validate(file), name).toBe(false);
      expect(runtimeAccepts(file), name).toBe(false);
    }
  });

  it('leaves to the app only the rules JSON Schema cannot state', () => {
    const runtimeOnly: [string, (file: Fields & { criteria: Fields[] }) => void][] = [
      ['a repeated criterion id', (file) => (file.criteria[1]!.id = file.criteria[0]!.id)],
      ['a date that does not exist', (file) => (file.exportedAt = '2025-13-45T09:00:00Z')],
      [
        'an embedded source that is not the named framework',
        (file) => {
          (file.framework as Fields).source = fixture('scoring-tiny.md').replace('Writes', 'Wrote');
        },
      ],
    ];
    for (const [name, change] of runtimeOnly) {
      const file = mutated(change);
      expect(validate(file), name).toBe(true);
      expect(runtimeAccepts(file), name).toBe(false);
    }
  });
});
