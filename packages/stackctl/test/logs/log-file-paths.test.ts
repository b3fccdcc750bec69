// Log file names: current and rotated paths, discovering existing copies, shifting them on rotation.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { existingLogFiles, logFilePath, logFilePaths, serviceOfLogFile } from '../../src/logs/log-file-paths.js';
import { sameFile, stableLogFiles } from '../../src/logs/log-file-snapshot.js';
import { rotateLogFiles } from '../../src/logs/rotate-log-files.js';
import { useTempLogsDir } from './temp-logs-dir.js';

describe('log file paths', () => {
  const dir = useTempLogsDir();

  it('names the current file and the rotated ones, newest first', () => {
    expect(logFilePath('/p/.stackctl/logs', 'api')).toBe(path.join('/p/.stackctl/logs', 'api.log'));
    const expected = ['api.log', 'api.log.1', 'api.log.2'].map((name) => path.join('/l', name));
    expect(logFilePaths('/l', 'api', 3)).toEqual(expected);
    expect(logFilePaths('/l', 'api', 1)).toEqual([path.join('/l', 'api.log')]);
  });

  it('tells the service from a file name', () => {
    expect(serviceOfLogFile('/l/api.log')).toBe('api');
    expect(serviceOfLogFile('/l/my.svc.log.12')).toBe('my.svc');
  });

  it('lists the files that exist, by number, ignoring other services and other names', async () => {
    const names = ['api.log', 'api.log.10', 'api.log.2', 'api.log.1', 'api.log.x', 'api.log.01', 'api.log.log'];
    names.push('web.log.1');
    for (const name of names) writeFileSync(path.join(dir(), name), '');
    const file = path.join(dir(), 'api.log');
    expect(await existingLogFiles(file)).toEqual([file, `${file}.1`, `${file}.2`, `${file}.10`]);
    expect(await existingLogFiles(path.join(dir(), 'nope', 'api.log'))).toEqual([]);
  });

  it('rotates: shifts every copy up, drops the oldest, keeps gaps as they are', async () => {
    const file = path.join(dir(), 'api.log');
    const bodies = { 'api.log': 'now', 'api.log.1': 'one', 'api.log.3': 'three', 'api.log.4': 'four' };
    for (const [name, body] of Object.entries(bodies)) writeFileSync(path.join(dir(), name), body);
    await rotateLogFiles(file, 5);
    expect(readdirSync(dir()).sort()).toEqual(['api.log.1', 'api.log.2', 'api.log.4']);
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('now');
    expect(readFileSync(`${file}.2`, 'utf8')).toBe('one');
    expect(readFileSync(`${file}.4`, 'utf8')).toBe('three');
  });

  it('takes a snapshot of the files with their identities, newest first', async () => {
    const file = path.join(dir(), 'api.log');
    writeFileSync(file, 'a');
    writeFileSync(`${file}.1`, 'b');
    const before = await stableLogFiles(file);
    expect(before?.map((entry) => entry.path)).toEqual([file, `${file}.1`]);
    await rotateLogFiles(file, 5);
    const after = await stableLogFiles(file);
    expect(after?.map((entry) => entry.path)).toEqual([`${file}.1`, `${file}.2`]);
    expect(sameFile(after![0]!.stats, before![0]!.stats)).toBe(true);
  });
});
