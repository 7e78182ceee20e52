// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import {
  EARLY_CHANGES_KEY,
  FIRST_VIEW_MESSAGE,
  HINTS_CACHE,
  MIRROR_KEY_PREFIX,
  type EarlyChange,
} from '../../../src/first-view/keys.ts';
import { parseFramework } from '../../../src/lib/core/framework.ts';
import { allCriteria, type Framework } from '../../../src/lib/core/model.ts';
import type { CriterionProgress } from '../../../src/lib/core/progress.ts';
import { Assessment, type ProgressSink } from '../../../src/lib/state/assessment.svelte.ts';
import {
  applyEarlyChanges,
  keepMirror,
  mirrorOf,
  replayEarlyPresses,
} from '../../../src/lib/state/first-view.svelte.ts';
import {
  clearMirrors,
  takeEarlyChanges,
  tellFirstView,
} from '../../../src/lib/storage/first-view.ts';

const parsed = parseFramework(
  readFileSync('tests/fixtures/frameworks/small.md', 'utf8'),
  'small.md',
);
if (!parsed.ok) throw new Error('small.md does not parse');
const framework: Framework = parsed.framework;
const [first, second, third] = allCriteria(framework);
if (!first || !second || !third) throw new Error('small.md has fewer than three criteria');

/** A sink that remembers what it was sent. */
function recordingSink(): ProgressSink & { puts: CriterionProgress[] } {
  const puts: CriterionProgress[] = [];
  return { puts, put: (record) => puts.push(record), remove() {}, putSettings() {} };
}

const change = (criterionId: string, demonstrated: boolean, at: string): EarlyChange => ({
  frameworkId: framework.id,
  criterionId,
  demonstrated,
  at,
});

describe('takeEarlyChanges', () => {
  it('takes the latest noted change per criterion of the framework, and leaves other frameworks noted', () => {
    localStorage.clear();
    const other = { ...change('x', true, '2026-01-01T00:00:00.000Z'), frameworkId: 'other' };
    localStorage.setItem(
      EARLY_CHANGES_KEY,
      JSON.stringify([
        change(first.id, true, '2026-01-01T00:00:00.000Z'),
        other,
        { criterionId: 'broken' },
        change(first.id, false, '2026-01-01T00:00:01.000Z'),
      ]),
    );
    const taken = takeEarlyChanges(framework.id, document);
    expect(taken).toEqual([change(first.id, false, '2026-01-01T00:00:01.000Z')]);
    expect(JSON.parse(localStorage.getItem(EARLY_CHANGES_KEY) ?? '')).toEqual([other]);
    // Taken means gone: a second look finds nothing to apply again.
    expect(takeEarlyChanges(framework.id, document)).toEqual([]);
  });

  it('takes the changes the page marked when storage could not note them, and clears the marks', () => {
    localStorage.clear();
    document.body.innerHTML = `<input type="checkbox" id="c-${second.id}" data-early="on">`;
    const now = () => new Date('2026-02-02T00:00:00.000Z');
    expect(takeEarlyChanges(framework.id, document, null, now)).toEqual([
      change(second.id, true, '2026-02-02T00:00:00.000Z'),
    ]);
    expect(document.querySelector('[data-early]')).toBeNull();
  });

  it('ignores a note that is not JSON', () => {
    localStorage.setItem(EARLY_CHANGES_KEY, '{oops');
    document.body.innerHTML = '';
    expect(takeEarlyChanges(framework.id, document)).toEqual([]);
  });
});

