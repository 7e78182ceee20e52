import { readFileSync } from 'node:fs';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { allCriteria } from '../../../src/lib/core/model.ts';
import { REVIEWS } from '../../../src/lib/core/review.ts';
import { readShareLink } from '../../../src/lib/core/share-link.ts';
import { reviewOfLink } from '../../../src/lib/core/share-review.ts';
import { buildSnapshot, snapshotDigest } from '../../../src/lib/core/snapshot.ts';
import { snapshotToText } from '../../../src/lib/core/snapshot-file.ts';
import { parseSnapshot } from '../../../src/lib/core/snapshot-read.ts';
import { Assessment } from '../../../src/lib/state/assessment.svelte.ts';
import { ComparisonView } from '../../../src/lib/state/comparison.svelte.ts';
import { ReviewSession } from '../../../src/lib/state/review.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import { Snapshots } from '../../../src/lib/state/snapshots.svelte.ts';
import {
  createMemoryStore,
  MemoryDatabase,
  type ProgressStore,
} from '../../../src/lib/storage/index.ts';
import { fixtureFramework, libraryOf } from '../../ui/helpers.ts';

const tiny = fixtureFramework('scoring-tiny.md');
const [writesTests, readsLogs, fixesFlaky] = allCriteria(tiny);
const NOW = new Date('2026-12-01T09:00:00.000Z');

const stores: ProgressStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

/** One browser: its store, saved progress, the tiny framework on screen and its snapshots. */
async function browser(database = new MemoryDatabase()) {
  const store = createMemoryStore({ database });
  stores.push(store);
  const saved = new SavedProgress({ open: async () => store, now: () => NOW });
  const library = libraryOf(tiny, saved);
  await library.load();
  const assessment = new Assessment(tiny, saved);
  await saved.connect(assessment);
  const snapshots = new Snapshots({
    saved,
    library,
    assessment: () => assessment,
    loadShippedSource: async () =>
      readFileSync('tests/fixtures/frameworks/scoring-tiny.md', 'utf8'),
    reload: async () => {},
    now: () => NOW,
  });
  await snapshots.loadReceived();
  return { database, saved, assessment, snapshots };
}

type Browser = Awaited<ReturnType<typeof browser>>;

/** Opens the review of the received assessment `key` in `manager`, as the review page does. */
async function openReview(manager: Browser, key: string): Promise<ReviewSession> {
  const review = await manager.snapshots.openReview(key);
  if (!review) throw new Error('not received');
  return review;
}

