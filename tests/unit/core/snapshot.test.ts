import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionProgress } from '../../../src/lib/core/progress.ts';
import {
  buildSnapshot,
  detachedCriteria,
  type BuildSnapshotInput,
  type Snapshot,
} from '../../../src/lib/core/snapshot.ts';
import { snapshotFileName, snapshotToText } from '../../../src/lib/core/snapshot-file.ts';
import { SNAPSHOT_LIMITS } from '../../../src/lib/core/limits.ts';
import { parseSnapshot } from '../../../src/lib/core/snapshot-read.ts';
import { fixture, usable } from './framework-fixture.ts';

const TINY_SOURCE = fixture('scoring-tiny.md');
const tiny = usable('scoring-tiny.md').framework;
const [writesTests, readsLogs, fixesFlaky, addsMetrics] = allCriteria(tiny);

const schema: unknown = JSON.parse(
  readFileSync('schema/progression.snapshot.v2.schema.json', 'utf8'),
);
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema as object);

function snapshotFixture(name: string): string {
  return readFileSync(`tests/fixtures/snapshots/${name}`, 'utf8');
}

function record(id: string, fields: Partial<CriterionProgress> = {}): CriterionProgress {
  const criterion = allCriteria(tiny).find((candidate) => candidate.id === id);
  return {
    frameworkId: tiny.id,
    criterionId: id,
    state: 'demonstrated',
    updatedAt: '2025-03-01T10:00:00.000Z',
    topic: criterion?.topic ?? 'craft',
    level: criterion?.level ?? 1,
    text: criterion?.text ?? `Criterion ${id}`,
    ...fields,
  };
}

/** An assessment using every field: each state, reason, evidence, review, person and target. */
function everything(overrides: Partial<BuildSnapshotInput> = {}): BuildSnapshotInput {
  return {
    framework: tiny,
    records: [
      record(writesTests!.id, { evidence: 'https://example.com/pr/1 <b>not HTML</b>' }),
      record(readsLogs!.id, { state: 'not-yet', updatedAt: '2025-03-02T08:00:00Z' }),
      record(fixesFlaky!.id, { state: 'not-applicable', reason: 'No flaky tests here' }),
      record('craft.1.gone00000000', { text: 'Writes docs', updatedAt: '2024-12-01T00:00:00Z' }),
    ],
    settings: { threshold: 75, target: 3 },
    role: 'self',
    person: 'Ada',
    source: TINY_SOURCE,
    exportedAt: new Date('2025-03-10T09:00:00Z'),
    reviews: new Map([
      [writesTests!.id, { verdict: 'agree' as const }],
      [readsLogs!.id, { verdict: 'needs-evidence' as const, comment: 'Show an incident.' }],
    ]),
    ...overrides,
  };
}

