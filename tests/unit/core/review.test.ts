import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareWithReview,
  filterComparison,
  managerState,
  standingLabel,
} from '../../../src/lib/core/comparison.ts';
import {
  comparisonFileName,
  comparisonMarkdown,
} from '../../../src/lib/core/comparison-markdown.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionProgress, CriterionState } from '../../../src/lib/core/progress.ts';
import {
  reviewCriterion,
  reviewProgress,
  reviewSnapshot,
  setOverallVerdict,
  startReview,
  verdictLabel,
  type Review,
} from '../../../src/lib/core/review.ts';
import { ReviewSchema } from '../../../src/lib/core/schemas/review.ts';
import { check } from '../../../src/lib/core/schemas/read.ts';
import { readEnvelope } from '../../../src/lib/core/schemas/envelope.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  assessmentOfLink,
  encodeShareLink,
  readShareLink,
} from '../../../src/lib/core/share-link.ts';
import { reviewOfLink } from '../../../src/lib/core/share-review.ts';
import { bytesToBase64url } from '../../../src/lib/core/link-encoding.ts';
import { buildSnapshot, snapshotDigest, type Snapshot } from '../../../src/lib/core/snapshot.ts';
import {
  reviewFileName,
  snapshotFileName,
  snapshotToText,
} from '../../../src/lib/core/snapshot-file.ts';
import { parseSnapshot, SNAPSHOT_ENVELOPE } from '../../../src/lib/core/snapshot-read.ts';
import { fixture, usable } from './framework-fixture.ts';

const TINY_SOURCE = fixture('scoring-tiny.md');
const tiny = usable('scoring-tiny.md').framework;
const criteria = allCriteria(tiny);
const NOW = new Date('2026-11-30T10:00:00Z');
const LATER = new Date('2026-12-01T09:00:00Z');

function records(framework: Framework, states: Record<number, CriterionState>) {
  const all = allCriteria(framework);
  return Object.entries(states).map(([index, state]): CriterionProgress => {
    const criterion = all[Number(index)]!;
    return {
      frameworkId: framework.id,
      criterionId: criterion.id,
      state,
      updatedAt: '2026-11-29T08:00:00.000Z',
      topic: criterion.topic,
      level: criterion.level,
      text: criterion.text,
      ...(state === 'demonstrated' ? { evidence: `Evidence ${index}` } : {}),
    };
  });
}

/** The engineer's snapshot as the manager's app reads it from the file. */
function engineersFile(
  framework = tiny,
  states: Record<number, CriterionState> = { 0: 'demonstrated', 1: 'demonstrated', 2: 'not-yet' },
  source = TINY_SOURCE,
): Snapshot {
  const built = buildSnapshot({
    framework,
    records: records(framework, states),
    settings: null,
    role: 'self',
    person: 'Ada Lovelace',
    source,
    exportedAt: NOW,
    exportId: 'engineer-browser-1',
  });
  const read = parseSnapshot(snapshotToText(built));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.snapshot;
}

/** A review with one of each verdict and an overall verdict. */
function reviewOf(snapshot: Snapshot, ids = allCriteria(tiny).map((c) => c.id)): Review {
  let review = startReview(snapshot, 'received-1', 'Grace Hopper', NOW);
  review = reviewCriterion(review, ids[0]!, { verdict: 'agree' }, NOW);
  review = reviewCriterion(
    review,
    ids[1]!,
    { verdict: 'disagree', comment: '  Not yet on your own. ' },
    NOW,
  );
  review = reviewCriterion(
    review,
    ids[2]!,
    { verdict: 'needs-evidence', comment: 'Show me a PR.' },
    NOW,
  );
  return setOverallVerdict(review, { level: 1, subLevel: 'C', comment: 'Close to 2.' }, LATER);
}

