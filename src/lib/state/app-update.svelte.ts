/**
 * The service worker, as the page sees it: registered once the page has loaded and the browser
 * is idle (so it never competes with the first view), and a new version announced when one is
 * installed and waiting. The person chooses when to switch (a reload), so a change they are
 * making is never cut short.
 */
export class AppUpdate {
  /** A new version is installed and waiting for the person to use it. */
  ready = $state(false);
  #registration: ServiceWorkerRegistration | null = null;
  readonly #container: ServiceWorkerContainer | undefined;
  readonly #reload: () => void;

  constructor(
    container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker,
    reload: () => void = () => location.reload(),
  ) {
    this.#container = container;
    this.#reload = reload;
  }

  /**
   * Registers the service worker at `url` (its folder is its scope). Does nothing where the
   * browser has no service workers; a failed registration only means no offline use, so it is
   * reported on the console and never thrown.
   */
  async register(url: URL): Promise<void> {
    if (!this.#container) return;
    try {
      // The scope is resolved against the page, not the script: name the script's folder.
      const registration = await this.#container.register(url, { scope: new URL('./', url).href });
      this.#registration = registration;
      this.#check();
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        installing?.addEventListener('statechange', () => this.#check());
      });
    } catch (error) {
      console.warn(
        'Progression will not work offline: the service worker did not register.',
        error,
      );
    }
  }

  /** Switches to the waiting version: the page reloads once it has taken over. */
  apply(): void {
    const waiting = this.#registration?.waiting;
    if (!waiting || !this.#container) return;
    this.#container.addEventListener('controllerchange', () => this.#reload(), { once: true });
    waiting.postMessage({ type: 'progression:update' });
  }

  #check(): void {
    // The first install has no version to replace: nothing to announce.
    this.ready = Boolean(this.#registration?.waiting && this.#container?.controller);
  }
}
