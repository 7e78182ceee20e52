/** Server-side rendering of the shipped frameworks' first view, used by scripts/prerender.ts. */
import { render } from 'svelte/server';
import {
  catalogue,
  defaultFrameworkId,
  loadFramework,
  loadUnmergedFramework,
} from 'virtual:frameworks';
import App from './App.svelte';
import Home from './lib/components/Home.svelte';
import type { Framework } from './lib/core/model.ts';
import { Assessment } from './lib/state/assessment.svelte.ts';
import { Library } from './lib/state/library.svelte.ts';
import { SavedProgress } from './lib/state/saved-progress.svelte.ts';
import { View } from './lib/state/view.svelte.ts';

export { catalogue, defaultFrameworkId, loadFramework, loadUnmergedFramework };

/**
 * The page body and head for a framework as a first-time visitor sees it (nothing ticked), at
 * `level` (the first when null). `unmerged`: the framework as its file says, its base framework's
 * criteria left out, as for someone who switched them off (the switch shown off).
 */
export function renderFramework(
  framework: Framework,
  level: number | null = null,
  options: { unmerged?: boolean } = {},
): { head: string; body: string } {
  // Never connected: the server renders what a first-time visitor sees.
  const saved = new SavedProgress({ open: () => new Promise(() => {}) });
  const assessment = new Assessment(framework, saved);
  const view = new View(framework.id, framework.levels, {
    frameworkId: framework.id,
    level,
    query: '',
    tab: 'assess',
  });
  const library = new Library({ shipped: catalogue, saved });
  const hasBase = options.unmerged === true || framework.base !== undefined;
  const baseMerged = options.unmerged !== true;
  return render(App, { props: { library, assessment, view, saved, hasBase, baseMerged } });
}

/** The home page's body: the shipped frameworks to choose from. */
export function renderHome(): { head: string; body: string } {
  return render(Home, { props: { catalogue } });
}
