// Tail and follow of several services' log files: merged order, filters, live lines, nothing lost or doubled at the seam.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { iterateStackLogs, streamStackLogs } from '../../src/daemon/stack-log-stream.js';
import { SyncLogFile } from '../../src/daemon/sync-log-file.js';
import { logFilePath, RotatingLogWriter } from '../../src/logs/index.js';
import type { OutputLine } from '../../src/supervisor/types.js';
import { waitFor } from '../helpers/wait-for.js';

const dirs: string[] = [];
const writers: RotatingLogWriter[] = [];

afterEach(async () => {
  await Promise.all(writers.splice(0).map((writer) => writer.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logsDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-log-stream-'));
  dirs.push(dir);
  return dir;
}

function writer(dir: string, service: string, options: { maxBytes?: number } = {}): RotatingLogWriter {
  const created = new RotatingLogWriter({ file: logFilePath(dir, service), flushIntervalMs: 5, ...options });
  writers.push(created);
  return created;
}

const out = (service: string, line: string, time: number): OutputLine => ({ service, stream: 'stdout', line, time });

async function collect(dir: string, services: string[], options: Parameters<typeof streamStackLogs>[2]): Promise<string[]> {
  const seen: string[] = [];
  await streamStackLogs(dir, services, options, (line) => seen.push(`${line.service}:${line.line}`));
  return seen;
}

describe('streamStackLogs', () => {
  it('merges services in time order and keeps the last N lines of all of them', async () => {
    const dir = logsDir();
    const api = writer(dir, 'api');
    const db = writer(dir, 'db');
    api.write(out('api', 'a1', 1000));
    db.write(out('db', 'd1', 1500));
    api.write(out('api', 'a2', 2000));
    db.write(out('db', 'd2', 2500));
    await Promise.all([api.flush(), db.flush()]);
    expect(await collect(dir, ['api', 'db'], { follow: false })).toEqual(['api:a1', 'db:d1', 'api:a2', 'db:d2']);
    expect(await collect(dir, ['api', 'db'], { follow: false, lines: 3 })).toEqual(['db:d1', 'api:a2', 'db:d2']);
    expect(await collect(dir, ['api', 'db'], { follow: false, since: 2000 })).toEqual(['api:a2', 'db:d2']);
    expect(await collect(dir, ['api', 'db'], { follow: false, grep: /2$/ })).toEqual(['api:a2', 'db:d2']);
    expect(await collect(dir, ['api', 'missing'], { follow: false })).toEqual(['api:a1', 'api:a2']);
  });

  it('follows new lines within a second, filtered like the tail', async () => {
    const dir = logsDir();
    const api = writer(dir, 'api');
    api.write(out('api', 'old error', Date.now() - 10));
    await api.flush();
    const seen: string[] = [];
    const stop = new AbortController();
    const done = streamStackLogs(dir, ['api', 'web'], { follow: true, grep: /error/, signal: stop.signal }, (line) => seen.push(`${line.service}:${line.line}`));
    await waitFor(() => seen.length === 1, { message: 'the tail' });
    const web = writer(dir, 'web');
    const sentAt = Date.now();
    web.write(out('web', 'new error', Date.now()));
    api.write(out('api', 'no match', Date.now()));
    api.write(out('api', 'another error', Date.now()));
    await waitFor(() => seen.length === 3, { timeoutMs: 3000, message: 'the new lines' });
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect(seen.sort()).toEqual(['api:another error', 'api:old error', 'web:new error']);
    stop.abort();
    await done;
  });

  it.each(['RotatingLogWriter', 'SyncLogFile (the daemon’s)'])(
    'shows every line exactly once across the tail/follow seam, through rotations, written by %s',
    async (kind) => {
      const dir = logsDir();
      const file = logFilePath(dir, 'api');
      const sink =
        kind === 'RotatingLogWriter'
          ? writer(dir, 'api', { maxBytes: 4096 })
          : (() => {
              const sync = new SyncLogFile({ file, maxBytes: 4096 });
              return { write: (line: OutputLine) => sync.append([line]), flush: async () => {}, close: () => sync.close() };
            })();
      let next = 1;
      const write = (): void => {
        sink.write(out('api', `line ${next}`, Date.now()));
        next += 1;
      };
      for (let i = 0; i < 200; i++) write();
      await sink.flush();
      const timer = setInterval(() => {
        for (let i = 0; i < 5; i++) write();
      }, 1);
      const seen: number[] = [];
      const stop = new AbortController();
      const done = streamStackLogs(dir, ['api'], { follow: true, lines: 50, signal: stop.signal }, (line) => seen.push(Number(line.line.split(' ')[1])));
      await waitFor(() => next > 1200, { message: 'more lines written while following' });
      clearInterval(timer);
      const last = next - 1;
      await sink.flush();
      await waitFor(() => seen.at(-1) === last, { timeoutMs: 5000, message: `line ${last} to arrive` });
      stop.abort();
      await done;
      await sink.close();
      const first = seen[0] ?? 0;
      expect(seen).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    },
  );

  it('serves the API as an async iterable that ends when the client leaves', async () => {
    const dir = logsDir();
    const api = writer(dir, 'api');
    api.write(out('api', 'one', 1));
    api.write(out('api', 'two', 2));
    await api.flush();
    const stop = new AbortController();
    const lines: string[] = [];
    for await (const line of iterateStackLogs(dir, ['api'], { follow: true, lines: 1, signal: stop.signal })) {
      lines.push(line.line);
      if (lines.length === 1) api.write(out('api', 'three', Date.now()));
      if (lines.length === 2) break;
    }
    expect(lines).toEqual(['two', 'three']);
  });
});
