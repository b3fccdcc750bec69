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
    expect(readdirSync(dir).sort()).toEqual(['api.log', 'api.log.1', 'api.log.2']);
    for (const name of readdirSync(dir)) expect(readFileSync(path.join(dir, name)).length).toBeLessThanOrEqual(200);
    const perFile = Math.floor(200 / record);
    const kept = await readLog(file);
    expect(kept.map((each) => each.line)).toEqual(Array.from({ length: kept.length }, (_, i) => `line ${String(40 - kept.length + i).padStart(2, '0')}`));
    expect(kept.length).toBeGreaterThan(2 * perFile);
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
