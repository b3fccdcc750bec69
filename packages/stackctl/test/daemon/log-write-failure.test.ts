// A log file on a disk that fills up or turns read-only (a fake write call): every line is kept whole or counted lost, and a marker records the gap.
import { ftruncateSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceLogFiles } from '../../src/daemon/service-log-files.js';
import { SyncLogFile, type LogLossChange } from '../../src/daemon/sync-log-file.js';
import { parseGapMarker } from '../../src/logs/log-gap-marker.js';
import { parseLogLine } from '../../src/logs/log-line-format.js';
import type { OutputLine, OutputStream } from '../../src/supervisor/types.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-log-loss-'));
  dirs.push(dir);
  return dir;
}

const T = Date.parse('2026-11-26T12:03:11.000Z');

/**
 * A disk of `capacity` bytes for the files of one folder, through the write call: a write that
 * does not fit is cut short (what fits is written, as write(2) does), the next one fails with
 * ENOSPC. `mode: 'readonly'` fails every write with EROFS instead.
 */
class FakeDisk {
  capacity = Number.POSITIVE_INFINITY;
  mode: 'ok' | 'readonly' = 'ok';
  failures = 0;

  constructor(readonly dir: string) {}

  get used(): number {
    return readdirSync(this.dir).reduce((sum, name) => sum + readFileSync(path.join(this.dir, name)).length, 0);
  }

  readonly writeSync = ((fd: number, data: string | Buffer, offset?: number, length?: number): number => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data.subarray(offset ?? 0, (offset ?? 0) + (length ?? data.length - (offset ?? 0)));
    if (this.mode === 'readonly') return this.#fail('EROFS', 'read-only file system');
    const free = this.capacity - this.used;
    if (free <= 0) return this.#fail('ENOSPC', 'no space left on device');
    return writeSync(fd, bytes, 0, Math.min(bytes.length, free));
  }) as typeof writeSync;

  #fail(code: string, message: string): never {
    this.failures += 1;
    throw Object.assign(new Error(`${code}: ${message}, write`), { code, errno: -28, syscall: 'write' });
  }
}

const line = (n: number, stream: OutputStream = 'stdout', time = T + n): OutputLine => ({ service: 'api', stream, line: `line ${n}`, time });

interface Readback {
  readonly numbers: number[];
  readonly markers: ReturnType<typeof parseGapMarker>[];
  readonly records: string[];
}

/** Every record of the file, each one required to be a whole, well-formed record: a numbered line or a marker. */
function readBack(file: string): Readback {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const records = text.slice(0, -1).split('\n');
  const numbers: number[] = [];
  const markers: ReturnType<typeof parseGapMarker>[] = [];
  for (const record of records) {
    const parsed = parseLogLine(record, 'api');
    expect(parsed, `not a record: ${JSON.stringify(record)}`).not.toBeNull();
    const marker = parseGapMarker(parsed?.line ?? '');
    if (marker !== null) {
      expect(parsed?.stream).toBe('stderr');
      markers.push(marker);
      continue;
    }
    expect(parsed?.line, `a line glued to another, or cut: ${JSON.stringify(record)}`).toMatch(/^line \d+$/);
    numbers.push(Number(parsed?.line.slice(5)));
  }
  return { numbers, markers, records };
}

const lostIn = (markers: Readback['markers']): number => markers.reduce((sum, marker) => sum + (marker?.lines ?? 0), 0);

