import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  backupFileName,
  backupToText,
  buildBackup,
  parseBackup,
  type BackupContents,
} from '../../../src/lib/core/backup.ts';
import type { CollectionEntry } from '../../../src/lib/core/collection.ts';
import { BACKUP_LIMITS } from '../../../src/lib/core/limits.ts';
import { BACKEND, progress } from '../progress-fixture.ts';

const contents: BackupContents = {
  frameworks: [
    {
      frameworkId: BACKEND,
      settings: {
        frameworkId: BACKEND,
        threshold: 75,
        target: 4,
        updatedAt: '2025-03-02T09:00:00Z',
      },
      criteria: [
        progress('impact.2.aaaaaaaaaaaa', { evidence: 'See https://example.com' }),
        progress('impact.2.bbbbbbbbbbbb', { state: 'not-applicable', reason: 'No on-call' }),
      ],
    },
    { frameworkId: 'engineering/frontend', settings: null, criteria: [] },
  ],
  collections: {
    'framework-sources': [{ key: 'mine.md', value: { text: '---\ntitle: Mine\n---' } }],
  },
};

const exportedAt = new Date('2025-03-10T12:00:00.000Z');

type Fields = Record<string, unknown>;
interface EditableBackup extends Fields {
  collections: Fields;
  frameworks: (Fields & { settings: Fields | null; criteria: Fields[] })[];
}

/** The text of a backup whose JSON was changed by `edit`. */
function edited(edit: (json: EditableBackup) => void): string {
  const json = JSON.parse(backupToText(buildBackup(contents, exportedAt)));
  edit(json);
  return JSON.stringify(json);
}

function problemsOf(text: string) {
  const result = parseBackup(text);
  if (result.ok) throw new Error('expected the backup to be refused');
  return result.problems;
}

describe('buildBackup and backupToText', () => {
  it('write the format, version and time, and read back to the same contents', () => {
    const backup = buildBackup(contents, exportedAt);
    const text = backupToText(backup);

    expect(JSON.parse(text)).toMatchObject({
      format: 'progression.backup',
      version: 1,
      exportedAt: '2025-03-10T12:00:00.000Z',
    });
    expect(parseBackup(text)).toEqual({ ok: true, backup });
    expect(backupFileName(exportedAt)).toBe('progression-backup-2025-03-10.json');
  });
});

