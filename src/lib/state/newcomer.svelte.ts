import { untrack } from 'svelte';
import type { Assessment } from './assessment.svelte.ts';

/**
 * Whether the view greets a newcomer (how to begin, Quick start open): true when nothing was
 * demonstrated as the view was created, until progress is brought from storage. Ticking here does
 * not change it: taking the greeting away at a first tick (or bringing it back when that tick is
 * undone) would move every criterion under the pointer. Call it while a component is created.
 */
export function newcomerVisit(assessment: () => Assessment): { readonly current: boolean } {
  let newcomer = $state(untrack(() => !assessment().started));
  $effect(() => {
    // Progress loaded after this view was shown (a user's framework reads storage then).
    if (assessment().loadedStarted) newcomer = false;
  });
  return {
    get current() {
      return newcomer;
    },
  };
}
