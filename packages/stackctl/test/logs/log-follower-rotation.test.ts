// Follower against the daemon's writer rotating faster than it reads: files held open by identity, and a marker with the count for what was rotated away unread.
import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncLogFile } from '../../src/daemon/sync-log-file.js';
import { followLog, type LogFollowerHandle } from '../../src/logs/log-follower.js';
import { parseGapMarker } from '../../src/logs/log-gap-marker.js';
import { generationsPath } from '../../src/logs/log-generations.js';
import { formatLogLine } from '../../src/logs/log-line-format.js';
import type { OutputLine } from '../../src/supervisor/types.js';
import { waitFor } from '../helpers/wait-for.js';
import { useTempLogsDir } from './temp-logs-dir.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0, 0);
const texts = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Shown {
  readonly numbers: number[];
  readonly markers: Array<{ readonly lines: number | null; readonly bytes: number | null; readonly after: number }>;
}

/**
 * What a follower showed: numbered lines strictly in order, and markers. Each marker that counts
 * lines must stand exactly for the numbers missing where it is, and no number may be missing elsewhere.
 */
function checkShown(seen: readonly string[], first: number): Shown {
  const numbers: number[] = [];
  const markers: Shown['markers'] = [];
  let previous = first - 1;
  let pending: { lines: number | null; bytes: number | null } | null = null;
  for (const text of seen) {
    const gap = parseGapMarker(text);
    if (gap !== null) {
      expect(gap.kind).toBe('rotated_away');
      pending = gap.kind === 'rotated_away' ? { lines: gap.lines, bytes: gap.bytes } : null;
      markers.push({ ...(pending ?? { lines: null, bytes: null }), after: previous });
      continue;
    }
    const n = Number(text.replace(/^line /, ''));
    const missing = n - previous - 1;
    if (pending === null) expect(missing, `a gap without a marker before ${text}`).toBe(0);
    else if (pending.lines !== null) expect(missing, `the marker before ${text}`).toBe(pending.lines);
    else expect(missing).toBeGreaterThan(0);
    pending = null;
    numbers.push(n);
    previous = n;
  }
  return { numbers, markers };
}

