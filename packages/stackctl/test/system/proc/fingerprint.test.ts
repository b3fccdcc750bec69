// Unit tests of fingerprint comparison and the descendant walk (pure functions, no OS).
import { describe, expect, it } from 'vitest';
import {
  collectDescendants,
  compareFingerprint,
  fingerprintOf,
  type ProcessInfo,
} from '../../../src/system/process-table/index.js';

const info: ProcessInfo = {
  pid: 4242,
  ppid: 1,
  pgid: 4242,
  state: 'S',
  startTime: 30_449,
  startedAt: 1_700_000_304_490,
  name: 'node',
  argv: ['node', 'server.js'],
  command: 'node server.js',
  cwd: '/srv/api',
  rssBytes: 50_000_000,
  cpuTimeMs: 120,
  cpuUserMs: 100,
  cpuSystemMs: 20,
};

describe('compareFingerprint', () => {
  const recorded = fingerprintOf(info);

  it('records pid, process group, start time and command', () => {
    expect(recorded).toEqual({ pid: 4242, pgid: 4242, startTime: 30_449, command: 'node server.js' });
  });

  it('matches the same process', () => {
    expect(compareFingerprint(info, recorded)).toBe('match');
  });

  it('sees a reused PID by its start time, whatever the command', () => {
    expect(compareFingerprint({ ...info, startTime: 30_450 }, recorded)).toBe('reused');
  });

  it('reports a changed command separately (exec, retitled process)', () => {
    expect(compareFingerprint({ ...info, command: 'node dist/main.js' }, recorded)).toBe('command-changed');
  });

  it('treats a missing process and a zombie as gone', () => {
    expect(compareFingerprint(null, recorded)).toBe('gone');
    expect(compareFingerprint({ ...info, state: 'Z' }, recorded)).toBe('gone');
  });
});

describe('collectDescendants', () => {
  it('walks breadth-first, parents before children, and ignores a cycle', () => {
    const links = [
      { pid: 10, ppid: 1 },
      { pid: 12, ppid: 10 },
      { pid: 11, ppid: 10 },
      { pid: 20, ppid: 11 },
      { pid: 30, ppid: 2 },
      { pid: 40, ppid: 41 },
      { pid: 41, ppid: 40 },
    ];
    expect(collectDescendants(links, 10)).toEqual([11, 12, 20]);
    expect(collectDescendants(links, 1)).toEqual([10, 11, 12, 20]);
    expect(collectDescendants(links, 40)).toEqual([41]);
    expect(collectDescendants(links, 99)).toEqual([]);
  });
});
