import { LIMITS } from '../core/limits.ts';

/**
 * Reads a framework file from a web address, within the size limit. Never rejects: every failure
 * comes back as a message saying what happened and what to do.
 */
export async function fetchFrameworkText(
  address: string,
  fetcher: typeof fetch,
): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
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
  let response: Response;
  try {
    response = await fetcher(url, { credentials: 'omit', redirect: 'follow' });
  } catch {
    return {
      ok: false,
      message: `Could not fetch ${url.href}. Either the address cannot be reached, or its server does not let other sites read the file: it must send the header "Access-Control-Allow-Origin: *" (or this site's origin). Raw file links of public repositories usually do.`,
    };
  }
  if (!response.ok) {
    return {
      ok: false,
      message: `The server of ${url.href} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}, so there is no file to load.`,
    };
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > LIMITS.frameworkBytes) {
    return {
      ok: false,
      message: `The file at ${url.href} is larger than ${LIMITS.frameworkBytes / 1024 / 1024} MB; a framework file is far smaller.`,
    };
  }
  const text = await readLimited(response, LIMITS.frameworkBytes);
  if (text === null) {
    return {
      ok: false,
      message: `The file at ${url.href} is larger than ${LIMITS.frameworkBytes / 1024 / 1024} MB; a framework file is far smaller.`,
    };
  }
  return { ok: true, text };
}

/** The body as text, or null as soon as it passes `limit` bytes (so a huge file is not kept). */
async function readLimited(response: Response, limit: number): Promise<string | null> {
  if (!response.body) {
    const text = await response.text();
    return text.length > limit ? null : text;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
