// The daemon's own log (src/logging): pino-shaped JSON lines, levels, errors and cycles serialised, appends from two writers intact.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLogRecord } from '../../src/logging/log-record.js';
import { createFileLogger, logLevelFrom } from '../../src/logging/logger.js';
import { StackctlError } from '../../src/errors/index.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const dirs = new TempDirs('stackctl-file-logger-');
afterEach(() => dirs.removeAll());

function records(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createFileLogger', () => {
  it('appends one JSON line per record, in pino’s shape, creating the folder', () => {
    const file = path.join(dirs.create(), 'logs', 'stackctl.log');
    const logger = createFileLogger({ file, level: 'info' });
    logger.info({ service: 'api', port: 4000 }, 'api spawn');
    logger.warn({}, 'careful');
    const [first, second] = records(file);
    expect(Object.keys(first ?? {})).toEqual(['level', 'time', 'pid', 'service', 'port', 'msg']);
    expect(first).toMatchObject({ level: 30, pid: process.pid, service: 'api', port: 4000, msg: 'api spawn' });
    expect(Date.parse(String(first?.time))).toBeGreaterThan(Date.now() - 60_000);
    expect(second).toMatchObject({ level: 40, msg: 'careful' });
  });

  it('writes only records at or above its level, nothing when silent, and echoes every record', () => {
    const dir = dirs.create();
    const echoed: string[] = [];
    const info = createFileLogger({ file: path.join(dir, 'info.log'), level: 'info', echo: (level, message) => echoed.push(`${level} ${message}`) });
    info.debug({}, 'hidden');
    info.error({}, 'shown');
    expect(records(path.join(dir, 'info.log')).map((record) => record.msg)).toEqual(['shown']);
    expect(echoed).toEqual(['debug hidden', 'error shown']);

    const silent = createFileLogger({ file: path.join(dir, 'silent.log'), level: 'silent' });
    silent.error({}, 'not even this');
    expect(() => readFileSync(path.join(dir, 'silent.log'))).toThrow(/ENOENT/);
  });

  it('never throws when the file cannot be written, and writes again once it can', () => {
    const file = path.join(dirs.create(), 'stackctl.log');
    mkdirSync(file); // a folder where the file should be: opening it fails
    const logger = createFileLogger({ file, level: 'info' });
    expect(() => logger.info({}, 'dropped')).not.toThrow();
    rmSync(file, { recursive: true });
    logger.info({}, 'kept');
    expect(records(file).map((record) => record.msg)).toEqual(['kept']);
  });

  it('keeps whole lines when two loggers (the daemon and a CLI) append to the same file', () => {
    const file = path.join(dirs.create(), 'stackctl.log');
    const a = createFileLogger({ file, level: 'info' });
    const b = createFileLogger({ file, level: 'info' });
    for (let i = 0; i < 200; i++) (i % 2 === 0 ? a : b).info({ i, filler: 'x'.repeat(300) }, `record ${i}`);
    expect(records(file).map((record) => record.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });
});

describe('createFileLogger: bounded', () => {
  it('rotates by size: stackctl.log, .1, .2 (maxFiles in total), none larger than maxBytes, the newest records in the file', () => {
    const dir = dirs.create();
    const file = path.join(dir, 'stackctl.log');
    const logger = createFileLogger({ file, level: 'info', maxBytes: 2_000, maxFiles: 3 });
    for (let i = 0; i < 100; i++) logger.info({ i, filler: 'x'.repeat(100) }, `record ${i}`);
    expect(readdirSync(dir).sort()).toEqual(['stackctl.log', 'stackctl.log.1', 'stackctl.log.2']);
    for (const name of readdirSync(dir)) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(2_000);
    const kept = [...records(`${file}.2`), ...records(`${file}.1`), ...records(file)].map((record) => record.i as number);
    expect(kept.at(-1)).toBe(99);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, n) => 100 - kept.length + n));
  });

  it('follows another writer’s rotation into the new file instead of rotating again', () => {
    const dir = dirs.create();
    const file = path.join(dir, 'stackctl.log');
    const a = createFileLogger({ file, level: 'info', maxBytes: 1_000, maxFiles: 3 });
    const b = createFileLogger({ file, level: 'info', maxBytes: 1_000, maxFiles: 3 });
    for (let i = 0; i < 4; i++) a.info({ i, filler: 'x'.repeat(150) }, 'from a');
    b.info({ i: 4, filler: 'x'.repeat(150) }, 'from b'); // does not fit: b rotates
    a.info({ i: 5, filler: 'x'.repeat(150) }, 'from a'); // a's file is .1 now: a follows into the new one
    expect(readdirSync(dir).sort()).toEqual(['stackctl.log', 'stackctl.log.1']);
    expect(records(`${file}.1`).map((record) => record.i)).toEqual([0, 1, 2, 3]);
    expect(records(file).map((record) => record.i)).toEqual([4, 5]);
  });

  it('writes one warning or error of a kind per minute, then how many were suppressed (fake clock)', () => {
    const file = path.join(dirs.create(), 'stackctl.log');
    let now = Date.parse('2026-11-26T12:00:00.000Z');
    const logger = createFileLogger({ file, level: 'info', now: () => now });
    for (let i = 0; i < 300; i++) {
      logger.error({ err: new Error('ENOSPC: no space left on device, write') }, 'log file write failed');
      logger.warn({ i }, 'metrics sampling failed');
      logger.info({ i }, 'api spawn');
      now += 100;
    }
    // 30 s later: still inside the minute of the first ones.
    expect(records(file).filter((record) => record.level !== 30).map((record) => record.msg)).toEqual(['log file write failed', 'metrics sampling failed']);
    expect(records(file).filter((record) => record.level === 30)).toHaveLength(300);
    now += 30_000;
    logger.error({}, 'log file write failed');
    const after = records(file).filter((record) => record.level === 50);
    expect(after.map((record) => [record.msg, record.suppressed ?? null])).toEqual([
      ['log file write failed', null],
      ['299 more records like this one suppressed', 299],
      ['log file write failed', null],
    ]);
    expect(after[1]?.kind).toBe('log file write failed');
    logger.flush();
    const warnings = records(file).filter((record) => record.level === 40);
    expect(warnings.map((record) => record.suppressed ?? null)).toEqual([null, 299]);
    expect(statSync(file).size).toBeLessThan(100_000);
  });
});

