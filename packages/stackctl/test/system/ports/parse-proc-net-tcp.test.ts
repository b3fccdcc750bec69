// Unit tests of the /proc/net/tcp{,6} parser and the IP address formatting it relies on.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv6, parseProcNetTcp } from '../../../src/system/ports/index.js';

const sample = (name: string): string =>
  readFileSync(new URL(`../../fixtures/port-samples/${name}`, import.meta.url), 'latin1');

describe('parseProcNetTcp', () => {
  it('keeps the IPv4 LISTEN rows, decoding little-endian addresses and big-endian ports', () => {
    expect(parseProcNetTcp(sample('proc-net-tcp.txt'), 4)).toEqual([
      { port: 2024, address: '0.0.0.0', family: 4, inode: 1654 },
      { port: 4000, address: '127.0.0.1', family: 4, inode: 41001 },
      { port: 5432, address: '192.168.1.20', family: 4, inode: 41004 },
    ]);
  });

  it('keeps the IPv6 LISTEN rows: ::, ::1, IPv4-mapped, link-local, compressed; skips malformed', () => {
    expect(parseProcNetTcp(sample('proc-net-tcp6.txt'), 6)).toEqual([
      { port: 3000, address: '::', family: 6, inode: 52001 },
      { port: 5173, address: '::1', family: 6, inode: 52002 },
      { port: 4001, address: '::ffff:127.0.0.1', family: 6, inode: 52003 },
      { port: 9229, address: 'fe80::1', family: 6, inode: 52004 },
      { port: 8001, address: '2001:db8::1:0:0:1', family: 6, inode: 52006 },
    ]);
  });

  it('reads words in network order on a big-endian host', () => {
    const line = '   0: 7F000001:0FA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000  0 7 1 0 100 0 0 10 0';
    expect(parseProcNetTcp(line, 4, false)).toEqual([{ port: 4000, address: '127.0.0.1', family: 4, inode: 7 }]);
  });

  it('returns [] for an empty or header-only table', () => {
    expect(parseProcNetTcp('', 4)).toEqual([]);
    expect(parseProcNetTcp(sample('proc-net-tcp6.txt').split('\n')[0] ?? '', 6)).toEqual([]);
  });
});

describe('formatIpv6', () => {
  it('compresses the longest zero run, the first of equal runs, never a single zero group', () => {
    const bytes = (groups: number[]): number[] => groups.flatMap((g) => [g >> 8, g & 0xff]);
    expect(formatIpv6(bytes([0, 0, 0, 0, 0, 0, 0, 0]))).toBe('::');
    expect(formatIpv6(bytes([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6(bytes([1, 0, 0, 2, 0, 0, 0, 3]))).toBe('1:0:0:2::3');
    expect(formatIpv6(bytes([1, 0, 0, 2, 3, 0, 0, 4]))).toBe('1::2:3:0:0:4');
    expect(formatIpv6(bytes([0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]))).toBe('::ffff:10.0.0.1');
  });

  it('agrees with the WHATWG URL serializer on any address that is not IPv4-mapped', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIpv6(bytes);
        if (text.startsWith('::ffff:') && text.includes('.')) return;
        expect(new URL(`http://[${text}]/`).hostname).toBe(`[${text}]`);
      }),
      { numRuns: 500 },
    );
  });
});
