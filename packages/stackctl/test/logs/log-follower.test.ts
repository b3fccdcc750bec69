// Follower: new lines within a second, through rotations and truncation, partial lines held until complete.
import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followLog, type LogFollowerHandle } from '../../src/logs/log-follower.js';
import { formatLogLine } from '../../src/logs/log-line-format.js';
import { RotatingLogWriter } from '../../src/logs/rotating-log-writer.js';
import type { OutputLine } from '../../src/supervisor/types.js';
import { waitFor } from '../helpers/wait-for.js';
import { useTempLogsDir } from './temp-logs-dir.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0, 0);
const line = (n: number): OutputLine => ({ service: 'api', stream: 'stdout', line: `line ${n}`, time: T0 + n });
const record = (n: number): string => formatLogLine(line(n));
const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('followLog', () => {
  const dir = useTempLogsDir();
  const followers: LogFollowerHandle[] = [];
  afterEach(async () => {
    await Promise.all(followers.splice(0).map((follower) => follower.close()));
  });

  /** Follows `file`, collecting the texts it delivers. */
  function follow(file: string, fromEnd = true): { seen: string[]; errors: unknown[] } {
    const seen: string[] = [];
    const errors: unknown[] = [];
    followers.push(followLog(file, (l) => seen.push(l.line), { fromEnd, onError: (e) => errors.push(e) }));
    return { seen, errors };
  }

  it('shows lines appended after it started, each within a second, and not the ones before', async () => {
    const file = path.join(dir(), 'api.log');
    writeFileSync(file, record(1) + record(2));
    const { seen, errors } = follow(file);
    for (const n of [3, 4, 5]) {
      const before = Date.now();
      appendFileSync(file, record(n));
      await waitFor(() => seen.includes(`line ${n}`), { timeoutMs: 3000, intervalMs: 5 });
      expect(Date.now() - before).toBeLessThan(1000);
    }
    expect(seen).toEqual(range(3, 5));
    expect(errors).toEqual([]);
  });

  it('delivers whole OutputLines named after the file', async () => {
    const file = path.join(dir(), 'web.log');
    writeFileSync(file, '');
    const lines: OutputLine[] = [];
    followers.push(followLog(file, (l) => lines.push(l)));
    const written: OutputLine = { service: 'web', stream: 'stderr', line: '\u001b[31mred\u001b[0m\r', time: T0 };
    appendFileSync(file, formatLogLine(written));
    await waitFor(() => lines.length === 1, { timeoutMs: 3000 });
    expect(lines).toEqual([written]);
  });

  it('starts with the existing lines when fromEnd is false', async () => {
    const file = path.join(dir(), 'api.log');
    writeFileSync(file, record(1) + record(2));
    const { seen } = follow(file, false);
    appendFileSync(file, record(3));
    await waitFor(() => seen.length === 3, { timeoutMs: 3000 });
    expect(seen).toEqual(range(1, 3));
  });

  it('holds a partial line until it is complete, and skips the rest of a line it started in', async () => {
    const file = path.join(dir(), 'api.log');
    const [head, tail] = [record(2).slice(0, 20), record(2).slice(20)];
    writeFileSync(file, record(1) + head);
    const { seen } = follow(file);
    appendFileSync(file, `${tail}${record(3)}${record(4).slice(0, 30)}`);
    await waitFor(() => seen.length === 1, { timeoutMs: 3000 });
    await sleep(400);
    expect(seen).toEqual(['line 3']);
    appendFileSync(file, record(4).slice(30));
    await waitFor(() => seen.length === 2, { timeoutMs: 3000 });
    expect(seen).toEqual(['line 3', 'line 4']);
  });

  it('waits for a missing file and reads it from its start', async () => {
    const file = path.join(dir(), 'api.log');
    const { seen } = follow(file);
    await sleep(300);
    writeFileSync(file, record(1) + record(2));
    await waitFor(() => seen.length === 2, { timeoutMs: 3000 });
    expect(seen).toEqual(range(1, 2));
  });

  it('finishes the old file after a rename and switches to the new one', async () => {
    const file = path.join(dir(), 'api.log');
    writeFileSync(file, record(1));
    const { seen } = follow(file);
    // Appended and renamed before the follower could look: it must still read line 2 from .log.1.
    appendFileSync(file, record(2));
    renameSync(file, `${file}.1`);
    writeFileSync(file, record(3));
    await waitFor(() => seen.length === 2, { timeoutMs: 3000 });
    appendFileSync(file, record(4));
    await waitFor(() => seen.length === 3, { timeoutMs: 3000 });
    expect(seen).toEqual(range(2, 4));
  });

  it('reads through every rotated file when it fell several rotations behind', async () => {
    const file = path.join(dir(), 'api.log');
    const rotate = (): void => {
      for (const n of [3, 2, 1]) {
        try {
          renameSync(`${file}.${n}`, `${file}.${n + 1}`);
        } catch {
          // Not there yet.
        }
      }
      renameSync(file, `${file}.1`);
    };
    writeFileSync(file, record(0));
    const { seen } = follow(file);
    appendFileSync(file, record(1));
    rotate();
    writeFileSync(file, record(2));
    rotate();
    writeFileSync(file, record(3) + record(4));
    rotate();
    writeFileSync(file, record(5));
    await waitFor(() => seen.length === 5, { timeoutMs: 3000 });
    await sleep(300);
    expect(seen).toEqual(range(1, 5));
  });

  it('survives the rotating writer: every line once, in order, across many rotations at random moments', async () => {
    const file = path.join(dir(), 'api.log');
    // About ten lines per file: rotations come faster than the follower looks, in every phase of its work.
    const writer = new RotatingLogWriter({ file, maxBytes: 400, maxFiles: 1000, flushIntervalMs: 1 });
    writer.write(line(0));
    await writer.flush();
    const { seen, errors } = follow(file);
    let n = 1;
    for (let round = 0; round < 60; round++) {
      for (const end = n + Math.floor(Math.random() * 40); n < end; n++) writer.write(line(n));
      if (Math.random() < 0.5) await writer.flush();
      const pause = Math.random();
      if (pause < 0.3) await sleep(Math.floor(Math.random() * 5));
      else if (pause < 0.6) await new Promise((resolve) => setImmediate(resolve));
    }
    await writer.close();
    // On a timeout the comparison below shows what is missing.
    await waitFor(() => seen.length >= n - 1, { timeoutMs: 5000 }).catch(() => undefined);
    await sleep(300);
    expect(errors).toEqual([]);
    expect(seen.join('|')).toEqual(range(1, n - 1).join('|'));
  });

  it('starts over when the file is truncated in place', async () => {
    const file = path.join(dir(), 'api.log');
    writeFileSync(file, record(1) + record(2) + record(3));
    const { seen } = follow(file);
    truncateSync(file, 0);
    await sleep(400);
    appendFileSync(file, record(4));
    await waitFor(() => seen.length === 1, { timeoutMs: 3000 });
    expect(seen).toEqual(['line 4']);
  });

  it('delivers nothing once closed, and can be closed twice', async () => {
    const file = path.join(dir(), 'api.log');
    writeFileSync(file, '');
    const seen: string[] = [];
    const follower = followLog(file, (l) => seen.push(l.line));
    await Promise.all([follower.close(), follower.close()]);
    await follower.close();
    appendFileSync(file, record(1));
    await sleep(400);
    expect(seen).toEqual([]);
  });
});