describe('formatLogRecord', () => {
  const time = new Date('2026-11-26T19:32:38.123Z');

  it('serialises an error as type, message, stack with its causes, and its own fields', () => {
    const error = new StackctlError('E_SPAWN_FAILED', 'cannot spawn api', { cause: new Error('ENOENT: node') });
    const record = JSON.parse(formatLogRecord('error', { err: error, nested: { inner: new TypeError('bad') } }, 'spawn failed', 7, time)) as {
      err: Record<string, unknown>;
      nested: { inner: Record<string, unknown> };
    };
    expect(record.err).toMatchObject({ type: 'StackctlError', message: 'cannot spawn api', code: 'E_SPAWN_FAILED', details: [] });
    expect(record.err.stack).toMatch(/^StackctlError: cannot spawn api\n[\s\S]*\ncaused by: Error: ENOENT: node\n/);
    expect(record.nested.inner).toMatchObject({ type: 'TypeError', message: 'bad' });
  });

  it('writes "[Circular]" for a value met inside itself, a bigint as a string, and reserved keys once', () => {
    const loop: Record<string, unknown> = { name: 'a', list: [1] };
    loop.self = loop;
    (loop.list as unknown[]).push(loop);
    const shared = { x: 1 };
    const error = new Error('self') as Error & { again?: unknown };
    error.again = error;
    const line = formatLogRecord('info', { loop, twice: [shared, shared], big: 10n ** 20n, error, msg: 'shadow', level: 'x' }, 'real', 7, time);
    expect(line.endsWith('}\n')).toBe(true);
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 30,
      time: '2026-11-26T19:32:38.123Z',
      pid: 7,
      loop: { name: 'a', list: [1, '[Circular]'], self: '[Circular]' },
      twice: [{ x: 1 }, { x: 1 }],
      big: '100000000000000000000',
      error: { type: 'Error', message: 'self', again: '[Circular]' },
      msg: 'real',
    });
    expect(line.match(/"msg"/g)).toHaveLength(1);
  });
});

describe('logLevelFrom', () => {
  it('takes STACKCTL_LOG_LEVEL when it names a level, else info (debug with --debug)', () => {
    expect(logLevelFrom({ STACKCTL_LOG_LEVEL: 'WARN' }, false)).toBe('warn');
    expect(logLevelFrom({ STACKCTL_LOG_LEVEL: 'silent' }, true)).toBe('silent');
    expect(logLevelFrom({ STACKCTL_LOG_LEVEL: 'loud' }, false)).toBe('info');
    expect(logLevelFrom({}, true)).toBe('debug');
  });
});