describe('the round trip between an engineer and a manager', () => {
  it('reviews, keeps the review, sends it back, and the engineer compares with it', async () => {
    const engineer = await browser();
    engineer.assessment.setDemonstrated(writesTests!, true);
    engineer.assessment.setDemonstrated(readsLogs!, true);
    engineer.assessment.flush();
    const file = await engineer.snapshots.export({ person: 'Ada', includeSource: true });
    const ticks = JSON.stringify(engineer.assessment.records);

    // The manager's browser keeps the engineer's file beside their own, by default.
    const manager = await browser();
    await manager.snapshots.openText(file.text, file.fileName);
    expect(manager.snapshots.pending?.plan).toMatchObject({ kind: 'received', mayBeMine: true });
    await manager.snapshots.keepReceived();
    expect(manager.snapshots.message?.text).toBe(
      `Kept Ada’s assessment from ${file.fileName} beside yours.`,
    );
    const key = manager.snapshots.received[0]!.key;

    const review = await openReview(manager, key);
    await review.setVerdict(writesTests!.id, 'agree');
    await review.setVerdict(readsLogs!.id, 'disagree');
    await review.setComment(readsLogs!.id, 'Not on your own yet.');
    await review.setVerdict(fixesFlaky!.id, 'needs-evidence');
    await review.setOverall({ level: 1, subLevel: 'B', comment: 'A good start.' });
    await review.setReviewer('Grace');
    expect(review.progress).toEqual({ reviewed: 3, total: allCriteria(tiny).length });
    // The list of received assessments follows the review as it is kept, without a reload.
    expect(manager.snapshots.reviewOf(manager.snapshots.received[0]!)).toEqual(review.review);

    // Kept under the snapshot it reviews: a reload takes it up where it was left.
    await manager.snapshots.loadReceived();
    const stored = await manager.saved.loadCollection(REVIEWS);
    expect([...stored.keys()]).toEqual([snapshotDigest(review.snapshot)]);
    const again = await openReview(manager, key);
    expect(again.verdictOf(readsLogs!.id)).toBe('disagree');
    expect(again.commentOf(readsLogs!.id)).toBe('Not on your own yet.');
    expect(again.review.verdict).toEqual({ level: 1, subLevel: 'B', comment: 'A good start.' });

    const sent = await again.file();
    expect(sent.fileName).toBe('scoring-tiny-review-of-ada-2026-12-01.progression.json');

    // The engineer opens it: kept beside theirs, known as a review of their own assessment.
    await engineer.snapshots.openText(sent.text, sent.fileName);
    expect(engineer.snapshots.pending?.plan).toMatchObject({
      kind: 'received',
      reviewOfMine: true,
      mayBeMine: false,
    });
    await engineer.snapshots.keepReceived();
    expect(engineer.snapshots.message?.text).toBe(
      `Kept Ada’s review from ${sent.fileName} beside yours.`,
    );
    expect(JSON.stringify(engineer.assessment.records)).toBe(ticks);

    const received = await engineer.snapshots.openReceived(engineer.snapshots.received[0]!.key);
    const comparison = new ComparisonView(engineer.assessment, received!.snapshot);
    expect(comparison.count('disagree')).toBe(1);
    expect(comparison.count('needs-evidence')).toBe(1);
    expect(comparison.comparison.verdict?.comment).toBe('A good start.');
    comparison.filter = 'disagree';
    expect(comparison.shown.map((item) => [item.text, item.comment])).toEqual([
      [readsLogs!.text, 'Not on your own yet.'],
    ]);
    // The comparison follows the engineer's own ticks as they change them.
    expect(comparison.count('differ')).toBe(1);
    engineer.assessment.setDemonstrated(readsLogs!, false);
    flushSync();
    expect(comparison.count('differ')).toBe(0);
    expect(comparison.count('disagree')).toBe(1);
    expect(comparison.markdown(NOW)).toContain('Needs evidence');
  });

  it('sends the review back as a link that carries every verdict', async () => {
    const engineer = await browser();
    engineer.assessment.setDemonstrated(writesTests!, true);
    engineer.assessment.flush();
    const file = await engineer.snapshots.export({ person: 'Ada', includeSource: false });
    const manager = await browser();
    await manager.snapshots.openText(file.text, file.fileName);
    await manager.snapshots.keepReceived();
    const review = await openReview(manager, manager.snapshots.received[0]!.key);
    await review.setVerdict(writesTests!.id, 'needs-evidence');
    await review.setComment(writesTests!.id, 'Which PR?');
    const made = await review.link('https://progression.example/scoring-tiny');
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const payload = made.url.slice(made.url.indexOf('#share=') + 7);
    const read = readShareLink(payload);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const back = await reviewOfLink(read.value, tiny);
    expect(back.ok && back.value?.criteria.get(writesTests!.id)).toEqual({
      verdict: 'needs-evidence',
      comment: 'Which PR?',
    });
  });

  it('deletes the review with the received assessment it reviews', async () => {
    const engineer = await browser();
    const built = buildSnapshot({
      framework: tiny,
      records: [],
      settings: null,
      role: 'self',
      exportedAt: NOW,
    });
    const manager = await browser();
    await manager.snapshots.openText(snapshotToText(built), 'a.json');
    await manager.snapshots.keepReceived();
    const key = manager.snapshots.received[0]!.key;
    const review = await openReview(manager, key);
    await review.setVerdict(writesTests!.id, 'agree');
    await manager.snapshots.loadReceived();
    expect(manager.snapshots.reviewOf(manager.snapshots.received[0]!)).not.toBeNull();
    await manager.snapshots.deleteReceived(key);
    expect((await manager.saved.loadCollection(REVIEWS)).size).toBe(0);
    expect(parseSnapshot(snapshotToText(built)).ok).toBe(true);
    void engineer;
  });
});