describe('SyncLogFile on a failing disk', () => {
  it('counts what a full disk refused, takes a cut line back out, and marks the gap once space is back', () => {
    const dir = tempDir();
    const disk = new FakeDisk(dir);
    const changes: LogLossChange[] = [];
    const file = path.join(dir, 'api.log');
    const log = new SyncLogFile({ file, writeSync: disk.writeSync, onLoss: (change) => changes.push(change) });
    let n = 0;
    const batch = (count: number): void => {
      const first = n + 1;
      n += count;
      log.appendBatch({ service: 'api', stream: 'stdout', lines: Array.from({ length: count }, (_, i) => `line ${first + i}`), time: T + first });
    };
    batch(10);
    // Room for a bit more than 2 records: the next batch of 5 is cut in the middle of its third.
    disk.capacity = disk.used + 80;
    batch(5);
    expect(changes.map((change) => change.kind)).toEqual(['failing']);
    expect(log.loss()).toMatchObject({ ongoing: true, code: 'ENOSPC', reason: 'disk full', lines: 2, stdout: 2, stderr: 0, since: T + 11 });
    for (let i = 0; i < 20; i++) batch(7);
    expect(changes).toHaveLength(1);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    disk.capacity = Number.POSITIVE_INFINITY;
    batch(3);
    log.close();

    expect(changes.map((change) => change.kind)).toEqual(['failing', 'resumed']);
    const { numbers, markers } = readBack(file);
    // Kept in order, none twice; the cut line written whole after the recovery, before the marker.
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.slice(0, 13)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ kind: 'not_saved', reason: 'disk full', lines: 2 + 140, stdout: 142, stderr: 0, from: T + 11, until: T + 149 });
    expect(numbers.length + lostIn(markers)).toBe(n);
    expect(log.loss()).toMatchObject({ ongoing: false, lines: 142 });
    const resumed = changes[1];
    expect(resumed?.kind === 'resumed' ? resumed.loss.lines : null).toBe(142);
  });

  it('never glues a cut line to the next when it cannot be taken back out: its rest is written first', () => {
    const dir = tempDir();
    const disk = new FakeDisk(dir);
    const file = path.join(dir, 'api.log');
    const refuse = (() => {
      throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
    }) as typeof ftruncateSync;
    const log = new SyncLogFile({ file, writeSync: disk.writeSync, ftruncateSync: refuse });
    log.append([line(1), line(2)]);
    disk.capacity = disk.used + 10;
    log.append([line(3), line(4)]);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(false);
    log.append([line(5)]);
    disk.capacity = Number.POSITIVE_INFINITY;
    log.append([line(6)]);
    log.close();
    const { numbers, markers } = readBack(file);
    expect(numbers).toEqual([1, 2, 3, 6]);
    expect(markers).toMatchObject([{ lines: 2 }]);
  });

  it('counts every line while the folder is read-only, by stream, and marks the gap when it is writable again', () => {
    const dir = tempDir();
    const disk = new FakeDisk(dir);
    const file = path.join(dir, 'api.log');
    const changes: LogLossChange[] = [];
    const log = new SyncLogFile({ file, writeSync: disk.writeSync, onLoss: (change) => changes.push(change) });
    log.append([line(1), line(2, 'stderr')]);
    disk.mode = 'readonly';
    for (let n = 3; n <= 50; n++) log.append([line(n, n % 3 === 0 ? 'stderr' : 'stdout')]);
    expect(log.loss()).toMatchObject({ ongoing: true, code: 'EROFS', reason: 'read-only file system', lines: 48, stderr: 16, stdout: 32 });
    disk.mode = 'ok';
    log.append([line(51)]);
    log.close();
    const { numbers, markers } = readBack(file);
    expect(numbers).toEqual([1, 2, 51]);
    expect(markers).toMatchObject([{ kind: 'not_saved', lines: 48, stdout: 32, stderr: 16, reason: 'read-only file system', from: T + 3, until: T + 50 }]);
    expect(changes.map((change) => change.kind)).toEqual(['failing', 'resumed']);
  });

  it('writes the marker when closed once the disk has room again, and counts the owed line lost when it still has none', () => {
    const dir = tempDir();
    const disk = new FakeDisk(dir);
    const file = path.join(dir, 'api.log');
    const log = new SyncLogFile({ file, writeSync: disk.writeSync });
    log.append([line(1)]);
    disk.capacity = disk.used + 5;
    log.append([line(2), line(3)]);
    log.close();
    expect(log.loss()).toMatchObject({ lines: 2, ongoing: true });
    expect(readBack(file).numbers).toEqual([1]);

    const second = new SyncLogFile({ file: path.join(dir, 'db.log'), writeSync: disk.writeSync });
    disk.capacity = Number.POSITIVE_INFINITY;
    second.append([line(1)]);
    disk.mode = 'readonly';
    second.append([line(2)]);
    disk.mode = 'ok';
    second.close();
    expect(readBack(path.join(dir, 'db.log'))).toMatchObject({ numbers: [1], markers: [{ lines: 1 }] });
  });

  it('keeps the rotation limits while recovering, and the rotated files hold whole records only', () => {
    const dir = tempDir();
    const disk = new FakeDisk(dir);
    const file = path.join(dir, 'api.log');
    const log = new SyncLogFile({ file, maxBytes: 300, maxFiles: 20, writeSync: disk.writeSync });
    let n = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 10; i++) log.appendBatch({ service: 'api', stream: 'stdout', lines: [`line ${++n}`, `line ${++n}`, `line ${++n}`], time: T + n });
      disk.capacity = round % 2 === 0 ? disk.used + 50 : Number.POSITIVE_INFINITY;
    }
    disk.capacity = Number.POSITIVE_INFINITY;
    log.append([line(++n)]);
    log.close();
    let kept = 0;
    let lost = 0;
    for (const name of readdirSync(dir).filter((each) => !each.endsWith('.generations'))) {
      const size = readFileSync(path.join(dir, name)).length;
      expect(size).toBeLessThanOrEqual(300);
      const { numbers, markers } = readBack(path.join(dir, name));
      kept += numbers.length;
      lost += lostIn(markers);
    }
    expect(lost).toBeGreaterThan(0);
    expect(kept + lost).toBe(n);
  });
});

describe('ServiceLogFiles on a failing disk', () => {
  it('tells once when a service’s writes begin to fail and once when they work again, and counts per service', () => {
    const dir = tempDir();
    const disk = new FakeDisk(dir);
    const config = makeConfig(makeService({ name: 'api' }), makeService({ name: 'db' }));
    const told: string[] = [];
    const files = new ServiceLogFiles({
      config,
      logsDir: dir,
      writeSync: disk.writeSync,
      onError: (error) => {
        throw error;
      },
      onLoss: (service, change) => told.push(`${service} ${change.kind} ${change.loss.lines}`),
    });
    files.writeBatch({ service: 'db', stream: 'stdout', lines: ['ready'], time: T });
    disk.mode = 'readonly';
    for (let i = 0; i < 100; i++) files.writeBatch({ service: 'api', stream: 'stderr', lines: ['a', 'b'], time: T + i });
    disk.mode = 'ok';
    files.writeBatch({ service: 'api', stream: 'stdout', lines: ['back'], time: T + 200 });
    expect(told).toEqual(['api failing 2', 'api resumed 200']);
    expect(files.lossOf('api')).toMatchObject({ lines: 200, stderr: 200, ongoing: false, since: T, until: T + 99 });
    expect(files.lossOf('db')).toBeNull();
    expect(disk.failures).toBe(100);
  });
});
