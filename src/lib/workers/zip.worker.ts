/// <reference lib="webworker" />
/**
 * Reads a zip of a framework repository off the main thread: inflating tens of megabytes would
 * otherwise freeze the page (its "reading" state included) until it is done.
 */
import { readZip } from '../core/framework-repository.ts';

export interface ZipRequest {
  fileName: string;
  bytes: Uint8Array;
}

self.addEventListener('message', (event: MessageEvent<ZipRequest & { id: number }>) => {
  const { id, fileName, bytes } = event.data;
  void readZip(fileName, bytes).then((result) => self.postMessage({ id, result }));
});
