// Rotating writer: exact order and count, size-based rotation and its file count, restart appends, errors, close.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StackctlError } from '../../src/errors/index.js';
import { LOG_DEFAULTS } from '../../src/logs/log-defaults.js';
import { logFilePaths } from '../../src/logs/log-file-paths.js';
import { parseLogLine } from '../../src/logs/log-line-format.js';
import { RotatingLogWriter } from '../../src/logs/rotating-log-writer.js';
import type { OutputLine } from '../../src/supervisor/types.js';
import { waitFor } from '../helpers/wait-for.js';
import { useTempLogsDir } from './temp-logs-dir.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0, 0);
/** Each record is exactly 40 bytes: 29 of prefix, 10 of text, the newline. */
const RECORD = 40;
const out = (n: number, time = T0 + n): OutputLine => ({
  service: 'api',
  stream: n % 3 === 0 ? 'stderr' : 'stdout',
  line: `line ${String(n).padStart(5, '0')}`,
  time,
});

function texts(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(0, -1)
    .map((record) => parseLogLine(record, 'api')?.line ?? `!garbage ${record}`);
}

/** All files of the service, oldest first, as one list of texts. */
function allTexts(dir: string, maxFiles: number): string[] {
  return logFilePaths(dir, 'api', maxFiles)
    .filter((file) => existsSync(file))
    .reverse()
    .flatMap(texts);
}

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => out(from + i).line);

