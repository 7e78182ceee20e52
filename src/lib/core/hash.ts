/**
 * SHA-256 of text, synchronous, in Node and browsers, written for the many short texts of
 * criterion ids (5,000 in a large framework, each one or two 64-byte blocks). A library's hasher
 * (such as @noble/hashes', which the unit tests compare this with) sets up an object, a view and
 * a byte array per call, which costs more than hashing such a text; this one reuses its buffers
 * and builds only the hex digits asked for.
 */

/**
 * The first `digits` (1 to 64, all by default) lowercase hex digits of SHA-256 of the UTF-8 bytes
 * of `text`. A lone surrogate is encoded as U+FFFD, as `TextEncoder` does.
 */
export function sha256Hex(text: string, digits = 64): string {
  const words = digest(text);
  let hex = '';
  for (let byte = 0; byte * 2 < digits && byte < 32; byte++) {
    hex += HEX[(words[byte >> 2]! >>> (24 - 8 * (byte & 3))) & 0xff]!;
  }
  return hex.length === digits ? hex : hex.slice(0, digits);
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

// prettier-ignore
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const schedule = new Int32Array(64);
const words = new Int32Array(8);
const encoder = new TextEncoder();
let bytes = new Uint8Array(1024);
let view = new DataView(bytes.buffer);

/** The eight words of the digest, in a buffer the next call overwrites. */
function digest(text: string): Int32Array {
  // A UTF-16 code unit takes at most 3 UTF-8 bytes; 72 leaves room for the padding.
  if (bytes.length < text.length * 3 + 72) {
    bytes = new Uint8Array(text.length * 3 + 72);
    view = new DataView(bytes.buffer);
  }
  const length = encoder.encodeInto(text, bytes).written;
  // Padding: a 1 bit, zeros, then the length in bits as a 64-bit big-endian number.
  const total = (((length + 8) >> 6) + 1) << 6;
  bytes[length] = 0x80;
  bytes.fill(0, length + 1, total - 8);
  view.setUint32(total - 8, Math.floor(length / 0x20000000));
  view.setUint32(total - 4, (length * 8) >>> 0);

  let h0 = 0x6a09e667 | 0;
  let h1 = 0xbb67ae85 | 0;
  let h2 = 0x3c6ef372 | 0;
  let h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f | 0;
  let h5 = 0x9b05688c | 0;
  let h6 = 0x1f83d9ab | 0;
  let h7 = 0x5be0cd19 | 0;
  const w = schedule;
  for (let offset = 0; offset < total; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const w15 = w[i - 15]!;
      const w2 = w[i - 2]!;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      w[i] = (s1 + w[i - 7]! + s0 + w[i - 16]!) | 0;
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let h = h7;
    for (let i = 0; i < 64; i++) {
      const sigma1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + sigma1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const sigma0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (sigma0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  words[0] = h0;
  words[1] = h1;
  words[2] = h2;
  words[3] = h3;
  words[4] = h4;
  words[5] = h5;
  words[6] = h6;
  words[7] = h7;
  return words;
}