describe('a review record', () => {
  it('is keyed by the snapshot it reviews, and keeps one verdict per criterion', () => {
    const snapshot = engineersFile();
    const review = reviewOf(snapshot);
    expect(review.of).toBe(snapshotDigest(snapshot));
    expect(review.of).toMatch(/^[0-9a-f]{32}$/);
    expect(review.criteria).toEqual([
      { id: criteria[0]!.id, verdict: 'agree' },
      { id: criteria[1]!.id, verdict: 'disagree', comment: 'Not yet on your own.' },
      { id: criteria[2]!.id, verdict: 'needs-evidence', comment: 'Show me a PR.' },
    ]);
    // Changing a verdict keeps its comment and its place; clearing it removes the entry.
    const changed = reviewCriterion(review, criteria[1]!.id, { verdict: 'agree' }, LATER);
    expect(changed.criteria[1]).toEqual({
      id: criteria[1]!.id,
      verdict: 'agree',
      comment: 'Not yet on your own.',
    });
    expect(
      reviewCriterion(review, criteria[0]!.id, { verdict: null }, LATER).criteria,
    ).toHaveLength(2);
    expect(reviewProgress(review, snapshot)).toEqual({ reviewed: 3, total: criteria.length });
    expect(check(ReviewSchema, JSON.parse(JSON.stringify(review)))).toEqual({
      ok: true,
      value: review,
    });
  });

  it('is refused from storage when it is not a review', () => {
    const bad = { ...reviewOf(engineersFile()), of: 'nope' };
    expect(check(ReviewSchema, bad).ok).toBe(false);
    const repeated = reviewOf(engineersFile());
    repeated.criteria.push({ ...repeated.criteria[0]! });
    expect(check(ReviewSchema, repeated).ok).toBe(false);
  });

  it('says its verdict as the framework writes a level', () => {
    expect(verdictLabel({ level: 3, subLevel: 'C' })).toBe('3C');
    expect(verdictLabel({ level: 3, subLevel: null })).toBe('3');
    expect(verdictLabel({ level: null, subLevel: null })).toBe('no level');
  });
});

describe('the review round trip through the snapshot file', () => {
  it('goes back as a version 2 manager file naming the snapshot reviewed, and reads again', () => {
    const snapshot = engineersFile();
    const file = reviewSnapshot(snapshot, reviewOf(snapshot), LATER, 'manager-browser-1');
    const read = parseSnapshot(snapshotToText(file));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const back = read.snapshot;
    expect(back).toMatchObject({
      version: 2,
      role: 'manager',
      person: 'Ada Lovelace',
      exportId: 'manager-browser-1',
      review: {
        reviewer: 'Grace Hopper',
        of: {
          digest: snapshotDigest(snapshot),
          exportedAt: snapshot.exportedAt,
          exportId: 'engineer-browser-1',
          suggested: snapshot.summary.label,
        },
        verdict: { level: 1, subLevel: 'C', comment: 'Close to 2.' },
      },
    });
    // The engineer's states, reasons and evidence go back exactly as reviewed.
    expect(back.criteria.map(({ review, ...rest }) => (void review, rest))).toEqual(
      snapshot.criteria,
    );
    expect(back.criteria.map((criterion) => criterion.review?.verdict ?? null)).toEqual([
      'agree',
      'disagree',
      'needs-evidence',
      ...Array(criteria.length - 3).fill(null),
    ]);
    expect(back.framework.source).toBe(TINY_SOURCE);
  });

  it('refuses to send a review back against another assessment', () => {
    const snapshot = engineersFile();
    const other = engineersFile(tiny, { 0: 'not-applicable' });
    expect(() => reviewSnapshot(other, reviewOf(snapshot), LATER)).toThrow(/review is of snapshot/);
  });

  it('still reads version 1 files, and an older app refuses a version 2 file', () => {
    const v1 = readFileSync('tests/fixtures/snapshots/manager.json', 'utf8');
    const read = parseSnapshot(v1);
    expect(read.ok && read.snapshot.version).toBe(1);
    const snapshot = engineersFile();
    const file = snapshotToText(reviewSnapshot(snapshot, reviewOf(snapshot), LATER));
    // The app as it was before version 2: the same envelope, reading version 1.
    expect(readEnvelope(file, { ...SNAPSHOT_ENVELOPE, version: 1 })).toEqual({
      ok: false,
      problems: [
        {
          severity: 'error',
          message:
            'This snapshot was made by a newer version of Progression (snapshot version 2; this version reads version 1). Update Progression, then import it.',
          line: null,
          column: null,
          field: 'version',
        },
      ],
    });
  });

  it('names a review file as a review of its person, apart from a self-assessment', () => {
    expect(reviewFileName('engineering/backend', 'Ada Lovelace', LATER)).toBe(
      'engineering-backend-review-of-ada-lovelace-2026-12-01.progression.json',
    );
    expect(reviewFileName('engineering/backend', null, LATER)).toBe(
      'engineering-backend-review-2026-12-01.progression.json',
    );
    expect(snapshotFileName('engineering/backend', LATER)).toBe(
      'engineering-backend-2026-12-01.progression.json',
    );
  });
});

