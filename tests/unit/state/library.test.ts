import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { summarise } from '../../../src/lib/core/catalogue.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { FRAMEWORK_OPTIONS, USER_FRAMEWORKS } from '../../../src/lib/core/library.ts';
import { LIMITS } from '../../../src/lib/core/limits.ts';
import { allCriteria, type Criterion, type Framework } from '../../../src/lib/core/model.ts';
import { suggestReattach } from '../../../src/lib/core/reattach.ts';
import { Assessment } from '../../../src/lib/state/assessment.svelte.ts';
import { oneLevelFramework } from '../core/framework-fixture.ts';
import type { AddReport } from '../../../src/lib/state/add-report.ts';
import { Library } from '../../../src/lib/state/library.svelte.ts';
import { SavedProgress } from '../../../src/lib/state/saved-progress.svelte.ts';
import {
  createMemoryStore,
  MemoryDatabase,
  type ProgressStore,
} from '../../../src/lib/storage/index.ts';

const text = (name: string) => readFileSync(`tests/fixtures/frameworks/${name}`, 'utf8');
const parsed = (name: string, origin = name): Framework => {
  const result = parseFramework(text(name), origin);
  if (!result.ok) throw new Error(`${name} does not parse: ${JSON.stringify(result.problems)}`);
  return result.framework;
};
const file = (name: string) => new File([text(name)], name, { type: 'text/markdown' });

/** The one shipped framework of these tests. */
const shipped = parsed('small.md');

const stores: ProgressStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

/**
 * One page load of the app on `database`: its store, its saved progress and its library (with
 * `small.md` as the only shipped framework), the library loaded as the app loads it.
 */
async function openPage(
  database = new MemoryDatabase(),
  options: {
    fetch?: typeof fetch;
    fetchTimeouts?: { silenceMs?: number; totalMs?: number };
    now?: () => Date;
    shipped?: Framework[];
  } = {},
) {
  const store = createMemoryStore({ database });
  stores.push(store);
  const saved = new SavedProgress({ open: async () => store });
  const { shipped: frameworks = [shipped], ...rest } = options;
  const library = new Library({
    shipped: frameworks.map(summarise),
    saved,
    ...rest,
  });
  await library.load();
  return { database, store, saved, library };
}

type Page = Awaited<ReturnType<typeof openPage>>;

/** The newest report. */
function lastReport(library: Library): AddReport {
  const report = library.reports[0];
  if (!report) throw new Error('nothing was reported');
  return report;
}

/** Messages of the newest report's problems (errors or warnings). */
function problemsOf(report: AddReport): string[] {
  const { outcome } = report;
  const problems =
    outcome.kind === 'refused'
      ? outcome.problems
      : outcome.kind === 'unchanged'
        ? []
        : outcome.warnings;
  return problems.map((problem) => problem.message);
}

/** Framework ids the user added, as kept in storage. */
async function storedIds(page: Page): Promise<string[]> {
  return [...(await page.saved.loadCollection(USER_FRAMEWORKS)).keys()];
}

/** An assessment of one of the user's frameworks, kept by the page's saved progress. */
async function assess(page: Page, id: string): Promise<Assessment> {
  const framework = page.library.userFramework(id);
  if (!framework) throw new Error(`the library has no framework ${id}`);
  const assessment = new Assessment(framework, page.saved);
  await page.saved.connect(assessment);
  return assessment;
}

/** Ticks a criterion and waits until the store holds it. */
async function tick(page: Page, assessment: Assessment, criterion: Criterion): Promise<void> {
  assessment.setDemonstrated(criterion, true);
  await vi.waitFor(async () => {
    const records = await page.store.loadFramework(assessment.framework.id);
    expect(records.map((record) => record.criterionId)).toContain(criterion.id);
  });
}

const criterion = (framework: Framework, text: string): Criterion => {
  const found = allCriteria(framework).find((candidate) => candidate.text === text);
  if (!found) throw new Error(`${framework.id} has no criterion “${text}”`);
  return found;
};

