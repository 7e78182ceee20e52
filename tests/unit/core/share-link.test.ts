import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeBase } from '../../../src/lib/core/base-framework.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria, type Criterion, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionState } from '../../../src/lib/core/progress.ts';
import type { CriterionNote } from '../../../src/lib/core/report.ts';
import {
  assessmentOfLink,
  encodeShareLink,
  readShareLink,
  SHARE_LIMITS,
  type ShareInput,
  type SharePayload,
} from '../../../src/lib/core/share-link.ts';
import { bytesToBase64url, criteriaHash } from '../../../src/lib/core/link-encoding.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** A shipped framework file, parsed as written. */
function shipped(path: string): Framework {
  const result = parseFramework(readFileSync(`frameworks/monzo/${path}`, 'utf8'), path);
  if (!result.ok) throw new Error(`${path} does not parse`);
  return result.framework;
}

/** The backend framework as written (135 criteria). */
const backend = shipped('engineering/backend.md');
/** The backend framework as the app shows it: with the generic framework's criteria merged in. */
const backendAsShown = mergeBase(backend, shipped('generic.md'));

/** A framework of `count` criteria over three topics and five levels. */
function frameworkOf(count: number): Framework {
  const topics = ['a', 'b', 'c'].map((name) => ({
    name,
    title: name.toUpperCase(),
    subtitle: null,
    description: null,
    levels: [] as { level: number; criteria: Criterion[] }[],
  }));
  for (let index = 0; index < count; index += 1) {
    const topic = topics[index % 3]!;
    const level = 1 + (Math.floor(index / 3) % 5);
    let entry = topic.levels.find((candidate) => candidate.level === level);
    if (!entry) {
      entry = { level, criteria: [] };
      topic.levels.push(entry);
      topic.levels.sort((a, b) => a.level - b.level);
    }
    entry.criteria.push({
      id: `${topic.name}.${level}.${index.toString(16).padStart(12, '0')}`,
      topic: topic.name,
      level,
      text: `Criterion ${index}`,
      examples: [],
      line: index + 1,
    });
  }
  return {
    id: `test/n${count}`,
    origin: '',
    title: `${count} criteria`,
    sidebarTitle: null,
    group: null,
    homepage: null,
    shape: 'levelled',
    declaredLevels: null,
    levels: [...new Set(topics.flatMap((topic) => topic.levels.map((l) => l.level)))].sort(),
    topics: topics.filter((topic) => topic.levels.length > 0),
    about: '',
    aboutHtml: '',
    sourceHash: '0'.repeat(64),
    criterionCount: count,
    extra: {},
  };
}

const STATES: CriterionState[] = ['not-yet', 'demonstrated', 'not-applicable'];

function input(
  framework: Framework,
  stateOf: (criterion: Criterion, index: number) => CriterionState,
  notes: (criterion: Criterion, index: number) => CriterionNote | undefined = () => undefined,
  extra: Partial<ShareInput> = {},
): ShareInput {
  const criteria = allCriteria(framework);
  const index = new Map(criteria.map((criterion, i) => [criterion.id, i]));
  return {
    framework,
    stateOf: (id) => stateOf(criteria[index.get(id)!]!, index.get(id)!),
    noteOf: (id) => notes(criteria[index.get(id)!]!, index.get(id)!),
    threshold: 75,
    target: 3,
    person: 'Ada Lovelace',
    date: new Date('2026-03-04T10:00:00Z'),
    options: { evidence: true, onlyShown: false },
    ...extra,
  };
}

