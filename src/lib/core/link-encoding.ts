/**
 * How a share link packs what it carries into a URL fragment: states and verdicts two bits a
 * criterion, four to a byte; text as deflated JSON; both in base64url; and a short check of the
 * whole. `share-link.ts` says what the payload holds; this module only says how it is written,
 * and reads it back refusing, with a message, anything that is not what it wrote.
 */
import * as v from 'valibot';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { allCriteria, type Framework } from './model.ts';
import { SHARE_LIMITS } from './schemas/share-link.ts';

export type LinkRead<T> = { ok: true; value: T } | { ok: false; message: string };

/** A refusal with `message`, typed to fit any `LinkRead`. */
export const refuseLink = (message: string) => ({ ok: false as const, message });

/** 64 bits of SHA-256 over the framework's criterion ids, one a line, in base64url. */
export function criteriaHash(framework: Framework): string {
  const ids = allCriteria(framework).map((criterion) => criterion.id);
  return bytesToBase64url(sha256(utf8ToBytes(ids.join('\n'))).slice(0, 8));
}

/** 36 bits of SHA-256 of `text`, as six base64url characters. */
export function checkOf(text: string): string {
  return bytesToBase64url(sha256(utf8ToBytes(text)).slice(0, 5)).slice(0, 6);
}

/** A value as the fragment carries it: percent-encoded, but `/` and `:` kept for reading. */
export function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':');
}

/** Values of 0 to 3, one a criterion in order, packed four to a byte in base64url. */
export function packPairs(values: readonly number[]): string {
  const bytes = new Uint8Array(Math.ceil(values.length / 4));
  values.forEach((value, index) => {
    bytes[index >> 2]! |= (value & 3) << ((index & 3) * 2);
  });
  return bytesToBase64url(bytes);
}

/**
 * The `count` values `packPairs` wrote into `encoded` (`noun`: what they are, for the message).
 * Refused when `encoded` is not base64url, holds values for another number of criteria, or
 * holds anything but 0 past the last one (the padding of the last byte).
 */
export function unpackPairs(
  encoded: string,
  count: number,
  noun: string,
  frameworkTitle: string,
): LinkRead<number[]> {
  const bytes = base64urlToBytes(encoded);
  if (bytes === null || bytes.length !== Math.ceil(count / 4))
    return refuseLink(
      `This link is damaged: it holds ${noun} for ${(bytes?.length ?? 0) * 4} criteria where “${frameworkTitle}” has ${count}.`,
    );
  const values: number[] = [];
  for (let index = 0; index < bytes.length * 4; index += 1) {
    const value = (bytes[index >> 2]! >> ((index & 3) * 2)) & 3;
    if (index < count) values.push(value);
    else if (value !== 0)
      return refuseLink(`This link is damaged: it holds ${noun} past the last criterion.`);
  }
  return { ok: true, value: values };
}

/** `value` as JSON, deflated, in base64url. */
export async function packJson(value: unknown): Promise<string> {
  return bytesToBase64url(await deflate(utf8ToBytes(JSON.stringify(value))));
}

/**
 * What a link's deflated JSON field (`noun`: its notes, its comments) holds, read through
 * `schema`: refused when it is not base64url, cannot be unpacked, unpacks past
 * `SHARE_LIMITS.notesBytes`, is not JSON or not what `schema` reads.
 */
export async function unpackJson<T>(
  encoded: string,
  schema: v.GenericSchema<unknown, T>,
  noun: string,
): Promise<LinkRead<T>> {
  const bytes = base64urlToBytes(encoded);
  if (bytes === null) return refuseLink(`This link is damaged: its ${noun} are not readable.`);
  const json = await inflate(bytes, SHARE_LIMITS.notesBytes);
  if (json === null)
    return refuseLink(
      `This link is damaged: its ${noun} cannot be unpacked, or unpack to more than ${SHARE_LIMITS.notesBytes / 1_000_000} MB.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return refuseLink(`This link is damaged: its ${noun} are not readable.`);
  }
  const read = v.safeParse(schema, value);
  if (!read.success)
    return refuseLink(`This link is damaged: its ${noun} ${read.issues[0].message}.`);
  return { ok: true, value: read.output };
}

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of base64url text, or null when it is not base64url. */
export function base64urlToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return null;
  }
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The text `bytes` inflate to, or null when they are not deflated data or unpack past `limit`. */
async function inflate(bytes: Uint8Array, limit: number): Promise<string | null> {
  try {
    const stream = new Blob([bytes as BlobPart])
      .stream()
      .pipeThrough(new DecompressionStream('deflate-raw'));
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      // Stop reading a small link that unpacks into something huge.
      if (total > limit) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(joined);
  } catch {
    return null;
  }
}
