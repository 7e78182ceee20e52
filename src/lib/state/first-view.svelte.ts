import { EARLY_PRESS, type EarlyChange, type FirstViewMirror } from '../../first-view/keys.ts';
import { allCriteria } from '../core/model.ts';
import type { Assessment } from './assessment.svelte.ts';
import { afterNextPaint } from './after-paint.ts';

/**
 * The level a returning person works on, when not the first: the level their first paint opens
 * on (see `landOnWorkingLevel` in main.ts). Null for the first level, or with nothing stored.
 */
export function workingLevelOf(assessment: Assessment): number | null {
  const level = assessment.records.length > 0 ? assessment.suggestion?.level : undefined;
  return level === undefined || level === assessment.framework.levels[0] ? null : level;
}

/** The first-view mirror of an assessment: what the next first paint shows before the app runs. */
export function mirrorOf(assessment: Assessment): FirstViewMirror {
  const ticked: string[] = [];
  const notApplicable: string[] = [];
  for (const record of assessment.records) {
    if (record.state === 'demonstrated') ticked.push(record.criterionId);
    else if (record.state === 'not-applicable') notApplicable.push(record.criterionId);
  }
  return {
    v: 1,
    ticked,
    notApplicable,
    counts: assessment.framework.levels.map((level) => {
      const tally = assessment.tallies.find((entry) => entry.level === level);
      return [tally?.demonstrated ?? 0, tally?.applicable ?? 0];
    }),
    label: assessment.suggestion?.label ?? null,
  };
}

/**
 * Applies the ticks made on the prerendered page to the assessment, each once. A change older
 * than what is stored for its criterion (changed since in another tab) is left out; a change
 * for a criterion the framework does not have is ignored.
 */
export function applyEarlyChanges(assessment: Assessment, changes: readonly EarlyChange[]): void {
  const criteria = new Map(allCriteria(assessment.framework).map((entry) => [entry.id, entry]));
  for (const change of changes) {
    const criterion = criteria.get(change.criterionId);
    const stored = assessment.record(change.criterionId);
    if (!criterion || (stored && stored.updatedAt > change.at)) continue;
    if (stored?.state === 'not-applicable') continue;
    if ((assessment.state(change.criterionId) === 'demonstrated') === change.demonstrated) continue;
    assessment.setDemonstrated(criterion, change.demonstrated);
  }
}

/** More presses of one button than this before the app started are taken as a mistake. */
const MOST_PRESSES = 5;

/**
 * Presses the buttons and switches of the prerendered page that were pressed before the app took
 * over (marked by the page's script, see `EARLY_PRESS`), now that they do something, each as
 * often as it was pressed; a switch is set to the state the person left it in. An element the app
 * did not keep (it rendered another view) or has disabled is left alone.
 */
export function replayEarlyPresses(page: ParentNode): void {
  for (const pressed of page.querySelectorAll<HTMLElement>('[data-early-press]')) {
    const mark = pressed.dataset[EARLY_PRESS] ?? '';
    delete pressed.dataset[EARLY_PRESS];
    if (!pressed.isConnected) continue;
    if (pressed instanceof HTMLInputElement) {
      if (pressed.disabled) continue;
      const wanted = mark === 'on';
      // Taking over may have set the box back to the stored state; if not, the app must still hear
      // of the change the person made.
      if (pressed.checked !== wanted) pressed.click();
      else pressed.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (pressed instanceof HTMLButtonElement) {
      const times = Math.min(MOST_PRESSES, Number.parseInt(mark, 10) || 0);
      for (let press = 0; press < times && !pressed.disabled; press++) pressed.click();
    }
  }
}

/** The first-view mirror kept up to date (see `keepMirror`). */
export interface MirrorKeeper {
  /** Writes a change still waiting for its frame, at once: the page is going away. */
  flush(): void;
  /** Writes what waits, and stops following the assessment. */
  stop(): void;
}

/**
 * Keeps the first-view mirror of the assessment shown up to date with it, through `write`. A
 * tick is painted before its mirror is written (`later`: after the next paint); changes made
 * meanwhile are written once, and `flush` writes at once for a page that is going away.
 */
export function keepMirror(
  assessment: Assessment,
  write: (frameworkId: string, mirror: FirstViewMirror) => void,
  later: (task: () => void) => void = afterNextPaint,
): MirrorKeeper {
  let waiting: FirstViewMirror | null = null;
  const flush = () => {
    if (waiting === null) return;
    const mirror = waiting;
    waiting = null;
    write(assessment.framework.id, mirror);
  };
  const stop = $effect.root(() => {
    $effect(() => {
      const mirror = mirrorOf(assessment);
      if (waiting === null) later(flush);
      waiting = mirror;
    });
  });
  return {
    flush,
    stop() {
      flush();
      stop();
    },
  };
}
