/**
 * The home page for someone who has used the app in this browser: the prerendered chooser, taken
 * over by its component, which adds the frameworks they added (single files and team sets) from
 * storage. A chunk of its own, so a newcomer's home page loads none of it.
 */
import { hydrate, mount } from 'svelte';
import { catalogue } from 'virtual:frameworks';
import Home from './lib/components/Home.svelte';
import type { FrameworkSummary } from './lib/core/catalogue.ts';
import { Library } from './lib/state/library.svelte.ts';
import { SavedProgress } from './lib/state/saved-progress.svelte.ts';

/** The person's own frameworks as the app lists them, read and checked as the app reads them. */
async function ownFrameworks(): Promise<FrameworkSummary[]> {
  const saved = new SavedProgress({
    open: () => import('./lib/storage/index.ts').then((module) => module.openProgressStore()),
    shippedIds: catalogue.map((summary) => summary.id),
  });
  const library = new Library({ shipped: catalogue, saved });
  await library.load();
  return library.catalogue.filter((summary) => summary.own === true);
}

/**
 * Shows the home page in `target`: takes over the prerendered page when there is one, else
 * renders it. `withOwn`: list the frameworks the person added, once storage has been read.
 */
export function startHome(target: HTMLElement, { withOwn }: { withOwn: boolean }): void {
  const props = withOwn ? { catalogue, loadOwn: ownFrameworks } : { catalogue };
  if (target.firstElementChild) hydrate(Home, { target, props });
  else mount(Home, { target, props });
}
