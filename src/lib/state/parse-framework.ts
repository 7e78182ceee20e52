import type { ParseResult } from '../core/framework.ts';
import type { ParseRequest } from '../workers/parse.worker.ts';

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, (result: ParseResult) => void>();

function startWorker(): Worker | null {
  if (typeof Worker !== 'function') return null;
  try {
    const started = new Worker(new URL('../workers/parse.worker.ts', import.meta.url), {
      type: 'module',
    });
    started.addEventListener(
      'message',
      (event: MessageEvent<{ id: number; result: ParseResult }>) => {
        waiting.get(event.data.id)?.(event.data.result);
        waiting.delete(event.data.id);
      },
    );
    return started;
  } catch {
    return null;
  }
}

/**
 * Parses a framework file in a worker, so reading a large file never freezes the page; where
 * workers are not available (tests), on the main thread. Never rejects: a worker that fails
 * gives a problem like any other parse failure.
 */
export async function parseFrameworkText(text: string, origin: string): Promise<ParseResult> {
  worker ??= startWorker();
  if (!worker) {
    const { parseFramework } = await import('../core/framework.ts');
    return parseFramework(text, origin);
  }
  const id = nextId++;
  const current = worker;
  return new Promise((resolve) => {
    const failed = () => {
      waiting.delete(id);
      resolve({
        ok: false,
        problems: [
          {
            severity: 'error',
            message: 'The file could not be read (the reader stopped).',
            line: null,
            column: null,
            field: null,
          },
        ],
      });
    };
    waiting.set(id, resolve);
    current.addEventListener('error', failed, { once: true });
    current.postMessage({ id, text, origin } satisfies ParseRequest);
  });
}
