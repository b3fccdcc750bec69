// Unit tests of the macOS `ps` parser on a captured-looking sample and of the ps-backed table.
import { describe, expect, it } from 'vitest';
import {
  PS_COLUMNS,
  PsProcessTable,
  parseCpuTime,
  parsePsOutput,
  type PsRunner,
} from '../../../src/system/process-table/index.js';

// `ps -A -ww -o pid=,ppid=,pgid=,state=,rss=,time=,lstart=,command=` on macOS 14, LC_ALL=C.
const SAMPLE = [
  '    1     0     1 Ss     18544  12:41.52 Mon Mar  4 08:01:12 2024     /sbin/launchd',
  '  412     1   412 S      60112   1:02.07 Mon Mar  4 08:01:40 2024     /System/Library/CoreServices/ControlCenter.app/Contents/MacOS/ControlCenter',
  ' 5120  5101  5120 S+     81232   0:03.14 Tue Mar  5 09:12:33 2024     node /Users/ana/My Project/api/server.js --port 4000',
  ' 5121  5120  5120 S+     42000   0:00.50 Tue Mar  5 09:12:34 2024     /usr/local/bin/node worker.js',
  ' 5122  5120  5120 Z          0   0:00.00 Tue Mar  5 09:12:35 2024     <defunct>',
  ' 5130  5120  5120 R      10240 1:02:03.45 Tue Mar  5 10:00:00 2024     sh -c exec  ./run.sh',
  '',
].join('\n');

describe('parsePsOutput', () => {
  it('reads every row, keeping spaces inside the command', () => {
    const rows = parsePsOutput(SAMPLE);
    expect(rows.map((r) => r.pid)).toEqual([1, 412, 5120, 5121, 5122, 5130]);
    expect(rows[2]).toEqual({
      pid: 5120,
      ppid: 5101,
      pgid: 5120,
      state: 'S',
      rssBytes: 81232 * 1024,
      cpuTimeMs: 3140,
      startedAt: new Date(2024, 2, 5, 9, 12, 33).getTime(),
      command: 'node /Users/ana/My Project/api/server.js --port 4000',
    });
    expect(rows[5]?.command).toBe('sh -c exec  ./run.sh');
    expect(rows[5]?.cpuTimeMs).toBe(3_723_450);
  });

  it('skips header and malformed lines', () => {
    expect(parsePsOutput('  PID  PPID  PGID STAT RSS TIME STARTED COMMAND\nnot a row\n')).toEqual([]);
    expect(parsePsOutput(' 1 0 1 S 1 0:00.00 Mon Foo  4 08:01:12 2024 x')).toEqual([]);
  });
});

describe('parseCpuTime', () => {
  it('reads BSD m:ss.cc, hh:mm:ss and d-hh:mm:ss forms', () => {
    expect(parseCpuTime('0:00.05')).toBe(50);
    expect(parseCpuTime('125:01.50')).toBe(125 * 60_000 + 1500);
    expect(parseCpuTime('01:02:03')).toBe(3_723_000);
    expect(parseCpuTime('2-00:00:01')).toBe(2 * 86_400_000 + 1000);
    expect(parseCpuTime('abc')).toBeNull();
  });
});

describe('PsProcessTable', () => {
  const calls: string[][] = [];
  const run: PsRunner = (args) => {
    calls.push([...args]);
    const pidIndex = args.indexOf('-p');
    if (pidIndex < 0) return SAMPLE;
    return SAMPLE.split('\n')
      .filter((line) => line.trim().startsWith(`${args[pidIndex + 1]} `))
      .join('\n');
  };
  const table = new PsProcessTable(run);

  it('builds ProcessInfo from one `ps -p` row', () => {
    const info = table.info(5120);
    expect(calls.at(-1)).toEqual(['-ww', '-p', '5120', '-o', PS_COLUMNS]);
    expect(info).toMatchObject({
      pid: 5120,
      pgid: 5120,
      name: 'node',
      command: 'node /Users/ana/My Project/api/server.js --port 4000',
      startTime: Math.floor(new Date(2024, 2, 5, 9, 12, 33).getTime() / 1000),
      cwd: null,
      cpuTimeMs: 3140,
      cpuUserMs: null,
    });
    expect(table.info(999)).toBeNull();
    expect(table.info(-1)).toBeNull();
  });

  it('lists children, descendants and group members without zombies', () => {
    expect(table.children(5120)).toEqual([5121, 5130]);
    expect(table.descendants(1)).toEqual([412]);
    expect(table.descendants(5101)).toEqual([5120, 5121, 5130]);
    expect(table.groupMembers(5120)).toEqual([5120, 5121, 5130]);
  });
});
