import type { Route } from '../core/route.ts';

/** Writes the route to the address bar; a no-op on the server and in tests. */
export type Navigate = (route: Route, mode: 'push' | 'replace') => void;

/**
 * What the engineer is looking at: the framework's level in focus, the search text and the
 * "only what is not yet demonstrated" filter. Level and search live in the URL, so a link opens
 * the same view and the back button works.
 */
export class View {
  readonly frameworkId: string;
  readonly levels: readonly number[];
  #level = $state(0);
  #query = $state('');
  onlyNotYet = $state(false);
  #navigate: Navigate;

  constructor(
    frameworkId: string,
    levels: readonly number[],
    route: Route,
    navigate: Navigate = () => {},
  ) {
    this.frameworkId = frameworkId;
    this.levels = levels;
    this.#navigate = navigate;
    this.#level = this.#validLevel(route.level);
    this.#query = route.query;
  }

  get level(): number {
    return this.#level;
  }

  get query(): string {
    return this.#query;
  }

  /** True while a search is active: matches from every level are shown. */
  get searching(): boolean {
    return this.#query.trim() !== '';
  }

  selectLevel(level: number): void {
    const valid = this.#validLevel(level);
    if (valid === this.#level) return;
    this.#level = valid;
    this.#navigate(this.route, 'push');
  }

  search(query: string): void {
    const wasSearching = this.searching;
    this.#query = query;
    // Typing replaces the entry, starting a search adds one, so Back leaves the search.
    this.#navigate(this.route, wasSearching || !this.searching ? 'replace' : 'push');
  }

  /** Follows the address bar (back and forward buttons) without writing it again. */
  follow(route: Route): void {
    this.#level = this.#validLevel(route.level);
    this.#query = route.query;
  }

  get route(): Route {
    return {
      frameworkId: this.frameworkId,
      level: this.#level === this.levels[0] ? null : this.#level,
      query: this.#query,
    };
  }

  #validLevel(level: number | null): number {
    if (level !== null && this.levels.includes(level)) return level;
    return this.levels[0] ?? 0;
  }
}
