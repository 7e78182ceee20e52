import type { ParseResult } from '../core/framework.ts';
import type { ParseRequest } from '../workers/parse.worker.ts';
import { WorkerCalls } from './worker-calls.ts';

const parser = new WorkerCalls<ParseRequest, ParseResult>(
  () => new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module' }),
  () => ({
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
  }),
);

/**
 * Parses a framework file in a worker, so reading a large file never freezes the page; where
 * workers are not available (tests), on the main thread. Never rejects: a worker that fails
 * gives a problem like any other parse failure.
 */
export async function parseFrameworkText(text: string, origin: string): Promise<ParseResult> {
  const answer = parser.call({ text, origin });
  if (answer) return answer;
  const { parseFramework } = await import('../core/framework.ts');
  return parseFramework(text, origin);
}
