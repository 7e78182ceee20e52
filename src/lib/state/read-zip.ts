import type { RepositoryRead } from '../core/framework-repository.ts';
import type { ZipRequest } from '../workers/zip.worker.ts';
import { WorkerCalls } from './worker-calls.ts';

const reader = new WorkerCalls<ZipRequest, RepositoryRead>(
  () => new Worker(new URL('../workers/zip.worker.ts', import.meta.url), { type: 'module' }),
  (request) => ({ ok: false, message: `${request.fileName} was not read: the reader stopped.` }),
);

/**
 * Reads a zip of a framework repository in a worker (the bytes move there), so the page stays
 * responsive; where workers are not available (tests), on the main thread. Never rejects.
 */
export async function readZipFile(fileName: string, bytes: Uint8Array): Promise<RepositoryRead> {
  const answer = reader.call({ fileName, bytes }, [bytes.buffer]);
  if (answer) return answer;
  const { readZip } = await import('../core/framework-repository.ts');
  return readZip(fileName, bytes);
}
