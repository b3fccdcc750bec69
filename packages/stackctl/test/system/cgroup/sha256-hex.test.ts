// sha256Hex agrees with node:crypto's SHA-256 (the cgroup names must not change), on known vectors and on any string.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/system/cgroup/sha256-hex.js';

const reference = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 digests of the standard vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on block boundaries (55, 56, 63, 64, 65 bytes) and multi-byte characters', () => {
    for (const size of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) expect(sha256Hex('x'.repeat(size))).toBe(reference('x'.repeat(size)));
    expect(sha256Hex('/home/zoë/projets/démo 🚀')).toBe(reference('/home/zoë/projets/démo 🚀'));
  });

  it('agrees with node:crypto on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => sha256Hex(text) === reference(text)), { numRuns: 300 });
  });
});
