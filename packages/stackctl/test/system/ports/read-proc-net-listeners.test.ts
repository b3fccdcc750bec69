// readProcNetListeners stops after the listening section yet never loses a listener across reads.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProcNetTcp, readProcNetListeners } from '../../../src/system/ports/index.js';

const HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'.padEnd(149) +
  '\n';

/** A fixed-width (150-byte) row as Linux writes /proc/net/tcp. */
function row(sl: number, port: number, state: string, inode: number): string {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const text =
    `${String(sl).padStart(4)}: 0100007F:${portHex} 00000000:0000 ${state} 00000000:00000000 00:00000000 ` +
    `00000000  1000        0 ${inode} 1 0000000000000000 100 0 0 10 0`;
  return `${text.padEnd(149)}\n`;
}

describe('readProcNetListeners', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stackctl-net-read-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads listeners spread over many reads, then stops at the first established row', () => {
    const listeners = Array.from({ length: 70 }, (_, i) => row(i, 10_000 + i, '0A', 1000 + i));
    const established = Array.from({ length: 200 }, (_, i) => row(70 + i, 20_000 + i, '01', 5000 + i));
    const path = join(dir, 'tcp');
    writeFileSync(path, HEADER + listeners.join('') + established.join(''));

    const text = readProcNetListeners(path);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.length).toBeLessThan(readFileSync(path, 'latin1').length / 2);
    const found = parseProcNetTcp(text, 4);
    expect(found).toHaveLength(70);
    expect(found.at(-1)).toEqual({ port: 10_069, address: '127.0.0.1', family: 4, inode: 1069 });
  });

  it('keeps reading through SYN_RECV rows that old kernels list among the listeners', () => {
    const path = join(dir, 'tcp-old');
    writeFileSync(path, HEADER + row(0, 80, '0A', 1) + row(1, 80, '03', 2) + row(2, 81, '0A', 3) + row(3, 9, '06', 4));
    expect(parseProcNetTcp(readProcNetListeners(path), 4).map((s) => s.port)).toEqual([80, 81]);
  });

  it('reads a table of listeners only, and gives "" for a missing table', () => {
    const path = join(dir, 'tcp-listen-only');
    writeFileSync(path, HEADER + row(0, 3000, '0A', 9));
    expect(parseProcNetTcp(readProcNetListeners(path), 4)).toHaveLength(1);
    expect(readProcNetListeners(join(dir, 'absent'))).toBe('');
  });
});