describe('parseBackup', () => {
  it('refuses text that is not JSON', () => {
    expect(problemsOf('{"format": "progression.backup",')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(/^This is not a Progression backup: the file is not JSON/),
      }),
    ]);
    expect(problemsOf('')).toHaveLength(1);
  });

  it('refuses JSON in another format, naming the format it found', () => {
    expect(problemsOf('{"format": "progression.snapshot", "version": 1}')).toEqual([
      expect.objectContaining({
        message:
          'This is not a Progression backup: the file has format "progression.snapshot", not "progression.backup".',
        field: 'format',
      }),
    ]);
    expect(problemsOf('[1, 2]')[0]?.message).toBe(
      'This is not a Progression backup: the file holds a list.',
    );
  });

  it('refuses a backup made by a newer version, saying so', () => {
    const [problem] = problemsOf(edited((json) => (json.version = 2)));
    expect(problem?.message).toMatch(/made by a newer version of Progression \(backup version 2/);
    expect(problem?.field).toBe('version');
  });

  it('names the field path of every value of the wrong type', () => {
    const text = edited((json) => {
      json.exportedAt = 'last Tuesday';
      json.frameworks[0]!.settings!.threshold = 120;
      json.frameworks[0]!.criteria[0]!.state = 'done';
      json.frameworks[0]!.criteria[1]!.level = '2';
      json.frameworks[0]!.criteria[1]!.reason = 42;
      (json.frameworks[1] as Fields).criteria = {};
    });

    expect(problemsOf(text).map((problem) => [problem.field, problem.message])).toEqual([
      ['exportedAt', 'should be an ISO 8601 date and time, found "last Tuesday"'],
      [
        'frameworks[0].settings.threshold',
        'should be a whole number from 50 to 100, found number 120',
      ],
      [
        'frameworks[0].criteria[0].state',
        'should be one of "demonstrated", "not-yet", "not-applicable", found "done"',
      ],
      ['frameworks[0].criteria[1].reason', 'should be a string when present, found number 42'],
      ['frameworks[0].criteria[1].level', 'should be a whole number from 0 to 99, found "2"'],
      ['frameworks[1].criteria', 'should be a list, found an object'],
    ]);
  });

  it('refuses a threshold the level rule would not use, as a snapshot does (80.5)', () => {
    const text = edited((json) => {
      json.frameworks[0]!.settings!.threshold = 80.5;
    });

    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        field: 'frameworks[0].settings.threshold',
        message: 'should be a whole number from 50 to 100, found number 80.5',
      }),
    ]);
  });

  it('refuses repeated frameworks and criteria, and records filed under another framework', () => {
    const text = edited((json) => {
      json.frameworks[0]!.criteria.push(json.frameworks[0]!.criteria[0]!);
      json.frameworks[1]!.criteria.push({ ...json.frameworks[0]!.criteria[1] });
      json.frameworks.push({ frameworkId: BACKEND, settings: null, criteria: [] });
    });

    expect(problemsOf(text).map((problem) => problem.field)).toEqual([
      'frameworks[0].criteria[2].criterionId',
      'frameworks[1].criteria[0].frameworkId',
      'frameworks[2].frameworkId',
    ]);
  });

  it('refuses a file larger than 20 MB before reading it', () => {
    const padding = ' '.repeat(BACKUP_LIMITS.bytes);
    expect(problemsOf(`${backupToText(buildBackup(contents, exportedAt))}${padding}`)).toEqual([
      expect.objectContaining({
        message: 'The file is larger than 20 MB, the most a backup can be.',
      }),
    ]);
    // Counted in UTF-8 bytes: 7 million three-byte characters are 21 MB.
    expect(problemsOf(`"${'€'.repeat(7_000_000)}"`)[0]?.message).toMatch(/larger than 20 MB/);
  });

  it('refuses more than 200,000 records without checking each', () => {
    const text = edited((json) => {
      (json.frameworks[1] as Fields).criteria = Array.from(
        { length: BACKUP_LIMITS.records },
        () => 0,
      );
    });
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/holds 200,005 records; at most 200,000/),
      }),
    ]);
  });

  it('lists at most 50 problems and counts the rest', () => {
    const text = edited((json) => {
      (json.frameworks[1] as Fields).criteria = Array.from({ length: 80 }, () => 'not a record');
    });
    const problems = problemsOf(text);
    expect(problems).toHaveLength(51);
    expect(problems[50]?.message).toBe('…and 30 more problems.');
  });

  it('keeps __proto__ and constructor keys in a file harmless', () => {
    const pollution = '{ "polluted": true }';
    const record = JSON.stringify(progress('impact.2.aaaaaaaaaaaa')).slice(1);
    const text = `{
      "__proto__": ${pollution},
      "format": "progression.backup", "version": 1, "exportedAt": "2025-03-10T12:00:00.000Z",
      "frameworks": [{
        "frameworkId": "engineering/backend", "settings": null,
        "constructor": { "prototype": ${pollution} },
        "criteria": [{ "__proto__": ${pollution}, "constructor": { "prototype": ${pollution} }, ${record}]
      }],
      "collections": { "constructor": [{ "key": "k", "value": { "__proto__": ${pollution} } }] }
    }`;

    const result = parseBackup(text);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [criterion] = result.backup.frameworks[0]!.criteria;
    expect(criterion).toEqual(progress('impact.2.aaaaaaaaaaaa'));
    expect(Object.getPrototypeOf(criterion)).toBe(Object.prototype);
    expect(Object.keys(criterion!)).not.toContain('constructor');
    expect(Object.getPrototypeOf(result.backup.collections)).toBeNull();
    const [entry] = Reflect.get(result.backup.collections, 'constructor') as CollectionEntry[];
    expect(Object.getPrototypeOf(entry!.value)).toBe(Object.prototype);
    expect(Object.keys(entry!.value as object)).toEqual(['__proto__']);
    expect((entry!.value as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a collection named __proto__', () => {
    const text = backupToText(buildBackup(contents, exportedAt)).replace(
      '"framework-sources"',
      '"__proto__"',
    );
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        field: 'collections.__proto__',
        message: expect.stringContaining('not a collection name'),
      }),
    ]);
  });

  it('checks the entries of known collections with their own reader', () => {
    const sources = {
      name: 'framework-sources',
      schema: v.object({ text: v.string() }, 'needs the file text'),
    };
    const text = edited((json) => {
      json.collections['framework-sources'] = [{ key: 'a.md', value: { size: 3 } }];
    });

    expect(parseBackup(text).ok).toBe(true);
    expect(parseBackup(text, { collections: [sources] })).toEqual({
      ok: false,
      problems: [
        expect.objectContaining({
          field: 'collections.framework-sources[0].value.text',
          message: 'needs the file text',
        }),
      ],
    });
  });
});