describe('RotatingLogWriter', () => {
  const dir = useTempLogsDir();

  it('keeps order and count exact for 200,000 lines written in a burst', async () => {
    const file = path.join(dir(), 'api.log');
    const writer = new RotatingLogWriter({ file });
    for (let n = 0; n < 200_000; n++) writer.write(out(n));
    await writer.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(200_000);
    lines.forEach((record, n) => {
      if (record !== `${new Date(T0 + n).toISOString()} ${n % 3 === 0 ? 'err' : 'out'} ${out(n).line}`) {
        expect.fail(`line ${n} is ${record}`);
      }
    });
  });

  it('keeps order and count across rotations in a burst', async () => {
    const file = path.join(dir(), 'api.log');
    const writer = new RotatingLogWriter({ file, maxBytes: 64 * 1024, maxFiles: 200 });
    for (let n = 0; n < 200_000; n++) writer.write(out(n % 100_000));
    await writer.close();
    const all = allTexts(dir(), 200);
    expect(all).toHaveLength(200_000);
    expect(all.slice(0, 100_000)).toEqual(range(0, 99_999));
    expect(all.slice(100_000)).toEqual(range(0, 99_999));
  });

  it('keeps exactly maxFiles files, the newest lines in .log, every file within maxBytes', async () => {
    const file = path.join(dir(), 'api.log');
    const writer = new RotatingLogWriter({ file, maxBytes: 25 * RECORD, maxFiles: 3 });
    for (let n = 1; n <= 210; n++) {
      writer.write(out(n));
      if (n % 7 === 0) await writer.flush();
    }
    await writer.close();
    expect(readdirSync(dir()).sort()).toEqual(['api.log', 'api.log.1', 'api.log.2']);
    expect(texts(file)).toEqual(range(201, 210));
    expect(texts(`${file}.1`)).toEqual(range(176, 200));
    expect(texts(`${file}.2`)).toEqual(range(151, 175));
    for (const name of readdirSync(dir())) {
      expect(statSync(path.join(dir(), name)).size).toBeLessThanOrEqual(25 * RECORD);
    }
  });

  it('means by "10 MiB × 5 files" at most five files of at most 10 MiB: .log and .log.1 … .log.4', async () => {
    const file = path.join(dir(), 'api.log');
    const writer = new RotatingLogWriter({ file });
    const text = 'x'.repeat(90);
    const count = Math.ceil((5.5 * LOG_DEFAULTS.maxBytes) / (29 + text.length + 1));
    for (let n = 0; n < count; n++) writer.write({ service: 'api', stream: 'stdout', line: text, time: T0 + n });
    await writer.close();
    expect(readdirSync(dir()).sort()).toEqual(['api.log', 'api.log.1', 'api.log.2', 'api.log.3', 'api.log.4']);
    const sizes = readdirSync(dir()).map((name) => statSync(path.join(dir(), name)).size);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(10 * 1024 * 1024);
    for (const n of [1, 2, 3, 4]) expect(statSync(`${file}.${n}`).size).toBeGreaterThan(10 * 1024 * 1024 - 120);
  });

  it('with maxFiles 1 keeps only the current file', async () => {
    const file = path.join(dir(), 'api.log');
    const writer = new RotatingLogWriter({ file, maxBytes: 10 * RECORD, maxFiles: 1 });
    for (let n = 1; n <= 35; n++) writer.write(out(n));
    await writer.close();
    expect(readdirSync(dir())).toEqual(['api.log']);
    expect(texts(file)).toEqual(range(31, 35));
  });

  it('drops rotated files beyond maxFiles left by an earlier, larger setting', async () => {
    const file = path.join(dir(), 'api.log');
    for (const n of [1, 2, 3, 7]) writeFileSync(`${file}.${n}`, `${n}\n`);
    const writer = new RotatingLogWriter({ file, maxBytes: 2 * RECORD, maxFiles: 3 });
    for (let n = 1; n <= 3; n++) writer.write(out(n));
    await writer.close();
    expect(readdirSync(dir()).sort()).toEqual(['api.log', 'api.log.1', 'api.log.2']);
    expect(texts(`${file}.2`)).toEqual(['!garbage 1']);
    expect(texts(`${file}.1`)).toEqual(range(1, 2));
  });

  it('appends to an existing file on restart and counts its size towards the next rotation', async () => {
    const file = path.join(dir(), 'api.log');
    const first = new RotatingLogWriter({ file, maxBytes: 25 * RECORD, maxFiles: 5 });
    for (let n = 1; n <= 20; n++) first.write(out(n));
    await first.close();
    const second = new RotatingLogWriter({ file, maxBytes: 25 * RECORD, maxFiles: 5 });
    expect(second.size).toBe(20 * RECORD);
    for (let n = 21; n <= 30; n++) second.write(out(n));
    await second.close();
    expect(texts(`${file}.1`)).toEqual(range(1, 25));
    expect(texts(file)).toEqual(range(26, 30));
  });

  it('finishes a last line cut short by a crash before appending', async () => {
    const file = path.join(dir(), 'api.log');
    writeFileSync(file, `${new Date(T0).toISOString()} out half a li`);
    const writer = new RotatingLogWriter({ file });
    writer.write(out(1));
    await writer.close();
    expect(texts(file)).toEqual(['half a li', out(1).line]);
  });

  it('delivers a line to the file by the flush timer, without flush()', async () => {
    const file = path.join(dir(), 'api.log');
    const writer = new RotatingLogWriter({ file, flushIntervalMs: 10 });
    writer.write(out(1));
    expect(readFileSync(file, 'utf8')).toBe('');
    await waitFor(() => readFileSync(file, 'utf8') !== '', { timeoutMs: 2000 });
    expect(texts(file)).toEqual([out(1).line]);
    await writer.close();
  });

  it('counts multi-byte text exactly: no file over maxBytes, every line kept, across batch boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 400 }).filter((s) => !s.includes('\n')), { maxLength: 60 }),
        async (lines) => {
          const sub = path.join(dir(), `run-${Math.random().toString(36).slice(2)}`);
          const file = path.join(sub, 'api.log');
          const writer = new RotatingLogWriter({ file, maxBytes: 600, maxFiles: 1000, batchBytes: 1024 });
          lines.forEach((line, n) => writer.write({ service: 'api', stream: 'stdout', line, time: T0 + n }));
          await writer.close();
          const files = logFilePaths(sub, 'api', 1000).filter((f) => existsSync(f));
          const stored = files.reverse().flatMap((f) => {
            const size = statSync(f).size;
            const records = readFileSync(f, 'utf8').split('\n').slice(0, -1);
            if (records.length > 1) expect(size).toBeLessThanOrEqual(600);
            return records.map((record) => parseLogLine(record, 'api')?.line);
          });
          expect(stored).toEqual(lines);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives a line larger than maxBytes a file of its own', async () => {
    const file = path.join(dir(), 'api.log');
    const writer = new RotatingLogWriter({ file, maxBytes: 100, maxFiles: 5, batchBytes: 1024 });
    writer.write(out(1));
    writer.write({ ...out(2), line: 'y'.repeat(3000) });
    writer.write(out(3));
    await writer.close();
    expect(texts(`${file}.2`)).toEqual([out(1).line]);
    expect(texts(`${file}.1`)).toEqual(['y'.repeat(3000)]);
    expect(texts(file)).toEqual([out(3).line]);
  });

  it('writes raw text as whole lines', async () => {
    const file = path.join(dir(), 'api.log');
    const writer = new RotatingLogWriter({ file });
    writer.writeRaw('first');
    writer.writeRaw('');
    writer.writeRaw('second\nthird\n');
    await writer.close();
    expect(readFileSync(file, 'utf8')).toBe('first\nsecond\nthird\n');
  });

  it('can be closed twice, and refuses lines afterwards', async () => {
    const file = path.join(dir(), 'api.log');
    const writer = new RotatingLogWriter({ file });
    writer.write(out(1));
    await Promise.all([writer.close(), writer.close()]);
    await writer.close();
    expect(() => writer.write(out(2))).toThrow(StackctlError);
    expect(texts(file)).toEqual([out(1).line]);
  });

  it('reports a failed rotation and reopen to onError, or rejects the next flush without one', async () => {
    const logs = path.join(dir(), 'logs');
    const file = path.join(logs, 'api.log');
    const errors: StackctlError[] = [];
    const writer = new RotatingLogWriter({ file, maxBytes: 2 * RECORD, onError: (error) => errors.push(error) });
    const bare = new RotatingLogWriter({ file: path.join(logs, 'web.log'), maxBytes: 2 * RECORD });
    rmSync(logs, { recursive: true });
    writeFileSync(logs, 'not a folder any more');
    for (let n = 1; n <= 3; n++) {
      writer.write(out(n));
      bare.write(out(n));
    }
    await writer.flush();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.code).toBe('E_INTERNAL');
    expect(errors[0]?.message).toContain(file);
    await expect(bare.flush()).rejects.toThrow(StackctlError);
    rmSync(logs);
    mkdirSync(logs);
    bare.write(out(4));
    await bare.close();
    await writer.close();
    expect(texts(path.join(logs, 'web.log'))).toEqual([out(4).line]);
  });

  it('rejects settings that cannot work', () => {
    const file = path.join(dir(), 'api.log');
    expect(() => new RotatingLogWriter({ file, maxFiles: 0 })).toThrow(RangeError);
    expect(() => new RotatingLogWriter({ file, maxBytes: 0 })).toThrow(RangeError);
  });
});