describe('Library: adding a framework', () => {
  it('keeps pasted text with where it came from, and lists it as the user’s own', async () => {
    const page = await openPage(undefined, { now: () => new Date('2026-03-01T10:00:00Z') });
    await page.library.addText(text('byo-v1.md'));
    const report = lastReport(page.library);
    expect(report).toMatchObject({ status: 'added', frameworkId: 'test/versioned' });
    expect(page.library.busy).toBe(false);
    expect(page.library.catalogue).toEqual([
      summarise(shipped),
      { ...summarise(parsed('byo-v1.md')), own: true },
    ]);
    expect(page.library.isOwn('test/versioned')).toBe(true);
    expect(page.library.isOwn(shipped.id)).toBe(false);
    expect(Object.fromEntries(await page.saved.loadCollection(USER_FRAMEWORKS))).toEqual({
      'test/versioned': {
        source: text('byo-v1.md'),
        origin: 'pasted text',
        addedAt: '2026-03-01T10:00:00.000Z',
      },
    });
  });

  it('still has it after a reload', async () => {
    const first = await openPage();
    await first.library.addText(text('byo-v1.md'));
    const reloaded = await openPage(first.database);
    expect(reloaded.library.catalogue.map(({ id, own }) => [id, own])).toEqual([
      [shipped.id, undefined],
      ['test/versioned', true],
    ]);
    expect(reloaded.library.userFramework('test/versioned')).toEqual(
      parsed('byo-v1.md', 'pasted text'),
    );
  });

  it('adds files chosen or dropped together, each on its own merits', async () => {
    const page = await openPage();
    await page.library.addFiles([file('byo-broken.md'), file('byo-team.md')]);
    expect(page.library.reports.map(({ origin, status }) => [origin, status])).toEqual([
      ['byo-team.md', 'added'],
      ['byo-broken.md', 'refused'],
    ]);
    expect(await storedIds(page)).toEqual(['team/platform']);
    expect(page.library.userFramework('team/platform')?.origin).toBe('byo-team.md');
  });

  it('refuses a broken file with its problems, and changes nothing stored or shown', async () => {
    const page = await openPage();
    await page.library.addText(text('byo-v1.md'));
    const assessment = await assess(page, 'test/versioned');
    await tick(page, assessment, criterion(assessment.framework, 'Writes tests first'));
    assessment.setThreshold(70);
    await vi.waitFor(async () =>
      expect((await page.store.loadSettings('test/versioned'))?.threshold).toBe(70),
    );
    const before = page.database.entries(null);
    const catalogue = page.library.catalogue;

    // The broken file has the same id as the framework the user has.
    await page.library.addFiles([file('byo-broken.md')]);
    const report = lastReport(page.library);
    expect(report.status).toBe('refused');
    expect(report.frameworkId).toBeUndefined();
    if (report.outcome.kind !== 'refused') throw new Error('not refused');
    expect(report.outcome.problems.map(({ line, severity }) => [line, severity])).toEqual([
      [8, 'error'],
      [11, 'error'],
    ]);
    expect(page.database.entries(null)).toEqual(before);
    expect(page.library.catalogue).toEqual(catalogue);
    expect(page.library.userFramework('test/versioned')).toEqual(
      parsed('byo-v1.md', 'pasted text'),
    );
    expect(assessment.state(criterion(assessment.framework, 'Writes tests first').id)).toBe(
      'demonstrated',
    );
  });

  it('lets a file with warnings wait for the user, and adds it only when they confirm', async () => {
    const page = await openPage();
    await page.library.addText(text('byo-warnings.md'));
    const waiting = lastReport(page.library);
    expect(waiting.status).toBe('waiting');
    expect(problemsOf(waiting)).toEqual([
      'Unknown field "colour" in a topic is ignored (expected name, title, subtitle, description, content).',
      'This criterion is empty and is ignored.',
    ]);
    expect(await storedIds(page)).toEqual([]);
    expect(page.library.isOwn('test/warned')).toBe(false);

    await page.library.confirm(waiting);
    expect(lastReport(page.library)).toMatchObject({ status: 'added', frameworkId: 'test/warned' });
    expect(await storedIds(page)).toEqual(['test/warned']);
    expect(page.library.catalogue.map(({ id }) => id)).toContain('test/warned');
  });

  it('leaves out a file with warnings that the user declines', async () => {
    const page = await openPage();
    await page.library.addText(text('byo-warnings.md'));
    const waiting = lastReport(page.library);
    page.library.decline(waiting);
    expect(lastReport(page.library).status).toBe('declined');
    // Confirming afterwards (a second click on a stale button) adds nothing either.
    await page.library.confirm(waiting);
    await page.library.confirm(lastReport(page.library));
    expect(await storedIds(page)).toEqual([]);
    expect(page.library.isOwn('test/warned')).toBe(false);
    expect(page.library.catalogue).toEqual([summarise(shipped)]);
  });

  it('tells the user the same content is what they have, and keeps it as it was', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const page = await openPage(undefined, { now: () => now });
    await page.library.addText(text('byo-v1.md'));
    now = new Date('2026-03-02T10:00:00Z');
    await page.library.addFiles([file('byo-v1.md')]);
    expect(lastReport(page.library)).toMatchObject({
      status: 'unchanged',
      outcome: { kind: 'unchanged' },
    });
    const stored = await page.saved.loadCollection(USER_FRAMEWORKS);
    expect(stored.get('test/versioned')).toMatchObject({
      origin: 'pasted text',
      addedAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('keeps a file whose id a shipped framework has under yours/<id>, also after a reload', async () => {
    const page = await openPage();
    await page.library.addText(text('small.md'));
    expect(lastReport(page.library)).toMatchObject({
      status: 'added',
      frameworkId: 'yours/test/small',
    });
    const reloaded = await openPage(page.database);
    expect(reloaded.library.catalogue.map(({ id }) => id)).toEqual([
      'test/small',
      'yours/test/small',
    ]);
    expect(reloaded.library.userFramework('yours/test/small')?.title).toBe('Small framework');
  });
});

describe('Library: a new version of a framework the user has', () => {
  it('updates it in place: progress carries over by criterion id, a reworded criterion’s becomes an orphan to re-attach', async () => {
    const page = await openPage();
    await page.library.addText(text('byo-v1.md'));
    const v1 = await assess(page, 'test/versioned');
    const kept = criterion(v1.framework, 'Writes tests first');
    const reworded = criterion(v1.framework, 'Reviews pull requests within a day');
    await tick(page, v1, kept);
    await tick(page, v1, reworded);

    await page.library.addFiles([file('byo-v2.md')]);
    expect(lastReport(page.library)).toMatchObject({
      status: 'updated',
      frameworkId: 'test/versioned',
      outcome: { kind: 'update' },
    });
    expect(page.library.catalogue.filter(({ own }) => own).map(({ id }) => id)).toEqual([
      'test/versioned',
    ]);
    expect((await page.saved.loadCollection(USER_FRAMEWORKS)).get('test/versioned')).toMatchObject({
      source: text('byo-v2.md'),
      origin: 'byo-v2.md',
    });

    const reloaded = await openPage(page.database);
    const v2 = await assess(reloaded, 'test/versioned');
    expect(v2.framework).toEqual(parsed('byo-v2.md'));
    expect(v2.state(kept.id)).toBe('demonstrated');
    const rewordedNow = criterion(v2.framework, 'Reviews pull requests within one working day');
    expect(v2.state(rewordedNow.id)).toBe('not-yet');
    expect(v2.orphans.map(({ criterionId, text }) => [criterionId, text])).toEqual([
      [reworded.id, 'Reviews pull requests within a day'],
    ]);

    const suggestion = suggestReattach(v2.orphans[0]!, v2.framework);
    expect(suggestion?.criterion).toEqual(rewordedNow);
    expect(v2.reattach(v2.orphans[0]!, suggestion!.criterion)).toBe(true);
    expect(v2.state(rewordedNow.id)).toBe('demonstrated');
    expect(v2.orphans).toEqual([]);
  });
});

describe('Library: removing a framework', () => {
  it('removes the framework, its options and its progress, and nothing else', async () => {
    const page = await openPage();
    await page.library.addFiles([file('byo-v1.md'), file('byo-team.md')]);
    await page.library.setMergeBase('test/versioned', false);
    const v1 = await assess(page, 'test/versioned');
    await tick(page, v1, criterion(v1.framework, 'Writes tests first'));
    const team = await assess(page, 'team/platform');
    await tick(page, team, criterion(team.framework, 'Joins the on-call rota'));

    await page.library.remove('test/versioned');
    expect(page.library.isOwn('test/versioned')).toBe(false);
    expect(page.library.userFramework('test/versioned')).toBeUndefined();
    expect(page.library.catalogue.map(({ id }) => id)).toEqual(['test/small', 'team/platform']);
    expect(await storedIds(page)).toEqual(['team/platform']);
    expect([...(await page.saved.loadCollection(FRAMEWORK_OPTIONS)).keys()]).toEqual([]);
    expect(await page.store.loadFramework('test/versioned')).toEqual([]);
    expect(await page.store.loadFramework('team/platform')).toHaveLength(1);

    const reloaded = await openPage(page.database);
    expect(reloaded.library.isOwn('test/versioned')).toBe(false);
    expect(reloaded.library.mergesBase('test/versioned')).toBe(true);
  });

  it('does nothing for a shipped framework', async () => {
    const page = await openPage();
    const before = page.database.entries(null);
    await page.library.remove(shipped.id);
    expect(page.library.catalogue).toEqual([summarise(shipped)]);
    expect(page.database.entries(null)).toEqual(before);
  });

  // Otherwise a backup would still list the removed framework, and adding it again would bring
  // its old threshold and target back.
  it('removes the framework’s settings (threshold and target) too', async () => {
    const page = await openPage();
    await page.library.addText(text('byo-v1.md'));
    const assessment = await assess(page, 'test/versioned');
    assessment.setThreshold(60);
    assessment.setTarget(2);
    await vi.waitFor(async () =>
      expect(await page.store.loadSettings('test/versioned')).not.toBeNull(),
    );
    await page.library.remove('test/versioned');
    expect(await page.store.loadSettings('test/versioned')).toBeNull();
    expect(await page.store.listFrameworks()).toEqual([]);
  });
});

describe('Library: the base (generic) framework', () => {
  it('merges the user’s generic framework into others unless switched off, and keeps the switch', async () => {
    const page = await openPage();
    await page.library.addFiles([file('byo-generic.md'), file('byo-team.md')]);
    const team = page.library.userFramework('team/platform')!;
    const generic = page.library.userFramework('generic')!;
    expect(page.library.baseOf(team.id)).toBe(generic);
    expect(page.library.mergesBase(team.id)).toBe(true);
    const merged = await page.library.withBase(team);
    expect(allCriteria(merged).filter((c) => c.fromBase)).toHaveLength(3);
    expect(await page.library.withBase(generic)).toBe(generic);

    await page.library.setMergeBase(team.id, false);
    expect(await page.library.withBase(team)).toBe(team);
    const reloaded = await openPage(page.database);
    expect(reloaded.library.mergesBase(team.id)).toBe(false);
    expect(reloaded.library.mergesBase('generic')).toBe(true);
  });

  it('has no base framework for a file added on its own, with no generic of the user’s', async () => {
    const page = await openPage();
    await page.library.addText(text('byo-team.md'));
    const team = page.library.userFramework('team/platform')!;
    expect(page.library.baseOf(team.id)).toBeUndefined();
    expect(await page.library.withBase(team)).toBe(team);
  });
});

describe('Library: where Monzo’s generic framework ships', () => {
  /** The app ships a generic framework (`path: "/generic"`), as it ships Monzo's. */
  const withGeneric = { shipped: [shipped, parsed('byo-generic.md')] };

  it('keeps the user’s own generic apart, as yours/generic, and makes it the base of their files', async () => {
    const page = await openPage(new MemoryDatabase(), withGeneric);
    await page.library.addFiles([file('byo-generic.md'), file('byo-team.md')]);
    const team = page.library.userFramework('team/platform')!;
    expect(page.library.isOwn('yours/generic')).toBe(true);
    expect(page.library.baseOf(team.id)?.id).toBe('yours/generic');
    const merged = await page.library.withBase(team);
    expect(merged.base).toEqual({ id: 'yours/generic', title: 'Generic engineering', lent: 3 });
  });

  it('shows a file added on its own exactly as written: the shipped generic is not its base', async () => {
    const page = await openPage(new MemoryDatabase(), withGeneric);
    await page.library.addText(text('byo-team.md'));
    const team = page.library.userFramework('team/platform')!;
    expect(page.library.baseOf(team.id)).toBeUndefined();
    expect(await page.library.withBase(team)).toBe(team);
  });

  it('moves a framework kept under an id that now ships to yours/<id>, with its progress, and says so', async () => {
    const first = await openPage();
    await first.library.addText(text('byo-team.md'), 'byo-team.md');
    const team = first.library.userFramework('team/platform')!;
    const ticked = allCriteria(team)[0]!;
    await first.store.putCriterion({
      frameworkId: team.id,
      criterionId: ticked.id,
      state: 'demonstrated',
      updatedAt: '2026-01-01T00:00:00.000Z',
      topic: ticked.topic,
      level: ticked.level,
      text: ticked.text,
    });

    // The next version of the app ships a framework at the same address.
    const shippedTeam = { ...parsed('small.md'), id: 'team/platform', title: 'Platform (shipped)' };
    const next = await openPage(first.database, { shipped: [shipped, shippedTeam] });
    expect(next.library.isOwn('team/platform')).toBe(false);
    expect(next.library.userFramework('yours/team/platform')?.title).toBe('Platform team');
    expect(
      (await next.store.loadFramework('yours/team/platform')).map((r) => r.criterionId),
    ).toEqual([ticked.id]);
    expect(await next.store.loadFramework('team/platform')).toEqual([]);
    expect(next.library.messages).toEqual([
      '“Platform team”, the framework you added from byo-team.md, now has the address of “Platform (shipped)”, which comes with the app. Yours is kept, with all your progress on it, as “yours/team/platform”.',
    ]);
    // Once moved, it stays moved: nothing more to tell.
    const again = await openPage(first.database, { shipped: [shipped, shippedTeam] });
    expect(again.library.messages).toEqual([]);
    expect(again.library.isOwn('yours/team/platform')).toBe(true);
  });
});

describe('Library: telling a returning user about the generic criteria', () => {
  const merged = {
    ...parsed('byo-team.md'),
    base: { id: 'generic', title: '📄 Generic', lent: 3 },
  };

  it('tells someone with progress once what was added, from where, and where to switch it off', async () => {
    const page = await openPage();
    await page.library.tellAboutBase(merged, true);
    expect(page.library.messages).toEqual([
      "This framework now also shows 3 criteria from 📄 Generic, for the topics it shares with it, as Monzo's site shows them. Every tick you made is kept, but your suggested level may have changed. To leave them out, clear “Include the shared criteria of the generic framework” below.",
    ]);
    const reloaded = await openPage(page.database);
    await reloaded.library.tellAboutBase(merged, true);
    expect(reloaded.library.messages).toEqual([]);
    expect(reloaded.library.mergesBase(merged.id)).toBe(true);
  });

  it('tells someone with no progress on it nothing, and stores nothing for them', async () => {
    const page = await openPage();
    await page.library.tellAboutBase(merged, false);
    expect(page.library.messages).toEqual([]);
    expect((await page.saved.loadCollection(FRAMEWORK_OPTIONS)).size).toBe(0);
  });
});

describe('Library: limits', () => {
  it('refuses a file over 2 MB by its size, without reading it', async () => {
    const page = await openPage();
    const huge = new File([new Uint8Array(LIMITS.frameworkBytes + 1)], 'huge.md');
    const read = vi.spyOn(huge, 'text');
    await page.library.addFiles([huge]);
    const report = lastReport(page.library);
    expect(report).toMatchObject({ origin: 'huge.md', status: 'refused' });
    expect(problemsOf(report)).toEqual([
      'huge.md is larger than 2 MB; a framework file is far smaller.',
    ]);
    expect(read).not.toHaveBeenCalled();
    expect(await storedIds(page)).toEqual([]);
  });

  it('refuses pasted text with more than 20,000 criteria', async () => {
    const page = await openPage();
    const criteria = Array.from({ length: 20_001 }, (_, index) => `          - "Does ${index}"`);
    const huge = oneLevelFramework('Huge', 'craft', criteria);
    await page.library.addText(huge);
    expect(problemsOf(lastReport(page.library))).toEqual([
      'The framework has more than 20,000 criteria.',
    ]);
    expect(await storedIds(page)).toEqual([]);
  });
});

describe('Library: loading from a web address', () => {
  const address = 'https://example.org/team/framework.md';

  it('adds the file a server sends, fetched without cookies, with the address as its origin', async () => {
    const fetcher = vi.fn(async () => new Response(text('byo-team.md'), { status: 200 }));
    const page = await openPage(undefined, { fetch: fetcher as typeof fetch });
    await page.library.addUrl(address);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(fetcher).toHaveBeenCalledWith(new URL(address), {
      credentials: 'omit',
      redirect: 'follow',
      signal: expect.any(AbortSignal),
    });
    expect(lastReport(page.library)).toMatchObject({
      origin: address,
      status: 'added',
      frameworkId: 'team/platform',
    });
    expect((await page.saved.loadCollection(USER_FRAMEWORKS)).get('team/platform')).toMatchObject({
      source: text('byo-team.md'),
      origin: address,
    });
  });

  it('says what the file’s host must allow when the request fails (network or CORS)', async () => {
    const fetcher = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const page = await openPage(undefined, { fetch: fetcher as typeof fetch });
    await page.library.addUrl(address);
    const report = lastReport(page.library);
    expect(report).toMatchObject({ origin: address, status: 'refused' });
    const [message] = problemsOf(report);
    expect(message).toContain(`Could not fetch ${address}`);
    expect(message).toContain('Access-Control-Allow-Origin: *');
    expect(await storedIds(page)).toEqual([]);
  });

  it('says what the server answered when it has no file', async () => {
    const fetcher = vi.fn(
      async () => new Response('Not here', { status: 404, statusText: 'Not Found' }),
    );
    const page = await openPage(undefined, { fetch: fetcher as typeof fetch });
    await page.library.addUrl(address);
    expect(problemsOf(lastReport(page.library))).toEqual([
      `The server of ${address} answered 404 Not Found, so there is no file to load.`,
    ]);
    expect(await storedIds(page)).toEqual([]);
  });

  it.each(['file:///home/me/framework.md', 'javascript:alert(1)', 'ftp://example.org/f.md'])(
    'refuses %s without fetching it',
    async (refused) => {
      const fetcher = vi.fn(async () => new Response(text('byo-team.md')));
      const page = await openPage(undefined, { fetch: fetcher as typeof fetch });
      await page.library.addUrl(refused);
      expect(fetcher).not.toHaveBeenCalled();
      expect(problemsOf(lastReport(page.library))).toEqual([
        `Only http and https addresses can be loaded, not "${new URL(refused).protocol}".`,
      ]);
      expect(await storedIds(page)).toEqual([]);
    },
  );

  it('refuses text that is not a web address without fetching', async () => {
    const fetcher = vi.fn(async () => new Response(text('byo-team.md')));
    const page = await openPage(undefined, { fetch: fetcher as typeof fetch });
    await page.library.addUrl('team/framework.md');
    expect(fetcher).not.toHaveBeenCalled();
    expect(problemsOf(lastReport(page.library))).toEqual([
      '"team/framework.md" is not a web address.',
    ]);
  });

  it('refuses a body over 2 MB, whether or not the server declares its length', async () => {
    const oversized = 'x'.repeat(LIMITS.frameworkBytes + 1);
    const undeclared = vi.fn(async () => new Response(oversized));
    const declared = vi.fn(
      async () =>
        new Response(text('byo-team.md'), {
          headers: { 'content-length': String(LIMITS.frameworkBytes + 1) },
        }),
    );
    for (const fetcher of [undeclared, declared]) {
      const page = await openPage(undefined, { fetch: fetcher as typeof fetch });
      await page.library.addUrl(address);
      expect(problemsOf(lastReport(page.library))).toEqual([
        `The file at ${address} is larger than 2 MB; a framework file is far smaller.`,
      ]);
      expect(await storedIds(page)).toEqual([]);
    }
  });
});

describe('Library: a linked file that is slow, stalls or is cancelled', () => {
  const address = 'https://example.org/team/framework.md';
  /** A fetch whose answer never comes (it does not even listen to the abort signal). */
  const silent = (() => new Promise<Response>(() => {})) as typeof fetch;
  /** A fetch that sends the first part of the file, then nothing more. */
  const stalling = (async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text('byo-team.md').slice(0, 2048)));
        },
      }),
    )) as typeof fetch;

  it('stops with a message when the server never answers, and the add controls work again', async () => {
    const page = await openPage(undefined, { fetch: silent, fetchTimeouts: { silenceMs: 30 } });
    await page.library.addUrl(address);
    expect(problemsOf(lastReport(page.library))).toEqual([
      `The server of ${address} did not answer within 0 seconds, so loading stopped and nothing changed. Try again later, or download the file and add it from your computer.`,
    ]);
    expect(page.library.busy).toBe(false);
    expect(page.library.reading).toBeNull();
    expect(await storedIds(page)).toEqual([]);
  });

  it('stops with a message when the server stalls in the middle of the file', async () => {
    const page = await openPage(undefined, { fetch: stalling, fetchTimeouts: { silenceMs: 30 } });
    await page.library.addUrl(address);
    const [message] = problemsOf(lastReport(page.library));
    expect(message).toMatch(`The server of ${address} stopped sending the file after 1 kB`);
    expect(page.library.busy).toBe(false);
  });

  it('stops when the whole reading takes too long, however steadily bytes arrive', async () => {
    const trickle = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            controller.enqueue(new Uint8Array([0x20]));
          },
        }),
      )) as typeof fetch;
    const page = await openPage(undefined, {
      fetch: trickle,
      fetchTimeouts: { silenceMs: 1_000, totalMs: 60 },
    });
    await page.library.addUrl(address);
    expect(problemsOf(lastReport(page.library))[0]).toContain('took longer than');
  });

  it('offers Cancel while reading, and a cancelled reading changes nothing', async () => {
    const page = await openPage(undefined, { fetch: silent });
    const reading = page.library.addUrl(address);
    await vi.waitFor(() => expect(page.library.reading).toBe(address));
    page.library.cancelReading();
    await reading;
    expect(problemsOf(lastReport(page.library))).toEqual([
      `Loading ${address} was cancelled; nothing changed.`,
    ]);
    expect(page.library.busy).toBe(false);
    expect(await storedIds(page)).toEqual([]);
  });

  it('says that an address with a user name and password cannot be loaded, not that CORS failed', async () => {
    const fetcher = vi.fn(silent);
    const page = await openPage(undefined, { fetch: fetcher });
    await page.library.addUrl('https://me:secret@example.org/framework.md');
    expect(fetcher).not.toHaveBeenCalled();
    const [message] = problemsOf(lastReport(page.library));
    expect(message).toContain('has a user name or password in it');
    expect(message).not.toContain('Access-Control-Allow-Origin');
    expect(message).not.toContain('secret');
  });
});