function parsed(text: string, framework: Framework | null = tiny): Snapshot {
  const result = parseSnapshot(text, {
    findFramework: (id) => (id === framework?.id ? framework : null),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.snapshot;
}

function problemsOf(text: string): string[] {
  const result = parseSnapshot(text);
  if (result.ok) throw new Error('expected the snapshot to be refused');
  return result.problems.map((problem) => `${problem.field ?? '-'}: ${problem.message}`);
}

describe('buildSnapshot', () => {
  it('lists every criterion of the framework in reading order, unrecorded ones as not-yet', () => {
    const snapshot = buildSnapshot(everything());
    const attached = snapshot.criteria.filter((criterion) => !criterion.detached);
    expect(attached.map((criterion) => criterion.id)).toEqual(allCriteria(tiny).map((c) => c.id));
    expect(attached[3]).toEqual({
      id: addsMetrics!.id,
      topic: 'craft',
      level: 2,
      text: 'Adds metrics',
      state: 'not-yet',
    });
  });

  it('writes its keys in the order of the file format', () => {
    const snapshot = buildSnapshot(everything());
    expect(Object.keys(snapshot)).toEqual([
      'format',
      'version',
      'exportedAt',
      'role',
      'person',
      'framework',
      'settings',
      'criteria',
      'summary',
    ]);
    expect(Object.keys(snapshot.framework)).toEqual(['id', 'title', 'sha256', 'source']);
    expect(Object.keys(snapshot.criteria[1]!)).toEqual([
      'id',
      'topic',
      'level',
      'text',
      'state',
      'updatedAt',
      'review',
    ]);
  });

  it('keeps progress for criteria the framework no longer has, flagged detached, after the rest', () => {
    const snapshot = buildSnapshot(everything());
    expect(snapshot.criteria.at(-1)).toEqual({
      id: 'craft.1.gone00000000',
      topic: 'craft',
      level: 1,
      text: 'Writes docs',
      state: 'demonstrated',
      updatedAt: '2024-12-01T00:00:00Z',
      detached: true,
    });
    expect(detachedCriteria(snapshot).map((criterion) => criterion.id)).toEqual([
      'craft.1.gone00000000',
    ]);
  });

  it('summarises by the level rule, leaving detached progress out', () => {
    const { summary } = buildSnapshot(everything());
    expect(summary.label).toBe('1C');
    expect(summary.levels).toEqual([
      { level: 1, demonstrated: 1, applicable: 3 },
      { level: 2, demonstrated: 0, applicable: 3 },
      { level: 3, demonstrated: 0, applicable: 3 },
    ]);
    expect(
      summary.topics.map((topic) => [topic.name, topic.status, topic.level, topic.subLevel]),
    ).toEqual([
      ['craft', 'placed', 1, 'D'],
      ['people', 'not-started', null, null],
    ]);
  });

  it('uses the default threshold and no target without settings, and leaves the source out when not given', () => {
    const snapshot = buildSnapshot(everything({ settings: null, source: undefined as never }));
    expect(snapshot.settings).toEqual({ threshold: 80 });
    expect('source' in snapshot.framework).toBe(false);
  });

  it('refuses to embed a source that is not the framework', () => {
    expect(() => buildSnapshot(everything({ source: `${TINY_SOURCE}\nchanged` }))).toThrow(
      /not the text of framework "scoring-tiny"/,
    );
  });

  it('refuses a record of another framework', () => {
    const stray = { ...record(writesTests!.id), frameworkId: 'other' };
    expect(() => buildSnapshot(everything({ records: [stray] }))).toThrow(
      'Record for criterion "craft.1.1a45fea8d873" belongs to framework "other", not "scoring-tiny".',
    );
  });
});

describe('snapshotFileName', () => {
  it('is the framework id as a slug and the UTC date', () => {
    expect(snapshotFileName('engineering/backend', new Date('2025-01-31T23:59:59Z'))).toBe(
      'engineering-backend-2025-01-31.progression.json',
    );
    expect(snapshotFileName('../', new Date('2025-01-31T00:00:00Z'))).toBe(
      'snapshot-2025-01-31.progression.json',
    );
  });
});

describe('export and import', () => {
  it('round trip is lossless: every field, state, reason, evidence, review, person and setting', () => {
    const snapshot = buildSnapshot(everything());
    const text = snapshotToText(snapshot);
    expect(parsed(text)).toEqual(snapshot);
    expect(snapshotToText(parsed(text))).toBe(text);
  });

  it('round trip without the embedded source gives the same summary from the app framework', () => {
    const snapshot = buildSnapshot(everything({ source: undefined as never }));
    expect(parsed(snapshotToText(snapshot))).toEqual(snapshot);
  });

  it('a manager snapshot round trips with its role and reviews', () => {
    const snapshot = buildSnapshot(everything({ role: 'manager', person: 'Grace' }));
    expect(parsed(snapshotToText(snapshot))).toEqual(snapshot);
  });

  it('exports are valid against the published JSON Schema', () => {
    for (const input of [
      everything(),
      everything({ settings: null, person: undefined as never }),
    ]) {
      const snapshot = JSON.parse(snapshotToText(buildSnapshot(input))) as unknown;
      expect(validate(snapshot), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate(JSON.parse(snapshotFixture('self.json')))).toBe(true);
  });
});

describe('parseSnapshot', () => {
  it('recomputes the summary and ignores the one in the file', () => {
    const snapshot = parsed(snapshotFixture('self.json'));
    // Level 1 is fully shown, so the suggestion climbs to level 2, where nothing is yet.
    expect(snapshot.summary.label).toBe('2A');
    expect(snapshot.summary.levels[0]).toEqual({ level: 1, demonstrated: 3, applicable: 3 });
    expect(snapshot.summary.levels).not.toContainEqual({
      level: 9,
      demonstrated: 100,
      applicable: 100,
    });
  });

  it('computes the summary from the file alone when no framework is at hand', () => {
    const snapshot = parsed(snapshotFixture('self.json'), null);
    expect(snapshot.summary.label).toBe('2A');
    expect(snapshot.summary.topics.map((topic) => topic.title)).toEqual(['Craft', 'People']);
  });

  it('refuses text that is not JSON', () => {
    expect(problemsOf('{"format": "progression.snapshot",')[0]).toMatch(
      /^-: This is not a Progression snapshot: the file is not JSON \(/,
    );
  });

  it('refuses JSON that is not a snapshot', () => {
    expect(problemsOf('[1, 2]')).toEqual([
      '-: This is not a Progression snapshot: the file holds a list.',
    ]);
    expect(problemsOf(snapshotFixture('invalid-wrong-format.json'))).toEqual([
      'format: This is not a Progression snapshot: the file has format "progression.backup", not "progression.snapshot".',
    ]);
  });

  it('refuses a file made by a newer version of Progression', () => {
    expect(problemsOf(snapshotFixture('invalid-future-version.json'))).toEqual([
      'version: This snapshot was made by a newer version of Progression (snapshot version 3; this version reads version 2). Update Progression, then import it.',
    ]);
  });

  it('lists every wrong type with its field', () => {
    expect(problemsOf(snapshotFixture('invalid-wrong-types.json'))).toEqual([
      'exportedAt: should be an ISO 8601 date and time, found "last Tuesday"',
      'role: should be one of "self", "manager", found "boss"',
      'person: should be a string of at most 200 characters when present, found number 42',
      'framework.id: should be a non-empty string of at most 200 characters, found ""',
      'framework.sha256: should be 64 lowercase hex digits, found "not a hash"',
      'settings.threshold: should be a whole number from 50 to 100, found number 120',
      'settings.target: should be a whole number from 0 to 99, found "3"',
      'criteria[0]: should be an object, found "craft.1.1a45fea8d873"',
      'criteria[1].level: should be a whole number from 0 to 99, found number 1.5',
      'criteria[1].text: should be a string of at most 10000 characters, found a list',
      'criteria[1].state: should be one of "demonstrated", "not-yet", "not-applicable", found "done"',
      'criteria[1].evidence: should be a string of at most 20000 characters when present, found an object',
      'criteria[1].updatedAt: should be an ISO 8601 date and time, found number 1741000000',
      'criteria[1].review.verdict: should be one of "agree", "disagree", "needs-evidence", found "meh"',
    ]);
  });

  it('refuses repeated criterion ids', () => {
    expect(problemsOf(snapshotFixture('invalid-duplicate-ids.json'))).toEqual([
      'criteria[1].id: repeats criterion "craft.1.1a45fea8d873"',
    ]);
  });

  it('refuses invalid fixtures that the schema also rejects', () => {
    for (const name of [
      'invalid-future-version.json',
      'invalid-wrong-format.json',
      'invalid-wrong-types.json',
    ]) {
      expect(validate(JSON.parse(snapshotFixture(name))), name).toBe(false);
      expect(parseSnapshot(snapshotFixture(name)).ok, name).toBe(false);
    }
  });

  it('refuses a file larger than the byte limit before reading it', () => {
    const huge = `{"format":"progression.snapshot","person":"${'x'.repeat(SNAPSHOT_LIMITS.bytes)}"}`;
    expect(problemsOf(huge)).toEqual([
      '-: The file is larger than 16 MB, the most a snapshot can be.',
    ]);
  });

  it('refuses more criteria than a framework may have', () => {
    const snapshot = buildSnapshot(everything());
    const many = {
      ...snapshot,
      criteria: Array.from({ length: SNAPSHOT_LIMITS.criteria + 1 }, () => 0),
    };
    expect(problemsOf(JSON.stringify(many))).toEqual([
      'criteria: The snapshot has 20,001 criteria; at most 20,000 can be imported.',
    ]);
  });

  it('refuses an over-long note with its field', () => {
    const snapshot = buildSnapshot(everything());
    snapshot.criteria[0]!.evidence = 'e'.repeat(SNAPSHOT_LIMITS.noteLength + 1);
    expect(problemsOf(snapshotToText(snapshot))).toEqual([
      'criteria[0].evidence: should be a string of at most 20000 characters when present, found "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee…"',
    ]);
  });

  it('keeps __proto__ and constructor keys inert and script as plain strings', () => {
    const result = parseSnapshot(snapshotFixture('hostile.json'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { snapshot } = result;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(snapshot)).toBe(Object.prototype);
    expect(snapshot.settings).toEqual({ threshold: 80 });
    expect(snapshot.criteria[0]).toEqual({
      id: '<script>alert(1)</script>',
      topic: '<b>craft</b>',
      level: 1,
      text: '<a href="javascript:alert(1)">Writes tests</a>',
      state: 'demonstrated',
      evidence: 'javascript:alert(document.cookie)',
      updatedAt: '2025-03-01T10:00:00Z',
      review: { verdict: 'agree', comment: '<iframe src=//evil>' },
    });
    expect(snapshot.person).toBe('<img src=x onerror=alert(1)>');
    expect(snapshot.summary.label).toBe('1E');
  });

  it('accepts a valid embedded source and returns its framework', () => {
    const result = parseSnapshot(snapshotToText(buildSnapshot(everything())));
    expect(result.ok && result.embeddedFramework?.sourceHash).toBe(tiny.sourceHash);
  });

  it("refuses an embedded source whose hash is not the file's", () => {
    const snapshot = buildSnapshot(everything());
    snapshot.framework.source = TINY_SOURCE.replace('Mentors', 'Coaches');
    const problems = problemsOf(snapshotToText(snapshot));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^framework\.sha256: is "411ce2b2.*", but the embedded source's SHA-256 is "[0-9a-f]{64}": the source is not the framework the file names$/,
    );
  });

  it('refuses an embedded source whose path names another framework id', () => {
    const small = usable('small.md').framework;
    const snapshot = buildSnapshot({
      ...everything({ records: [], reviews: new Map() }),
      framework: small,
      source: fixture('small.md'),
    });
    snapshot.framework.id = 'test/something-else';
    expect(problemsOf(snapshotToText(snapshot))).toEqual([
      'framework.id: is "test/something-else", but the embedded source is framework "test/small"',
    ]);
  });

  it('opens a framework of a team’s set from its source, under the id the set keeps it by', () => {
    const small = usable('small.md').framework;
    const asMember = (id: string) => {
      const snapshot = buildSnapshot({
        ...everything({ records: [], reviews: new Map() }),
        framework: { ...small, id },
        source: fixture('small.md'),
      });
      return parseSnapshot(snapshotToText(snapshot));
    };
    const opened = asMember('acme-frameworks/test/small');
    expect(opened.ok && opened.embeddedFramework?.id).toBe('acme-frameworks/test/small');
    expect(opened.ok && opened.embeddedFramework?.title).toBe(small.title);
    // As one moved aside for a shipped framework that took its address.
    const aside = asMember('yours/test/small');
    expect(aside.ok && aside.embeddedFramework?.id).toBe('yours/test/small');
    // Only a set's slug may stand before the file's id.
    for (const id of ['Acme/test/small', 'a/b/test/small', '/test/small', 'acme-test/small']) {
      const refused = asMember(id);
      expect(refused.ok ? null : refused.problems.map((found) => found.field)).toEqual([
        'framework.id',
      ]);
    }
  });

  it('refuses an embedded source that is not a valid framework', () => {
    const snapshot = buildSnapshot(everything());
    snapshot.framework.source = '---\ntitle: [unclosed\n---\n';
    const problems = problemsOf(snapshotToText(snapshot));
    expect(problems[0]).toMatch(
      /^framework\.source: The embedded framework source has an error at line \d+: /,
    );
  });

  it('reads a large but allowed snapshot of 1,000 criteria in well under a second of CPU time', () => {
    const criteria = Array.from({ length: 1000 }, (_, index) => ({
      id: `topic${index % 10}.${(index % 5) + 1}.${index.toString(16).padStart(12, '0')}`,
      topic: `topic${index % 10}`,
      level: (index % 5) + 1,
      text: `Criterion number ${index} with a sentence of ordinary length to read`,
      state: index % 3 === 0 ? 'demonstrated' : 'not-yet',
      evidence: 'https://example.com/evidence',
      updatedAt: '2025-03-01T10:00:00Z',
    }));
    const text = JSON.stringify({ ...JSON.parse(snapshotFixture('self.json')), criteria });
    parseSnapshot(text); // warm up
    const started = process.cpuUsage();
    const result = parseSnapshot(text);
    const { user, system } = process.cpuUsage(started);
    expect(result.ok).toBe(true);
    expect((user + system) / 1000).toBeLessThan(1000);
  });
});