describe('followLog across the daemon writer’s rotations', () => {
  const dir = useTempLogsDir();
  const followers: LogFollowerHandle[] = [];
  afterEach(async () => {
    await Promise.all(followers.splice(0).map((follower) => follower.close()));
  });

  function follow(file: string, onLine?: (line: OutputLine) => void): { seen: string[]; errors: unknown[] } {
    const seen: string[] = [];
    const errors: unknown[] = [];
    followers.push(
      followLog(
        file,
        (line) => {
          seen.push(line.line);
          onLine?.(line);
        },
        { onError: (error) => errors.push(error) },
      ),
    );
    return { seen, errors };
  }

  /** One batch of lines `from`…`to`; about 36 bytes a record. */
  const batch = (log: SyncLogFile, from: number, to: number): void =>
    log.appendBatch({ service: 'api', stream: 'stdout', lines: texts(from, to), time: T0 + from });

  it('holds the newer files open once it sees a rotation: files rotated away while it reads the old one are still read, in order', async () => {
    const file = path.join(dir(), 'api.log');
    const log = new SyncLogFile({ file, maxBytes: 4_000, maxFiles: 2 });
    batch(log, 0, 0);
    let rotatedMore = false;
    let total = 300;
    const { seen, errors } = follow(file, (line) => {
      // While it reads the first file: two more rotations delete the files after it (2 and 3), which it holds open by now.
      if (line.line !== 'line 100' || rotatedMore) return;
      rotatedMore = true;
      batch(log, 301, 400);
      batch(log, 401, 500);
      total = 500;
    });
    await sleep(300); // its first look is over: it is idle, holding the first file
    // Between two looks: the file it holds goes to .log.1, then is deleted (two rotations).
    batch(log, 1, 100);
    batch(log, 101, 200);
    batch(log, 201, 300);
    await waitFor(() => seen.length >= 500, { timeoutMs: 5_000 }).catch(() => undefined);
    await sleep(300);
    log.close();
    expect(errors).toEqual([]);
    expect(rotatedMore).toBe(true);
    expect(total).toBe(500);
    expect(seen.join('|')).toBe(texts(1, 500).join('|'));
  });

  it('shows a marker with the count when two rotations between its reads deleted a file it never opened', async () => {
    const file = path.join(dir(), 'api.log');
    // One file kept: each rotation deletes the file before.
    const log = new SyncLogFile({ file, maxBytes: 4_000, maxFiles: 1 });
    batch(log, 0, 0);
    const { seen, errors } = follow(file);
    await sleep(300);
    // About 108 records fit a file: lines 0…107 in the one it holds, 108…215 in one deleted before it could be opened.
    batch(log, 1, 100);
    batch(log, 101, 200);
    batch(log, 201, 300);
    await waitFor(() => seen.includes('line 300'), { timeoutMs: 5_000 });
    await sleep(200);
    log.close();
    expect(errors).toEqual([]);
    const { numbers, markers } = checkShown(seen, 1);
    expect(markers).toHaveLength(1);
    expect(markers[0]?.lines).toBeGreaterThan(50);
    expect(numbers.length + (markers[0]?.lines ?? 0)).toBe(300);
    expect(seen).toContain(`◆ stackctl: ${markers[0]?.lines} lines rotated away before they could be shown`);
  });

  it('counts bytes when the lines of the file rotated away are not known (it was there before the writer)', async () => {
    const file = path.join(dir(), 'api.log');
    const first = new SyncLogFile({ file, maxBytes: 4_000, maxFiles: 2 });
    batch(first, 0, 0);
    const { seen, errors } = follow(file);
    await sleep(300);
    batch(first, 1, 150); // rotates: a second file
    first.close();
    // A new writer (the daemon restarted) continues the second file: it cannot know how many lines it holds.
    const log = new SyncLogFile({ file, maxBytes: 4_000, maxFiles: 2 });
    batch(log, 151, 200);
    batch(log, 201, 400); // the first file (the follower holds it) and the second one (unread) are deleted
    await waitFor(() => seen.includes('line 400'), { timeoutMs: 5_000 });
    await sleep(200);
    log.close();
    expect(errors).toEqual([]);
    const { markers } = checkShown(seen, 1);
    expect(markers).toEqual([{ lines: null, bytes: expect.any(Number) as number, after: expect.any(Number) as number }]);
    // Exactly the bytes of the records missing where the marker stands.
    const at = seen.findIndex((text) => text.startsWith('◆'));
    const next = Number(seen[at + 1]?.replace('line ', ''));
    const missing = texts((markers[0]?.after ?? 0) + 1, next - 1);
    expect(missing.length).toBeGreaterThan(50);
    const recordBytes = (text: string): number => Buffer.byteLength(formatLogLine({ service: 'api', stream: 'stdout', line: text, time: T0 }));
    expect(markers[0]?.bytes).toBe(missing.reduce((sum, text) => sum + recordBytes(text), 0));
  });

  it('says lines may have been rotated away when the files carry no generations record', async () => {
    const file = path.join(dir(), 'api.log');
    const record = (n: number): string => formatLogLine({ service: 'api', stream: 'stdout', line: `line ${n}`, time: T0 + n });
    writeFileSync(file, record(0));
    const { seen } = follow(file);
    appendFileSync(file, record(1));
    renameSync(file, `${file}.1`);
    writeFileSync(file, record(2));
    rmSync(`${file}.1`);
    renameSync(file, `${file}.1`);
    writeFileSync(file, record(3));
    rmSync(`${file}.1`);
    await waitFor(() => seen.includes('line 3'), { timeoutMs: 5_000 });
    expect(seen).toEqual(['line 1', '◆ stackctl: lines may have been rotated away before they could be shown', 'line 3']);
    expect(() => readFileSync(generationsPath(file))).toThrow(/ENOENT/);
  });
});