describe('applyEarlyChanges', () => {
  it('applies each change once, skipping changes older than the stored record and unknown criteria', () => {
    const sink = recordingSink();
    const assessment = new Assessment(framework, sink, () => new Date('2026-03-01T00:00:00.000Z'));
    assessment.load([
      {
        frameworkId: framework.id,
        criterionId: second.id,
        state: 'not-yet',
        updatedAt: '2026-02-01T00:00:00.000Z',
        topic: second.topic,
        level: second.level,
        text: second.text,
      },
    ]);
    applyEarlyChanges(assessment, [
      change(first.id, true, '2026-01-01T00:00:00.000Z'),
      change(second.id, true, '2026-01-15T00:00:00.000Z'),
      change('no-such-criterion', true, '2026-01-01T00:00:00.000Z'),
    ]);
    expect(assessment.state(first.id)).toBe('demonstrated');
    expect(assessment.state(second.id)).toBe('not-yet');
    expect(sink.puts.map((record) => record.criterionId)).toEqual([first.id]);
    // The same change again (already applied) writes nothing more.
    applyEarlyChanges(assessment, [change(first.id, true, '2026-01-01T00:00:00.000Z')]);
    expect(sink.puts).toHaveLength(1);
  });
});

describe('mirrorOf', () => {
  it('lists ticked and not-applicable criteria, the counts per level and the suggested level', () => {
    const assessment = new Assessment(framework, recordingSink());
    assessment.setDemonstrated(first, true);
    assessment.setNotApplicable(third, true);
    const mirror = mirrorOf(assessment);
    expect(mirror.ticked).toEqual([first.id]);
    expect(mirror.notApplicable).toEqual([third.id]);
    expect(mirror.counts).toHaveLength(framework.levels.length);
    expect(mirror.counts).toEqual(
      framework.levels.map((level) => {
        const tally = assessment.tallies.find((entry) => entry.level === level);
        return [tally?.demonstrated, tally?.applicable];
      }),
    );
    expect(mirror.label).toBe(assessment.suggestion?.label ?? null);
  });
});

/** An assessment whose mirror is kept: what was written, and the frames waiting to be run. */
function keptMirror() {
  const assessment = new Assessment(framework, recordingSink());
  const written: string[][] = [];
  const frames: (() => void)[] = [];
  const keeper = keepMirror(
    assessment,
    (_, mirror) => written.push(mirror.ticked),
    (task) => frames.push(task),
  );
  return { assessment, written, frames, keeper };
}

describe('keepMirror', () => {
  it('writes the mirror after the tick is painted, once for changes made meanwhile', () => {
    const { assessment, written, frames, keeper } = keptMirror();
    flushSync();
    expect(written).toEqual([]);
    frames.shift()!();
    expect(written).toEqual([[]]);

    assessment.setDemonstrated(first, true);
    flushSync();
    assessment.setDemonstrated(second, true);
    flushSync();
    // Nothing before the frame; one write of both ticks after it.
    expect(written).toEqual([[]]);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(written).toEqual([[], [first.id, second.id]]);
    keeper.stop();
  });

  it('writes at once what waits when the page goes away, and nothing twice', () => {
    const { assessment, written, frames, keeper } = keptMirror();
    flushSync();
    frames.shift()!();
    assessment.setDemonstrated(first, true);
    flushSync();
    keeper.flush();
    expect(written).toEqual([[], [first.id]]);
    frames.shift()!();
    expect(written).toHaveLength(2);
    assessment.setDemonstrated(second, true);
    flushSync();
    keeper.stop();
    expect(written).toEqual([[], [first.id], [first.id, second.id]]);
  });
});

