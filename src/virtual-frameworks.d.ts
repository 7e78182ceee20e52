declare module 'virtual:frameworks' {
  import type { FrameworkSummary } from './lib/core/catalogue.ts';
  import type { Framework } from './lib/core/model.ts';

  /** Every shipped framework, validated at build time. */
  export const catalogue: FrameworkSummary[];
  /** The framework the app opens on. */
  export const defaultFrameworkId: string;
  /**
   * The shipped framework with this id as it is shown, its set's generic framework merged in
   * (in the browser build, a JSON file fetched when asked), or undefined.
   */
  export function loadFramework(id: string): Promise<Framework | undefined>;
  /** The shipped framework as its file says, without the generic framework merged in. */
  export function loadUnmergedFramework(id: string): Promise<Framework | undefined>;
  /** The shipped framework file's text (its own chunk, loaded only when asked), or undefined. */
  export function loadFrameworkSource(id: string): Promise<string | undefined>;
}