describe('the review round trip through the link', () => {
  it('carries the verdicts, comments and overall verdict as a version 2 link', async () => {
    const snapshot = engineersFile();
    const review = reviewOf(snapshot);
    const verdicts = new Map(review.criteria.map((entry) => [entry.id, entry]));
    const states = new Map(snapshot.criteria.map((criterion) => [criterion.id, criterion]));
    const payload = await encodeShareLink({
      framework: tiny,
      stateOf: (id) => states.get(id)?.state ?? 'not-yet',
      noteOf: (id) => states.get(id),
      threshold: 80,
      target: null,
      person: 'Ada Lovelace',
      date: LATER,
      options: { evidence: true, onlyShown: false },
      review: {
        reviewer: review.reviewer,
        reviewOf: (id) => verdicts.get(id),
        verdict: review.verdict,
        of: { digest: review.of, exportedAt: snapshot.exportedAt },
      },
    });
    expect(payload.startsWith('2&')).toBe(true);
    const read = readShareLink(payload);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const subject = await assessmentOfLink(read.value, tiny);
    expect(subject.ok && subject.value.stateOf(criteria[0]!.id)).toBe('demonstrated');
    const back = await reviewOfLink(read.value, tiny);
    expect(back).toEqual({
      ok: true,
      value: {
        reviewer: 'Grace Hopper',
        verdict: { level: 1, subLevel: 'C', comment: 'Close to 2.' },
        of: { digest: review.of, exportedAt: snapshot.exportedAt },
        criteria: new Map([
          [criteria[0]!.id, { verdict: 'agree' }],
          [criteria[1]!.id, { verdict: 'disagree', comment: 'Not yet on your own.' }],
          [criteria[2]!.id, { verdict: 'needs-evidence', comment: 'Show me a PR.' }],
        ]),
      },
    });
  });

  it('writes a link without a review as version 1, which reads as before', async () => {
    const payload = await encodeShareLink({
      framework: tiny,
      stateOf: () => 'demonstrated',
      noteOf: () => undefined,
      threshold: 80,
      target: null,
      person: null,
      date: LATER,
      options: { evidence: true, onlyShown: false },
    });
    expect(payload.startsWith('1&')).toBe(true);
    const read = readShareLink(payload);
    expect(read.ok && read.value.review).toBe(null);
  });

  it('refuses a review link without its verdicts, and review fields in a version 1 link', async () => {
    const plain = await encodeShareLink({
      framework: tiny,
      stateOf: () => 'demonstrated',
      noteOf: () => undefined,
      threshold: 80,
      target: null,
      person: null,
      date: LATER,
      options: { evidence: true, onlyShown: false },
    });
    const resigned = (body: string) =>
      `${body}&k=${bytesToBase64url(sha256(utf8ToBytes(body)).slice(0, 5)).slice(0, 6)}`;
    const body = plain.slice(0, plain.lastIndexOf('&k='));
    expect(readShareLink(resigned(body.replace(/^1&/, '2&')))).toEqual({
      ok: false,
      message: 'This link is damaged: it is a review but has no “q”.',
    });
    expect(readShareLink(resigned(`${body}&r=AA`))).toEqual({
      ok: false,
      message: 'This link is damaged: a version 1 link has no “r”.',
    });
  });
});

