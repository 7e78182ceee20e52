import { describe, expect, it } from 'vitest';
import {
  decodeCriterion,
  decodeEntry,
  decodeSettings,
  isNewer,
} from '../../../src/lib/storage/records.ts';

const ids = { frameworkId: 'engineering/backend', criterionId: 'mastery.3.0123456789ab' };

describe('decodeCriterion', () => {
  it('migrates a version 0 tick with its note and time to a demonstrated record with evidence', () => {
    const decoded = decodeCriterion(ids, { done: true, note: 'Ran the game day', at: 0 });
    expect(decoded).toEqual({
      kind: 'migrated',
      from: 0,
      value: {
        ...ids,
        state: 'demonstrated',
        evidence: 'Ran the game day',
        updatedAt: '1970-01-01T00:00:00.000Z',
        topic: 'mastery',
        level: 3,
        text: '',
      },
    });
  });

  it('migrates "not applicable" over "done", and drops a blank note', () => {
    expect(decodeCriterion(ids, { done: true, na: true, note: '  ' })).toMatchObject({
      kind: 'migrated',
      value: { state: 'not-applicable' },
    });
    expect(decodeCriterion(ids, { done: false, note: '' })).not.toHaveProperty('value.evidence');
    expect(decodeCriterion(ids, { done: false })).toMatchObject({ value: { state: 'not-yet' } });
  });

  it('calls a version 0 record without a yes-or-no `done` unreadable, saying why', () => {
    expect(decodeCriterion(ids, { done: 'yes' })).toEqual({
      kind: 'unreadable',
      message: '`done` should be true or false',
    });
    expect(decodeCriterion(ids, { done: true, at: 'yesterday' })).toMatchObject({
      kind: 'unreadable',
    });
  });

  it('reads a current record as it is', () => {
    const record = {
      ...ids,
      state: 'not-yet',
      updatedAt: '2025-01-01T00:00:00Z',
      topic: 'Mastery',
      level: 3,
      text: 'Designs for failure',
    };
    expect(decodeCriterion(ids, { v: 1, ...record })).toEqual({ kind: 'current', value: record });
  });

  it('leaves a record from a newer version alone, whatever its shape', () => {
    expect(decodeCriterion(ids, { v: 7, anything: true })).toEqual({ kind: 'newer', version: 7 });
    expect(isNewer({ v: 7 })).toBe(true);
    expect(isNewer({ v: 1 })).toBe(false);
    expect(isNewer({ done: true })).toBe(false);
    expect(isNewer(undefined)).toBe(false);
  });

  it('calls unreadable a value that is not an object, has a broken version or names another criterion', () => {
    expect(decodeCriterion(ids, 'demonstrated')).toMatchObject({ kind: 'unreadable' });
    expect(decodeCriterion(ids, { v: '1' })).toMatchObject({ kind: 'unreadable' });
    expect(
      decodeCriterion(ids, {
        v: 1,
        ...ids,
        criterionId: 'other.1.000000000000',
        state: 'not-yet',
        updatedAt: '2025-01-01T00:00:00Z',
        topic: 'Mastery',
        level: 3,
        text: '',
      }),
    ).toEqual({
      kind: 'unreadable',
      message: expect.stringContaining('not its key'),
    });
  });
});

describe('decodeSettings and decodeEntry', () => {
  it('read current settings and entries, a null entry included', () => {
    const settings = {
      frameworkId: 'engineering/backend',
      threshold: 80,
      target: null,
      updatedAt: '2025-01-01T00:00:00Z',
    };
    expect(decodeSettings('engineering/backend', { v: 1, ...settings })).toEqual({
      kind: 'current',
      value: settings,
    });
    expect(decodeEntry({ v: 1, value: null })).toEqual({ kind: 'current', value: null });
  });

  it('have no version 0 to migrate from', () => {
    expect(decodeSettings('engineering/backend', { threshold: 80 })).toEqual({
      kind: 'unreadable',
      message: 'no migration from version 0',
    });
  });
});