describe('Library: text that is not UTF-8', () => {
  const latin1 = (source: string) => Uint8Array.from(source, (char) => char.charCodeAt(0));
  const utf16 = (source: string) => {
    const bytes = new Uint8Array(2 + source.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let index = 0; index < source.length; index++) {
      bytes[2 + index * 2] = source.charCodeAt(index) & 0xff;
      bytes[3 + index * 2] = source.charCodeAt(index) >> 8;
    }
    return bytes;
  };
  const cafe = text('byo-team.md').replace(/title: .*/, "title: 'Café platform'");

  it('reads a Latin-1 file as Windows-1252, with a warning that says so', async () => {
    const page = await openPage();
    await page.library.addFiles([new File([latin1(cafe)], 'latin1.md')]);
    const report = lastReport(page.library);
    expect(report.status).toBe('waiting');
    expect(problemsOf(report)[0]).toContain('not UTF-8, so it was read as Windows-1252');
    await page.library.confirm(report);
    expect(page.library.userFramework('team/platform')?.title).toBe('Café platform');
  });

  it('reads a UTF-16 file with a byte order mark as it reads UTF-8, without a warning', async () => {
    const page = await openPage();
    await page.library.addFiles([new File([utf16(cafe)], 'utf16.md')]);
    expect(lastReport(page.library).status).toBe('added');
    expect(page.library.userFramework('team/platform')?.title).toBe('Café platform');
  });

  it('decodes a linked file by its bytes, whatever charset the server claims', async () => {
    const fetcher = (async () =>
      new Response(latin1(cafe), {
        headers: { 'content-type': 'text/plain; charset=iso-8859-1' },
      })) as typeof fetch;
    const page = await openPage(undefined, { fetch: fetcher });
    await page.library.addUrl('https://example.org/latin1.md');
    const report = lastReport(page.library);
    expect(problemsOf(report)[0]).toContain('read as Windows-1252');
    expect(report.outcome.kind === 'new' && report.outcome.framework.title).toBe('Café platform');
  });
});

describe('a framework file that comes with an imported snapshot', () => {
  it('is added at once though it has warnings, which are still reported', async () => {
    const page = await openPage();
    await page.library.addText(text('byo-warnings.md'), 'snapshot.json', { acceptWarnings: true });
    const report = page.library.reports[0]!;
    expect(report.status).toBe('added');
    expect(report.outcome.kind === 'new' && report.outcome.warnings.length).toBe(2);
    expect(page.library.catalogue.some((summary) => summary.own)).toBe(true);
  });
});
