// daemon.out: appended to while small, moved to daemon.out.1 before a new daemon once it is large.
import { closeSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDaemonOut } from '../../src/daemon/daemon-out.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const dirs = new TempDirs('stackctl-daemon-out-');
afterEach(() => dirs.removeAll());

function writeAndClose(fd: number, text: string): void {
  writeSync(fd, text);
  closeSync(fd);
}

describe('openDaemonOut', () => {
  it('creates the file with mode 0600 and appends while it is small', () => {
    const file = path.join(dirs.create(), 'daemon.out');
    writeAndClose(openDaemonOut(file, 100), 'first daemon\n');
    writeAndClose(openDaemonOut(file, 100), 'second daemon\n');
    expect(readFileSync(file, 'utf8')).toBe('first daemon\nsecond daemon\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('moves a file over the limit to daemon.out.1, replacing the older one, and starts afresh', () => {
    const file = path.join(dirs.create(), 'daemon.out');
    writeFileSync(`${file}.1`, 'oldest\n');
    writeFileSync(file, 'x'.repeat(101));
    writeAndClose(openDaemonOut(file, 100), 'new daemon\n');
    expect(readFileSync(file, 'utf8')).toBe('new daemon\n');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('x'.repeat(101));
  });
});