describe('replayEarlyPresses', () => {
  /** A page with the marks the prerendered page's script leaves, and what the app then hears. */
  function pressedPage() {
    const page = document.createElement('div');
    page.innerHTML = `
      <button id="twice" data-early-press="2">Examples</button>
      <button id="many" data-early-press="40">Add evidence</button>
      <button id="off" data-early-press="1" disabled>Mark all</button>
      <input id="reset" type="checkbox" data-early-press="off" checked>
      <input id="kept" type="checkbox" data-early-press="on" checked>
      <button id="untouched">Share</button>`;
    document.body.append(page);
    const heard: string[] = [];
    page.addEventListener('click', (event) => heard.push(`click ${(event.target as Element).id}`));
    page.addEventListener('change', (event) => {
      const box = event.target as HTMLInputElement;
      heard.push(`change ${box.id} ${box.checked ? 'on' : 'off'}`);
    });
    return { page, heard };
  }

  it('presses each marked button as often as it was pressed, up to five times, and clears the marks', () => {
    const { page, heard } = pressedPage();
    replayEarlyPresses(page);
    expect(heard.filter((line) => line === 'click twice')).toHaveLength(2);
    expect(heard.filter((line) => line === 'click many')).toHaveLength(5);
    expect(heard.some((line) => line.endsWith('off') && line.startsWith('click'))).toBe(false);
    expect(heard.some((line) => line.includes('untouched'))).toBe(false);
    expect(page.querySelectorAll('[data-early-press]')).toHaveLength(0);
    replayEarlyPresses(page);
    expect(heard.filter((line) => line === 'click twice')).toHaveLength(2);
    page.remove();
  });

  it('leaves a switch as the person left it and tells the app, whether or not taking over reset it', () => {
    const { page, heard } = pressedPage();
    replayEarlyPresses(page);
    const reset = page.querySelector<HTMLInputElement>('#reset')!;
    const kept = page.querySelector<HTMLInputElement>('#kept')!;
    expect(reset.checked).toBe(false);
    expect(kept.checked).toBe(true);
    expect(heard).toContain('change reset off');
    expect(heard).toContain('change kept on');
    expect(heard).not.toContain('click kept');
    page.remove();
  });
});

/** A service worker container whose active worker records the messages it is sent. */
function recordingWorker(): { container: ServiceWorkerContainer; messages: unknown[] } {
  const messages: unknown[] = [];
  const registration = { active: { postMessage: (message: unknown) => messages.push(message) } };
  return {
    container: { ready: Promise.resolve(registration) } as unknown as ServiceWorkerContainer,
    messages,
  };
}

describe('tellFirstView', () => {
  it('tells the service worker each change of what a framework’s first paint shows, once', async () => {
    const { container, messages } = recordingWorker();
    const id = 'told/once';
    tellFirstView(id, { level: 3, merged: true }, container);
    tellFirstView(id, { level: 3, merged: true }, container);
    tellFirstView(id, { level: 3, merged: false }, container);
    tellFirstView(id, { level: null, merged: false }, container);
    tellFirstView('told/other', { level: 2, merged: true }, container);
    await Promise.resolve();
    await Promise.resolve();
    expect(messages).toEqual([
      { type: FIRST_VIEW_MESSAGE, frameworkId: id, level: 3, merged: true },
      { type: FIRST_VIEW_MESSAGE, frameworkId: id, level: 3, merged: false },
      { type: FIRST_VIEW_MESSAGE, frameworkId: id, level: null, merged: false },
      { type: FIRST_VIEW_MESSAGE, frameworkId: 'told/other', level: 2, merged: true },
    ]);
  });

  it('does nothing without a service worker', () => {
    expect(() =>
      tellFirstView('told/nowhere', { level: 3, merged: true }, undefined),
    ).not.toThrow();
  });
});

describe('clearMirrors', () => {
  it('forgets every mirror and the working levels the service worker keeps, which are told again', async () => {
    localStorage.setItem(`${MIRROR_KEY_PREFIX}a`, '{}');
    localStorage.setItem('unrelated', 'kept');
    const deleted: string[] = [];
    const caches = {
      delete: (name: string) => (deleted.push(name), Promise.resolve(true)),
    } as unknown as CacheStorage;
    const { container, messages } = recordingWorker();
    tellFirstView('cleared/one', { level: 4, merged: true }, container);
    clearMirrors(localStorage, caches);
    tellFirstView('cleared/one', { level: 4, merged: true }, container);
    await Promise.resolve();
    await Promise.resolve();
    expect(localStorage.getItem(`${MIRROR_KEY_PREFIX}a`)).toBeNull();
    expect(localStorage.getItem('unrelated')).toBe('kept');
    expect(deleted).toEqual([HINTS_CACHE]);
    expect(messages).toHaveLength(2);
  });
});