describe('comparing an assessment with its review', () => {
  it('gives the manager’s view of each criterion by the rule', () => {
    expect(managerState('demonstrated', 'agree')).toBe('demonstrated');
    expect(managerState('demonstrated', 'disagree')).toBe('not-yet');
    expect(managerState('not-yet', 'disagree')).toBe('demonstrated');
    expect(managerState('not-applicable', 'disagree')).toBe('not-yet');
    expect(managerState('demonstrated', 'needs-evidence')).toBe('not-yet');
    expect(managerState('not-applicable', null)).toBe('not-applicable');
  });

  it('compares per criterion, topic and level, with both suggested levels and the verdict', () => {
    const snapshot = engineersFile();
    const file = reviewSnapshot(snapshot, reviewOf(snapshot), LATER);
    const mine = new Map(snapshot.criteria.map((criterion) => [criterion.id, criterion.state]));
    const comparison = compareWithReview({
      framework: tiny,
      stateOf: (id) => mine.get(id) ?? 'not-yet',
      threshold: 80,
      review: file,
    });
    const [first, second, third] = comparison.criteria;
    expect(first).toMatchObject({ verdict: 'agree', mine: 'demonstrated', differs: false });
    expect(second).toMatchObject({
      verdict: 'disagree',
      mine: 'demonstrated',
      manager: 'not-yet',
      comment: 'Not yet on your own.',
      differs: true,
    });
    // Evidence asked for a criterion the engineer does not claim: both views say not yet.
    expect(third).toMatchObject({ verdict: 'needs-evidence', mine: 'not-yet', differs: false });
    expect(comparison.counts).toMatchObject({
      agree: 1,
      disagree: 1,
      needsEvidence: 1,
      notReviewed: criteria.length - 3,
      differ: 1,
    });
    expect(filterComparison(comparison.criteria, 'disagree').map((c) => c.id)).toEqual([
      criteria[1]!.id,
    ]);
    expect(filterComparison(comparison.criteria, 'needs-evidence').map((c) => c.id)).toEqual([
      criteria[2]!.id,
    ]);
    // Level 1 of the tiny framework: two of its criteria demonstrated by the engineer, one by
    // the manager's view.
    const level1 = comparison.levels.find((level) => level.level === criteria[0]!.level)!;
    expect(level1.mine.demonstrated - level1.manager.demonstrated).toBe(1);
    expect(comparison.topics.map((topic) => topic.name)).toEqual(tiny.topics.map((t) => t.name));
    const craft = comparison.topics.find((topic) => topic.name === criteria[1]!.topic)!;
    expect(standingLabel(craft.mine)).not.toBe(standingLabel(craft.manager));
    expect(comparison.mine?.label).not.toBe(comparison.manager?.label);
    expect(comparison.verdict).toEqual({ level: 1, subLevel: 'C', comment: 'Close to 2.' });
    expect(comparison.reviewer).toBe('Grace Hopper');

    const markdown = comparisonMarkdown(comparison, {
      frameworkTitle: tiny.title,
      date: '2026-12-01',
    });
    expect(markdown).toContain("- Manager's verdict: **1C**: Close to 2.");
    expect(markdown).toContain('Comment: Not yet on your own.');
    expect(markdown).toContain('Self-assessment: demonstrated · Manager: Disagree (not yet)');
    expect(markdown).not.toContain(criteria[0]!.text);

    // Its file says whose review it is, of which framework, and the day (UTC).
    const day = new Date('2026-12-01T23:30:00Z');
    expect(comparisonFileName({ ...comparison, person: 'Ada Lovelace' }, 'eng/backend', day)).toBe(
      'ada-lovelace-eng-backend-review-2026-12-01.comparison.md',
    );
    expect(comparisonFileName({ ...comparison, person: null }, 'eng/backend', day)).toBe(
      'eng-backend-review-2026-12-01.comparison.md',
    );
  });

  it('matches a review of another framework version by criterion id and lists the rest', () => {
    const v1Source = fixture('byo-v1.md');
    const v1 = usable('byo-v1.md').framework;
    // Since the review: one criterion reworded, one removed, one added.
    const v2Source = v1Source
      .replace('Reviews pull requests within a day', 'Reviews pull requests within one working day')
      .replace(
        '          - "Designs a service with the team"\n',
        '          - "Mentors a new joiner"\n',
      );
    const v2 = usable('v2.md', v2Source).framework;
    const [writes, reviews, designs] = allCriteria(v1).map((criterion) => criterion.id);
    const snapshot = engineersFile(
      v1,
      { 0: 'demonstrated', 1: 'demonstrated', 2: 'demonstrated' },
      v1Source,
    );
    const file = reviewSnapshot(snapshot, reviewOf(snapshot, [writes!, reviews!, designs!]), LATER);

    const comparison = compareWithReview({
      framework: v2,
      stateOf: () => 'demonstrated',
      threshold: 80,
      review: file,
    });
    const shared = comparison.criteria.find((criterion) => criterion.id === writes);
    expect(shared).toMatchObject({ verdict: 'agree', reviewed: 'demonstrated' });
    const added = comparison.criteria.filter((criterion) => criterion.reviewed === null);
    expect(added.map((criterion) => criterion.text).sort()).toEqual([
      'Mentors a new joiner',
      'Reviews pull requests within one working day',
    ]);
    expect(added.every((criterion) => criterion.verdict === null)).toBe(true);
    expect(
      comparison.onlyInReview.map((criterion) => [criterion.text, criterion.review?.verdict]),
    ).toEqual([
      ['Reviews pull requests within a day', 'disagree'],
      ['Designs a service with the team', 'needs-evidence'],
    ]);
    expect(comparison.counts.onlyInReview).toBe(2);
    const markdown = comparisonMarkdown(comparison, {
      frameworkTitle: v2.title,
      date: '2026-12-01',
    });
    expect(markdown).toContain('## Reviewed, but no longer in the framework');
    expect(markdown).toContain('Designs a service with the team · Needs evidence: Show me a PR.');
  });
});