function read(payload: string): SharePayload {
  const result = readShareLink(payload);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

async function roundTrip(shared: ShareInput) {
  const payload = await encodeShareLink(shared);
  const result = await assessmentOfLink(read(payload), shared.framework);
  if (!result.ok) throw new Error(result.message);
  return { payload, subject: result.value };
}

describe('encodeShareLink and reading it back', () => {
  it('gives back every state of every criterion, with the settings, name and date', async () => {
    const shared = input(backend, (_, index) => STATES[index % 3]!);
    const { payload, subject } = await roundTrip(shared);
    expect(payload.startsWith('1&f=engineering/backend&h=')).toBe(true);
    for (const criterion of allCriteria(backend))
      expect(subject.stateOf(criterion.id)).toBe(shared.stateOf(criterion.id));
    expect(subject).toMatchObject({
      threshold: 75,
      target: 3,
      person: 'Ada Lovelace',
      date: '2026-03-04T00:00:00.000Z',
    });
    const payloadRead = read(payload);
    expect(payloadRead.options).toEqual({ evidence: true, onlyShown: false });
  });

  it('gives back reasons and evidence, and leaves evidence out when asked', async () => {
    const notes = (criterion: Criterion, index: number): CriterionNote | undefined =>
      index === 0
        ? { evidence: 'PR https://example.com/1\nand <b>bold</b> & “quotes” 🎉' }
        : index === 2
          ? { reason: 'Not in this team' }
          : undefined;
    const states = (_: Criterion, index: number): CriterionState =>
      index === 2 ? 'not-applicable' : index === 0 ? 'demonstrated' : 'not-yet';
    const [first, , third] = allCriteria(backend);
    const { subject } = await roundTrip(input(backend, states, notes));
    expect(subject.noteOf(first!.id)).toEqual({
      evidence: 'PR https://example.com/1\nand <b>bold</b> & “quotes” 🎉',
    });
    expect(subject.noteOf(third!.id)).toEqual({ reason: 'Not in this team' });

    const without = await encodeShareLink(
      input(backend, states, notes, { options: { evidence: false, onlyShown: true } }),
    );
    const readBack = read(without);
    expect(readBack.options).toEqual({ evidence: false, onlyShown: true });
    const result = await assessmentOfLink(readBack, backend);
    expect(result.ok && result.value.noteOf(first!.id)).toBeUndefined();
    expect(result.ok && result.value.noteOf(third!.id)).toEqual({ reason: 'Not in this team' });
  });

  it('keeps a link of the backend framework, half ticked and no evidence, under 300 characters', async () => {
    const payload = await encodeShareLink(
      input(
        backendAsShown,
        (_, index) => (index % 2 === 0 ? 'demonstrated' : 'not-yet'),
        undefined,
        {
          person: null,
          target: null,
        },
      ),
    );
    const link = `https://progression.example/engineering/backend#share=${payload}`;
    expect(allCriteria(backendAsShown)).toHaveLength(153);
    expect(link.length).toBeLessThan(300);
    expect(payload).not.toContain('&x=');
  });

  for (const count of [1, 135, 20_000]) {
    it(`packs the states of ${count.toLocaleString('en')} criteria two bits each`, async () => {
      const framework = frameworkOf(count);
      // Every state at every position modulo 4, so every bit pair of a byte is tried.
      const shared = input(framework, (_, index) => STATES[(index + Math.floor(index / 4)) % 3]!);
      const { payload, subject } = await roundTrip(shared);
      const states = read(payload).states;
      expect(states).toHaveLength(Math.ceil((Math.ceil(count / 4) * 4) / 3));
      const criteria = allCriteria(framework);
      expect(criteria.map((criterion) => subject.stateOf(criterion.id))).toEqual(
        criteria.map((criterion) => shared.stateOf(criterion.id)),
      );
    });
  }

  it('gives the same criteria hash for the same ids in the same order only', () => {
    const framework = frameworkOf(6);
    expect(criteriaHash(framework)).toBe(criteriaHash(frameworkOf(6)));
    const reordered = { ...framework, topics: [...framework.topics].reverse() };
    expect(criteriaHash(reordered)).not.toBe(criteriaHash(framework));
    expect(criteriaHash(frameworkOf(7))).not.toBe(criteriaHash(framework));
  });
});

/** A payload with `change` made to its fields, and its check made again to match. */
function resigned(payload: string, change: (body: string) => string): string {
  const body = change(payload.slice(0, payload.lastIndexOf('&k=')));
  const check = bytesToBase64url(sha256(utf8ToBytes(body)).slice(0, 5)).slice(0, 6);
  return `${body}&k=${check}`;
}

describe('refusing a link that cannot be read', () => {
  const shared = input(
    backend,
    (_, index) => STATES[index % 3]!,
    (_, index) => (index === 0 ? { evidence: 'Some evidence' } : undefined),
  );

  it('refuses a link cut short anywhere, saying it is damaged', async () => {
    const payload = await encodeShareLink(shared);
    for (let length = 0; length < payload.length; length += 7) {
      const result = readShareLink(payload.slice(0, length));
      expect(result.ok, `cut at ${length}`).toBe(false);
      if (!result.ok)
        expect(result.message).toMatch(/^This (link is damaged|is not a Progression share link)/);
    }
  });

  it('refuses a link with any character changed', async () => {
    const payload = await encodeShareLink(shared);
    for (let index = 2; index < payload.length; index += 5) {
      const changed = `${payload.slice(0, index)}${payload[index] === 'A' ? 'B' : 'A'}${payload.slice(index + 1)}`;
      const result = readShareLink(changed);
      expect(result.ok, `changed at ${index}`).toBe(false);
      if (!result.ok)
        expect(result.message).toMatch(/^This (link is damaged|is not a Progression)/);
    }
  });

  it('refuses a link too long to be one Progression made, before reading it', () => {
    const result = readShareLink(`1&s=${'A'.repeat(SHARE_LIMITS.payloadLength)}`);
    expect(result).toEqual({
      ok: false,
      message:
        'This link is 10,004 characters long, longer than any link Progression makes (at most 10,000), so it was not read.',
    });
  });

  it('refuses a link of a newer version, and anything that is not a link', () => {
    expect(readShareLink('3&f=x')).toEqual({
      ok: false,
      message:
        'This link was made by a newer version of Progression (link version 3; this version reads version 2). Open it in an updated Progression.',
    });
    for (const text of ['', 'hello', '<script>alert(1)</script>', '&k=abc'])
      expect(readShareLink(text)).toEqual({
        ok: false,
        message: 'This is not a Progression share link: it does not start with a version.',
      });
  });

  it('refuses fields that are missing, repeated or wrong, even with a good check', async () => {
    const payload = await encodeShareLink(shared);
    const cases: [(body: string) => string, string][] = [
      [
        (body) => body.replace(/&t=\d+/, '&t=101'),
        'This link is damaged: its “t” should be a threshold from 50 to 100.',
      ],
      [
        (body) => body.replace(/&t=\d+/, ''),
        'This link is damaged: its “t” is missing: the link has no “t”.',
      ],
      [(body) => `${body}&t=80`, 'This link is damaged: it has “t” twice.'],
      [
        (body) => body.replace(/&f=[^&]+/, '&f=<script>'),
        'This link is damaged: its “f” should be a framework id, found "<script>".',
      ],
      [
        (body) => body.replace(/&d=[^&]+/, '&d=2026-13-45'),
        'This link is damaged: its “d” should be a real date.',
      ],
      [
        (body) => body.replace(/&p=[^&]+/, `&p=${'x'.repeat(201)}`),
        'This link is damaged: its “p” should be a name of at most 200 characters.',
      ],
      [
        (body) => body.replace(/&p=[^&]+/, '&p=%E0%A4%A'),
        'This link is damaged: its “p” is not readable text.',
      ],
    ];
    for (const [change, message] of cases)
      expect(readShareLink(resigned(payload, change))).toEqual({ ok: false, message });
  });

  it('keeps hostile text as text and prototype keys as inert data', async () => {
    const payload = resigned(await encodeShareLink(shared), (body) =>
      body
        .replace(/&p=[^&]+/, `&p=${encodeURIComponent('<img src=x onerror=alert(1)>')}`)
        .concat('&__proto__=polluted&constructor=x'),
    );
    const result = read(payload);
    expect(result.person).toBe('<img src=x onerror=alert(1)>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(result)).not.toContain('__proto__');
  });

  it('refuses states that do not fit the framework, and says which framework it needs', async () => {
    const payload = read(await encodeShareLink(shared));
    const other = frameworkOf(135);
    expect(await assessmentOfLink(payload, { ...other, id: 'engineering/backend' })).toEqual({
      ok: false,
      message:
        'This link was made with another version of “135 criteria” than the one in this app: its criteria differ, so the link cannot be shown against them.',
    });
    expect(await assessmentOfLink(payload, other)).toEqual({
      ok: false,
      message: 'This link is for the framework “engineering/backend”, not “test/n135”.',
    });
    expect(
      await assessmentOfLink({ ...payload, states: payload.states.slice(4) }, backend),
    ).toEqual({
      ok: false,
      message: `This link is damaged: it holds states for 124 criteria where “${backend.title}” has 135.`,
    });
    // Every criterion's two bits are 3, which is no state; the last byte's padding is clear.
    const threes = new Uint8Array(34).fill(0xff);
    threes[33] = 0x3f;
    expect(
      await assessmentOfLink({ ...payload, states: bytesToBase64url(threes) }, backend),
    ).toEqual({ ok: false, message: 'This link is damaged: criterion 1 has no known state.' });
    const padded = bytesToBase64url(new Uint8Array(34).fill(0xff));
    expect(await assessmentOfLink({ ...payload, states: padded }, backend)).toEqual({
      ok: false,
      message: 'This link is damaged: it holds states past the last criterion.',
    });
  });

  it('refuses notes that are not deflated, unpack to too much, or are not notes', async () => {
    const payload = read(await encodeShareLink(shared));
    const deflated = async (text: string) => {
      const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      return bytesToBase64url(new Uint8Array(await new Response(stream).arrayBuffer()));
    };
    const bomb = await deflated(' '.repeat(SHARE_LIMITS.notesBytes + 1));
    expect(bomb.length).toBeLessThan(2_000);
    const cases: [string, string][] = [
      ['AAAA', 'This link is damaged: its notes cannot be unpacked, or unpack to more than 1 MB.'],
      [bomb, 'This link is damaged: its notes cannot be unpacked, or unpack to more than 1 MB.'],
      [await deflated('not json'), 'This link is damaged: its notes are not readable.'],
      [await deflated('{"r":[[0]]}'), 'This link is damaged: its notes should be text.'],
      [
        await deflated('{"e":[[999,"x"]]}'),
        'This link is damaged: it has a evidence for criterion 1000, past the last one.',
      ],
    ];
    for (const [notes, message] of cases)
      expect(await assessmentOfLink({ ...payload, notes }, backend)).toEqual({
        ok: false,
        message,
      });
  });
});
