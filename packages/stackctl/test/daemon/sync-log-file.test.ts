// The daemon's synchronous log writer: the log files' format and rotation, readable by the logs module's reader.
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceLogFiles } from '../../src/daemon/service-log-files.js';
import { SyncLogFile } from '../../src/daemon/sync-log-file.js';
import { readLog } from '../../src/logs/index.js';
import type { OutputLine } from '../../src/supervisor/types.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-sync-log-'));
  dirs.push(dir);
  return dir;
}

/** The log files in `dir` (not the generations record beside them), sorted. */
const logFiles = (dir: string): string[] => readdirSync(dir).filter((name) => !name.endsWith('.generations')).sort();

const T = Date.parse('2026-11-26T19:32:38.123Z');
const line = (text: string, stream: OutputLine['stream'] = 'stdout', time = T): OutputLine => ({ service: 'api', stream, line: text, time });

describe('SyncLogFile', () => {
  it('writes one record per line, in the log format', () => {
    const file = path.join(tempDir(), 'api.log');
    const log = new SyncLogFile({ file });
    log.append([line('listening on 4000'), line('oops', 'stderr', T + 1)]);
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('2026-11-26T19:32:38.123Z out listening on 4000\n2026-11-26T19:32:38.124Z err oops\n');
  });

  it('rotates by size, keeps maxFiles in total, and the reader reads across them in order', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'api.log');
    const log = new SyncLogFile({ file, maxBytes: 200, maxFiles: 3 });
    const record = Buffer.byteLength('2026-11-26T19:32:38.123Z out line 00\n');
    for (let i = 0; i < 40; i++) log.append([line(`line ${String(i).padStart(2, '0')}`, 'stdout', T + i)]);
    log.close();
    expect(logFiles(dir)).toEqual(['api.log', 'api.log.1', 'api.log.2']);
    for (const name of logFiles(dir)) expect(readFileSync(path.join(dir, name)).length).toBeLessThanOrEqual(200);
    const perFile = Math.floor(200 / record);
    const kept = await readLog(file);
    expect(kept.map((each) => each.line)).toEqual(Array.from({ length: kept.length }, (_, i) => `line ${String(40 - kept.length + i).padStart(2, '0')}`));
    expect(kept.length).toBeGreaterThan(2 * perFile);
  });

  it('writes a batch as the same records as its lines one by one', () => {
    const dir = tempDir();
    const one = new SyncLogFile({ file: path.join(dir, 'one.log') });
    const batch = new SyncLogFile({ file: path.join(dir, 'batch.log') });
    const texts = ['listening on 4000', '', 'naïve € 𝄞', 'a\rb'];
    one.append(texts.map((text) => line(text, 'stderr')));
    batch.appendBatch({ service: 'api', stream: 'stderr', lines: texts, time: T });
    one.close();
    batch.close();
    expect(readFileSync(path.join(dir, 'batch.log'), 'utf8')).toBe(readFileSync(path.join(dir, 'one.log'), 'utf8'));
    expect(readFileSync(path.join(dir, 'batch.log'), 'utf8')).toBe(texts.map((text) => `2026-11-26T19:32:38.123Z err ${text}\n`).join(''));
  });

  it('rotates in the middle of a batch at a line boundary, never past maxBytes', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'api.log');
    const log = new SyncLogFile({ file, maxBytes: 200, maxFiles: 10 });
    const texts = Array.from({ length: 30 }, (_, i) => `line ${String(i).padStart(2, '0')}`);
    for (let i = 0; i < 30; i += 7) log.appendBatch({ service: 'api', stream: 'stdout', lines: texts.slice(i, i + 7), time: T });
    log.close();
    for (const name of logFiles(dir)) expect(readFileSync(path.join(dir, name)).length).toBeLessThanOrEqual(200);
    expect((await readLog(file)).map((each) => each.line)).toEqual(texts);
  });

  it('continues a file, finishing a line cut short by a crash', () => {
    const file = path.join(tempDir(), 'api.log');
    appendFileSync(file, '2026-11-26T19:32:38.123Z out half a li');
    const log = new SyncLogFile({ file });
    log.append([line('next')]);
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('2026-11-26T19:32:38.123Z out half a li\n2026-11-26T19:32:38.123Z out next\n');
  });
});

describe('ServiceLogFiles', () => {
  it('writes a batch at once, after the single lines still pending, keeping their order', () => {
    const dir = tempDir();
    const config = makeConfig(makeService({ name: 'api' }));
    const files = new ServiceLogFiles({ config, logsDir: dir, onError: (error) => { throw error; } });
    files.write(line('first'));
    files.writeBatch({ service: 'api', stream: 'stdout', lines: ['second', 'third'], time: T });
    expect(readFileSync(path.join(dir, 'api.log'), 'utf8')).toBe(
      ['first', 'second', 'third'].map((text) => `2026-11-26T19:32:38.123Z out ${text}\n`).join(''),
    );
  });

  it('writes each service’s lines within the same task, before any timer', async () => {
    const dir = tempDir();
    const config = makeConfig(makeService({ name: 'api' }), makeService({ name: 'db', logs: { maxBytes: 1024, maxFiles: 2 } }));
    const files = new ServiceLogFiles({ config, logsDir: dir, onError: (error) => { throw error; } });
    files.write(line('a'));
    files.write({ ...line('b'), service: 'db' });
    await Promise.resolve();
    expect(readFileSync(path.join(dir, 'api.log'), 'utf8')).toMatch(/ out a\n$/);
    expect(readFileSync(path.join(dir, 'db.log'), 'utf8')).toMatch(/ out b\n$/);
    await files.close();
    files.write(line('after close'));
    await files.flush();
    expect(readFileSync(path.join(dir, 'api.log'), 'utf8')).not.toContain('after close');
  });
});
