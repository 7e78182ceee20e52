import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/lib/core/hash.ts';
import { SEED } from '../property/mutations.ts';

/** The library's SHA-256, which ids and content hashes were computed with before. */
const noble = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

describe('sha256Hex', () => {
  it('gives the published digests of the standard test texts', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('equals the library digest at every length around the 64-byte block boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      for (const character of ['a', 'é', '’', '🛠', '\ud800']) {
        const text = character.repeat(length);
        expect(sha256Hex(text), `${length} × ${character}`).toBe(noble(text));
      }
    }
  });

  it('equals the library digest for any text, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(noble(text));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('equals Node’s digest for a text of several hundred kilobytes', () => {
    const text = 'Shows behaviour of topic “1” at level 2 in their work 🛠\n'.repeat(8_000);
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('gives the first digits only when asked, as a prefix of the whole digest', () => {
    const whole = noble('impact\u0000Delivers well-defined tasks');
    for (const digits of [1, 7, 12, 33, 64]) {
      expect(sha256Hex('impact\u0000Delivers well-defined tasks', digits)).toBe(
        whole.slice(0, digits),
      );
    }
  });
});
