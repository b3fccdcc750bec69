// The daemon's own log (src/logging): pino-shaped JSON lines, levels, errors and cycles serialised, appends from two writers intact.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
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
