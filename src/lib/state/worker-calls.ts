/**
 * Requests to one worker, each answered once by its id, so long work on a person's files (parsing
 * a framework, inflating a zip) never freezes the page. The worker starts at the first request.
 */
export class WorkerCalls<Request extends object, Result> {
  readonly #start: () => Worker;
  readonly #stopped: (request: Request) => Result;
  #worker: Worker | null | undefined;
  #nextId = 0;
  readonly #waiting = new Map<number, (result: Result) => void>();

  /**
   * `start` makes the worker (a `new Worker(new URL(…, import.meta.url))` the bundler can see);
   * `stopped` is the answer to a request the worker could not finish (it failed to load, or
   * crashed), so a call never rejects and never waits for ever; the request's buffers may have
   * moved to the worker by then.
   */
  constructor(start: () => Worker, stopped: (request: Request) => Result) {
    this.#start = start;
    this.#stopped = stopped;
  }

  /**
   * The worker's answer to `request`; null where there are no workers (tests, an old browser) or
   * none could start: the caller then does the work itself. `transfer` moves buffers to the
   * worker instead of copying them.
   */
  call(request: Request, transfer: Transferable[] = []): Promise<Result> | null {
    const worker = this.#running();
    if (!worker) return null;
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const stopped = () => {
        this.#waiting.delete(id);
        resolve(this.#stopped(request));
      };
      this.#waiting.set(id, (result) => {
        worker.removeEventListener('error', stopped);
        resolve(result);
      });
      worker.addEventListener('error', stopped, { once: true });
      worker.postMessage({ ...request, id }, transfer);
    });
  }

  #running(): Worker | null {
    if (this.#worker !== undefined) return this.#worker;
    this.#worker = null;
    if (typeof Worker !== 'function') return null;
    try {
      const worker = this.#start();
      worker.addEventListener('message', (event: MessageEvent<{ id: number; result: Result }>) => {
        this.#waiting.get(event.data.id)?.(event.data.result);
        this.#waiting.delete(event.data.id);
      });
      // A worker that failed (its script did not load, or it crashed) answers nothing more: the
      // next request starts another, rather than waiting for ever on this one.
      worker.addEventListener('error', () => {
        worker.terminate();
        if (this.#worker === worker) this.#worker = undefined;
      });
      this.#worker = worker;
    } catch {
      // No worker here (a policy, a browser without module workers): the caller does the work.
    }
    return this.#worker;
  }
}
