/// <reference lib="webworker" />
/** Parses framework files off the main thread, so the page stays responsive with large files. */
import { parseFramework } from '../core/framework.ts';

export interface ParseRequest {
  text: string;
  origin: string;
}

self.addEventListener('message', (event: MessageEvent<ParseRequest & { id: number }>) => {
  const { id, text, origin } = event.data;
  self.postMessage({ id, result: parseFramework(text, origin) });
});
