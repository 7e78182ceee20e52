import type { Page, Route, Tab } from '../core/route.ts';

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
  #tab = $state<Tab>('assess');
  #page = $state.raw<Page | null>(null);
  #shared = $state<string | null>(null);
  /** A criterion to scroll to and focus once it is shown. */
  focusCriterion = $state<string | null>(null);
  /** A criterion whose evidence field is to be opened and focused once it is shown. */
  focusEvidence = $state<string | null>(null);
  /** Whether the level's heading is to be brought into view and focused once it is shown. */
  #focusLevel = $state(false);
  #navigate: Navigate;
  /** Whether the address named a level, or the person has moved since the page opened. */
  #placed = false;

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
    this.#placed = route.level !== null;
    this.#query = route.query;
    this.#tab = route.tab;
    this.#page = route.page ?? null;
    this.#shared = route.shared ?? null;
  }

  /**
   * Lands a returning person on `level`, the level they are working on, unless the address
   * named a level or they have already moved: the address is replaced, so Back leaves the page.
   */
  landOn(level: number): void {
    if (this.#placed || !this.levels.includes(level) || level === this.#level) return;
    this.#placed = true;
    this.#level = level;
    this.#navigate(this.route, 'replace');
  }

  /**
   * Shows `level` from the start, as the prerendered page the app takes over does (the level a
   * returning person works on): not a move of the person's, so `landOn` may still move on.
   */
  startAt(level: number): void {
    this.#level = this.#validLevel(level);
  }

  /** The page shown over the framework page (the report, say); null for the framework page. */
  get page(): Page | null {
    return this.#page;
  }

  /** The payload of the share link this page was opened with, while it is shown. */
  get shared(): string | null {
    return this.#shared;
  }

  /** Opens a page over the framework page, as a new entry, so Back returns to where one was. */
  openPage(page: Page): void {
    this.#page = page;
    this.#shared = null;
    this.#navigate(this.route, 'push');
  }

  /** Back to the framework page, leaving any page and share link. */
  closePage(): void {
    if (this.#page === null && this.#shared === null) return;
    this.#page = null;
    this.#shared = null;
    this.#navigate(this.route, 'push');
  }

  get tab(): Tab {
    return this.#tab;
  }

  showTab(tab: Tab): void {
    if (tab === this.#tab) return;
    this.#tab = tab;
    this.#navigate(this.route, 'push');
  }

  /** Opens a criterion's place in the framework: its level, in the assess tab, focused. */
  goToCriterion(criterionId: string, level: number): void {
    this.#placed = true;
    this.#showAssessAt(level);
    this.focusCriterion = criterionId;
    this.#navigate(this.route, 'push');
  }

  /**
   * Leaves any page for a criterion's evidence field, in the assess tab at its level: from a
   * manager's "needs evidence" straight to where the evidence goes.
   */
  goToEvidence(criterionId: string, level: number): void {
    this.#page = null;
    this.#shared = null;
    this.#showAssessAt(level);
    this.focusEvidence = criterionId;
    this.#navigate(this.route, 'push');
  }

  /** The assess tab at `level`, with nothing searched or filtered out. */
  #showAssessAt(level: number): void {
    this.#tab = 'assess';
    this.#query = '';
    this.onlyNotYet = false;
    this.#level = this.#validLevel(level);
  }

  get level(): number {
    return this.#level;
  }

  /** The level after the one in view, or null at the last level. */
  get nextLevel(): number | null {
    return this.levels[this.levels.indexOf(this.#level) + 1] ?? null;
  }

  /**
   * Moves on to the next level from the end of this one, and asks for its heading to be focused,
   * so a keyboard user carries on at its first criterion instead of tabbing back to the tabs.
   */
  showNextLevel(): void {
    const next = this.nextLevel;
    if (next === null) return;
    this.selectLevel(next);
    this.#focusLevel = true;
  }

  /** Whether the level heading waits to be focused (see `showNextLevel`). */
  get focusLevelPending(): boolean {
    return this.#focusLevel;
  }

  /** Says the requested focus (criterion or level heading) has been given. */
  focused(): void {
    this.focusCriterion = null;
    this.#focusLevel = false;
  }

  get query(): string {
    return this.#query;
  }

  /** True while a search is active: matches from every level are shown. */
  get searching(): boolean {
    return this.#query.trim() !== '';
  }

  /** Shows a level's criteria (switching to the assess tab). */
  selectLevel(level: number): void {
    this.#placed = true;
    const valid = this.#validLevel(level);
    if (valid === this.#level && this.#tab === 'assess') return;
    this.#level = valid;
    this.#tab = 'assess';
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
    this.#placed ||= route.level !== null;
    this.#level = this.#validLevel(route.level);
    this.#query = route.query;
    this.#tab = route.tab;
    this.#page = route.page ?? null;
    this.#shared = route.shared ?? null;
  }

  get route(): Route {
    const route: Route = {
      frameworkId: this.frameworkId,
      level: this.#level === this.levels[0] ? null : this.#level,
      query: this.#query,
      tab: this.#tab,
    };
    if (this.#page) route.page = this.#page;
    if (this.#shared !== null) route.shared = this.#shared;
    return route;
  }

  #validLevel(level: number | null): number {
    if (level !== null && this.levels.includes(level)) return level;
    return this.levels[0] ?? 0;
  }
}
