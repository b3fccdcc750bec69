// Unit tests of the lsof (macOS) and netstat (Windows) parsers and the inspector that runs them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  LSOF_ARGS,
  createLsofPortInspector,
  createNetstatPortInspector,
  parseLsofOutput,
  parseNetstatOutput,
  splitHostPort,
  type CommandRunner,
} from '../../../src/system/ports/index.js';
import type { ProcessInfo, ProcessTable } from '../../../src/system/process-table/index.js';

const sample = (name: string): string =>
  readFileSync(new URL(`../../fixtures/port-samples/${name}`, import.meta.url), 'utf8');

describe('splitHostPort', () => {
  it('splits wildcard, IPv4, bracketed IPv6 (with zone) and rejects a missing port', () => {
    expect(splitHostPort('*:3000')).toEqual({ host: '*', port: 3000, family: 4 });
    expect(splitHostPort('127.0.0.1:5432')).toEqual({ host: '127.0.0.1', port: 5432, family: 4 });
    expect(splitHostPort('[::1]:5173')).toEqual({ host: '::1', port: 5173, family: 6 });
    expect(splitHostPort('[FE80::1%12]:139')).toEqual({ host: 'fe80::1%12', port: 139, family: 6 });
    expect(splitHostPort('*:*')).toBeNull();
    expect(splitHostPort('3000')).toBeNull();
  });
});

describe('parseLsofOutput', () => {
  it('reads process and file sets, one listener per pid, address and port', () => {
    expect(parseLsofOutput(sample('lsof-macos.txt'))).toEqual([
      { port: 7000, address: '0.0.0.0', family: 4, pid: 412, command: 'ControlCenter' },
      { port: 7000, address: '::', family: 6, pid: 412, command: 'ControlCenter' },
      { port: 9222, address: '127.0.0.1', family: 4, pid: 1187, command: 'Google Chrome Helper' },
      { port: 5432, address: '::1', family: 6, pid: 2345, command: 'postgres' },
      { port: 5432, address: '127.0.0.1', family: 4, pid: 2345, command: 'postgres' },
      { port: 5173, address: '::1', family: 6, pid: 5120, command: 'node' },
      { port: 5173, address: '127.0.0.1', family: 4, pid: 5120, command: 'node' },
      { port: 3000, address: '::', family: 6, pid: 6001, command: 'node' },
      { port: 6379, address: '0.0.0.0', family: 4, pid: 7002, command: 'redis-server' },
      { port: 6380, address: '::ffff:127.0.0.1', family: 6, pid: 7002, command: 'redis-server' },
    ]);
  });

  it('infers the family from the name when the t field is missing, and tolerates CRLF', () => {
    expect(parseLsofOutput('p9\r\ncx\r\nf3\r\nn[::]:80\r\nf4\r\nn*:81 (LISTEN)\r\n')).toEqual([
      { port: 80, address: '::', family: 6, pid: 9, command: 'x' },
      { port: 81, address: '0.0.0.0', family: 4, pid: 9, command: 'x' },
    ]);
  });
});

describe('parseNetstatOutput', () => {
  it('keeps listening TCP rows of both families, with their PIDs', () => {
    expect(parseNetstatOutput(sample('netstat-windows.txt'))).toEqual([
      { port: 135, address: '0.0.0.0', family: 4, pid: 1004 },
      { port: 445, address: '0.0.0.0', family: 4, pid: 4 },
      { port: 5432, address: '127.0.0.1', family: 4, pid: 6120 },
      { port: 139, address: '192.168.1.23', family: 4, pid: 4 },
      { port: 135, address: '::', family: 6, pid: 1004 },
      { port: 3000, address: '::', family: 6, pid: 9132 },
      { port: 5173, address: '::1', family: 6, pid: 7420 },
      { port: 139, address: 'fe80::1c2d:3e4f:5a6b:7c8d%12', family: 6, pid: 4 },
    ]);
  });

  it('recognises listeners in a localised netstat by their foreign port 0', () => {
    const german = [
      '  Proto  Lokale Adresse         Remoteadresse          Status           PID',
      '  TCP    0.0.0.0:8080           0.0.0.0:0              ABHÖREN          3000',
      '  TCP    127.0.0.1:8080         127.0.0.1:50000        HERGESTELLT      3000',
    ].join('\r\n');
    expect(parseNetstatOutput(german)).toEqual([{ port: 8080, address: '0.0.0.0', family: 4, pid: 3000 }]);
  });
});

describe('CommandPortInspector', () => {
  const fakeRun =
    (output: string, calls: string[][] = []): CommandRunner =>
    async (file, args) => {
      calls.push([file, ...args]);
      return output;
    };

  it('runs lsof, filters the wanted ports, sorts, and fills details from the process table', async () => {
    const calls: string[][] = [];
    const table: ProcessTable = {
      info: (pid) =>
        pid === 5120 ? ({ command: 'node vite.js', cwd: null, startedAt: 1_700_000_000_000 } as ProcessInfo) : null,
      children: () => [],
      descendants: () => [],
      groupMembers: () => [],
    };
    const inspector = createLsofPortInspector(table, fakeRun(sample('lsof-macos.txt'), calls));
    const found = await inspector.listeners([5173, 3000, 1]);
    expect(calls).toEqual([['lsof', ...LSOF_ARGS]]);
    const details = { command: 'node vite.js', cwd: null, startedAt: 1_700_000_000_000 };
    expect(found).toEqual([
      { port: 3000, address: '::', family: 6, pid: 6001, command: 'node' },
      { port: 5173, address: '127.0.0.1', family: 4, pid: 5120, ...details },
      { port: 5173, address: '::1', family: 6, pid: 5120, ...details },
    ]);
  });

  it('runs netstat for Windows and skips the tool for an empty port list', async () => {
    const calls: string[][] = [];
    const inspector = createNetstatPortInspector(fakeRun(sample('netstat-windows.txt'), calls));
    expect(await inspector.listeners([])).toEqual([]);
    expect(calls).toEqual([]);
    expect(await inspector.listeners([3000])).toEqual([{ port: 3000, address: '::', family: 6, pid: 9132 }]);
    expect(calls).toEqual([['netstat', '-ano']]);
  });
});
