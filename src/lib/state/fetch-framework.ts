import { LIMITS } from '../core/limits.ts';
import { decodeText } from '../core/text-decoding.ts';

export type FetchedFramework =
  | {
      ok: true;
      text: string;
      /** Set when the bytes were not UTF-8 or UTF-16 (see `decodeText`). */
      warning: string | null;
    }
  | { ok: false; message: string };

export interface FetchFrameworkOptions {
  /** Aborting it (the person chose Cancel) stops the reading at once. */
  signal?: AbortSignal;
  /**
   * How long the server may keep silent, before its answer or between two parts of the file,
   * before the reading stops. A server that never answers, or stops halfway, ends here.
   */
  silenceMs?: number;
  /** How long the whole reading may take, however steadily the bytes trickle in. */
  totalMs?: number;
}

export const FETCH_SILENCE_MS = 15_000;
export const FETCH_TOTAL_MS = 60_000;

/** Why a reading stopped before the file was complete. */
type Stop = 'silence' | 'total' | 'cancelled';

/**
 * Reads a framework file from a web address, within the size limit and the time limits above,
 * decoded as every other framework file is (`decodeText`). Never rejects: every failure, a
 * timeout or a cancel comes back as a message saying what happened and what to do.
 */
export async function fetchFrameworkText(
  address: string,
  fetcher: typeof fetch,
  options: FetchFrameworkOptions = {},
): Promise<FetchedFramework> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { ok: false, message: `"${address}" is not a web address.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      message: `Only http and https addresses can be loaded, not "${url.protocol}".`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    // Browsers refuse such a request before it leaves, which would otherwise read as a CORS failure.
    return {
      ok: false,
      message: `The address has a user name or password in it ("…@${url.host}"). The app never sends credentials: use an address of the file that anyone can read.`,
    };
  }
  const silenceMs = options.silenceMs ?? FETCH_SILENCE_MS;
  const totalMs = options.totalMs ?? FETCH_TOTAL_MS;
  const controller = new AbortController();
  let stop: Stop | null = null;
  const halt = (why: Stop) => {
    stop ??= why;
    controller.abort();
  };
  let silence = setTimeout(() => halt('silence'), silenceMs);
  const heard = () => {
    clearTimeout(silence);
    silence = setTimeout(() => halt('silence'), silenceMs);
  };
  const total = setTimeout(() => halt('total'), totalMs);
  const cancel = () => halt('cancelled');
  if (options.signal?.aborted) halt('cancelled');
  options.signal?.addEventListener('abort', cancel);
  // Whatever the fetcher does with the signal, a stop ends the wait at once.
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(new Error('stopped')));
  });
  stopped.catch(() => undefined);
  const stoppedMessage = (received: number) =>
    stop === null ? null : stopMessage(stop, url, received, silenceMs, totalMs);
  try {
    let response: Response;
    try {
      response = await Promise.race([
        fetcher(url, { credentials: 'omit', redirect: 'follow', signal: controller.signal }),
        stopped,
      ]);
    } catch {
      return {
        ok: false,
        message:
          stoppedMessage(0) ??
          `Could not fetch ${url.href}. Either the address cannot be reached, or its server does not let other sites read the file: it must send the header "Access-Control-Allow-Origin: *" (or this site's origin). Raw file links of public repositories usually do.`,
      };
    }
    heard();
    if (!response.ok) {
      return {
        ok: false,
        message: `The server of ${url.href} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}, so there is no file to load.`,
      };
    }
    const tooLarge = `The file at ${url.href} is larger than ${LIMITS.frameworkBytes / 1024 / 1024} MB; a framework file is far smaller.`;
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > LIMITS.frameworkBytes) {
      void response.body?.cancel().catch(() => undefined);
      return { ok: false, message: tooLarge };
    }
    let received = 0;
    const bytes = await readLimited(response, LIMITS.frameworkBytes, stopped, (size) => {
      received = size;
      heard();
    }).catch(() => undefined);
    if (bytes === undefined) {
      return {
        ok: false,
        message:
          stoppedMessage(received) ??
          `The connection to ${url.href} broke after ${kilobytes(received)}; try again.`,
      };
    }
    if (bytes === null) return { ok: false, message: tooLarge };
    const { text, warning } = decodeText(bytes);
    return { ok: true, text, warning };
  } finally {
    clearTimeout(silence);
    clearTimeout(total);
    options.signal?.removeEventListener('abort', cancel);
  }
}

function stopMessage(
  stop: Stop,
  url: URL,
  received: number,
  silenceMs: number,
  totalMs: number,
): string {
  switch (stop) {
    case 'cancelled':
      return `Loading ${url.href} was cancelled; nothing changed.`;
    case 'silence':
      return received === 0
        ? `The server of ${url.href} did not answer within ${seconds(silenceMs)}, so loading stopped and nothing changed. Try again later, or download the file and add it from your computer.`
        : `The server of ${url.href} stopped sending the file after ${kilobytes(received)} and was silent for ${seconds(silenceMs)}, so loading stopped and nothing changed. Try again later, or download the file and add it from your computer.`;
    case 'total':
      return `Loading ${url.href} took longer than ${seconds(totalMs)}, so it stopped and nothing changed. Download the file and add it from your computer instead.`;
    default:
      return stop satisfies never;
  }
}

function seconds(ms: number): string {
  const value = Math.round(ms / 1000);
  return `${value} second${value === 1 ? '' : 's'}`;
}

function kilobytes(bytes: number): string {
  return `${Math.round(bytes / 1024).toLocaleString('en')} kB`;
}

/**
 * The body's bytes, or null as soon as it passes `limit` bytes (so a huge file is not kept).
 * Rejects when the connection breaks or `stopped` rejects; `progress` hears the size so far.
 */
async function readLimited(
  response: Response,
  limit: number,
  stopped: Promise<never>,
  progress: (size: number) => void,
): Promise<Uint8Array | null> {
  if (!response.body) {
    const bytes = new Uint8Array(await Promise.race([response.arrayBuffer(), stopped]));
    return bytes.byteLength > limit ? null : bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), stopped]);
      if (done) break;
      size += value.byteLength;
      progress(size);
      if (size > limit) {
        void reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
