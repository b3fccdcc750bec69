// LinuxProcessTable on a fake /proc tree (unit) and on real processes (integration, Linux only).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LinuxProcessTable,
  checkFingerprint,
  matchesFingerprint,
  takeFingerprint,
} from '../../../src/system/process-table/index.js';
import { statLine, useFakeProc } from './fake-proc.js';
import { TREE_SCRIPT, killAll, spawnNodeScript, useProcessScope } from './fixture-processes.js';

describe('LinuxProcessTable on a fake /proc', () => {
  const procRoot = useFakeProc('stackctl-fake-proc-', {
    btime: 1_700_000_000,
    processes: [
      { pid: 1, comm: 'init', ppid: 0, argv: ['/sbin/init'] },
      {
        pid: 100,
        comm: 'node (api) x',
        ppid: 1,
        pgid: 100,
        utime: 250,
        stime: 50,
        startTicks: 12_345,
        rssPages: 1000,
        argv: ['node', 'server.js', '--port', '4000'],
        cwd: '/srv/api',
      },
      { pid: 101, comm: 'sh', ppid: 100, pgid: 100, argv: ['sh', '-c', 'sleep 9'] },
      { pid: 102, comm: 'sleep', ppid: 101, pgid: 100, argv: ['sleep', '9'] },
      { pid: 103, comm: 'old', ppid: 100, pgid: 100, state: 'Z' },
      { pid: 200, comm: 'kworker/0:1', ppid: 2, pgid: 0 },
    ],
  });
  let table: LinuxProcessTable;

  beforeAll(() => {
    table = new LinuxProcessTable({ procRoot: procRoot(), clockTicksPerSecond: 100, pageSize: 4096 });
  });

  it('reads one process: ids, state, argv, cwd, memory, CPU and start time', () => {
    expect(table.info(100)).toEqual({
      pid: 100,
      ppid: 1,
      pgid: 100,
      state: 'S',
      startTime: 12_345,
      startedAt: 1_700_000_000_000 + 123_450,
      name: 'node (api) x',
      argv: ['node', 'server.js', '--port', '4000'],
      command: 'node server.js --port 4000',
      cwd: '/srv/api',
      rssBytes: 4_096_000,
      cpuTimeMs: 3000,
      cpuUserMs: 2500,
      cpuSystemMs: 500,
    });
  });

  it('falls back to comm for an empty cmdline and gives a null cwd when it cannot read it', () => {
    expect(table.info(200)).toMatchObject({ argv: ['kworker/0:1'], command: 'kworker/0:1', cwd: null });
  });

  it('returns null for a PID that is absent or not a PID', () => {
    expect(table.info(999)).toBeNull();
    expect(table.info(0)).toBeNull();
    expect(table.info(Number.NaN)).toBeNull();
  });

  it('lists living children, descendants and group members, leaving zombies out', () => {
    expect(table.children(100)).toEqual([101]);
    expect(table.descendants(100)).toEqual([101, 102]);
    expect(table.descendants(1)).toEqual([100, 101, 102]);
    expect(table.groupMembers(100)).toEqual([100, 101, 102]);
  });

  it('passes over /proc once for what one synchronous job asks, and anew in the next', async () => {
    const fresh = new LinuxProcessTable({ procRoot: procRoot(), clockTicksPerSecond: 100, pageSize: 4096 });
    expect(fresh.groupMembers(100)).toEqual([100, 101, 102]);
    const dir = path.join(procRoot(), '104');
    mkdirSync(dir);
    try {
      writeFileSync(path.join(dir, 'stat'), statLine({ pid: 104, comm: 'late', ppid: 100, pgid: 100 }));
      // A plan's group and descendants come from the same pass (the process forked since is not in it)...
      expect(fresh.descendants(100)).toEqual([101, 102]);
      expect(fresh.info(104)?.ppid).toBe(100);
      await Promise.resolve();
      // ...which is gone once the job ends.
      expect(fresh.descendants(100)).toEqual([101, 104, 102]);
      expect(fresh.groupMembers(100)).toEqual([100, 101, 102, 104]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.platform === 'linux')('LinuxProcessTable on this machine', () => {
  const table = new LinuxProcessTable();
  const scope = useProcessScope('stackctl-proc-');

  it('describes the test process as Node itself does', () => {
    const info = table.info(process.pid);
    expect(info).not.toBeNull();
    expect(info?.ppid).toBe(process.ppid);
    expect(info?.cwd).toBe(process.cwd());
    expect(info?.argv).toEqual([process.argv0, ...process.execArgv, ...process.argv.slice(1)]);
    // Start time from ticks + btime (CLK_TCK = 100) agrees with Node's own uptime to about 1 s.
    const startedAt = Date.now() - process.uptime() * 1000;
    expect(Math.abs((info?.startedAt ?? 0) - startedAt)).toBeLessThan(2_000);
    const cpu = process.cpuUsage();
    expect(Math.abs((info?.cpuTimeMs ?? 0) - (cpu.user + cpu.system) / 1000)).toBeLessThan(500);
    const rss = process.memoryUsage().rss;
    expect(info?.rssBytes).toBeGreaterThan(rss * 0.75);
    expect(info?.rssBytes).toBeLessThan(rss * 1.25);
  });

  it('matches its own fingerprint and rejects one with another start time', () => {
    const recorded = takeFingerprint(table, process.pid);
    expect(recorded).not.toBeNull();
    if (recorded === null) return;
    expect(recorded.pgid).toBe(table.info(process.pid)?.pgid);
    expect(matchesFingerprint(table, recorded)).toBe(true);
    expect(matchesFingerprint(table, { ...recorded, startTime: recorded.startTime - 1 })).toBe(false);
    expect(checkFingerprint(table, { ...recorded, startTime: recorded.startTime + 100 })).toBe('reused');
    expect(checkFingerprint(table, { ...recorded, command: 'something else' })).toBe('command-changed');
  });

  it('finds a two-level tree, its process group, and forgets it once it is killed', async () => {
    const root = await spawnNodeScript<{ child: number; grandchild: number }>(TREE_SCRIPT, {
      cwd: scope.workDir(),
      detached: true,
    });
    const { child, grandchild } = root.report;
    scope.track(root.pid, child, grandchild);

    expect(table.children(root.pid)).toEqual([child]);
    expect(table.descendants(root.pid)).toEqual([child, grandchild]);
    expect(table.groupMembers(root.pid)).toEqual([root.pid, child, grandchild].sort((a, b) => a - b));
    expect(table.descendants(process.pid)).toEqual(expect.arrayContaining([root.pid, child, grandchild]));

    const rootInfo = table.info(root.pid);
    expect(rootInfo).toMatchObject({ ppid: process.pid, pgid: root.pid, cwd: scope.workDir() });
    expect(rootInfo?.argv[0]).toBe(process.execPath);
    expect(table.info(grandchild)?.ppid).toBe(child);

    const recorded = takeFingerprint(table, grandchild);
    expect(recorded && matchesFingerprint(table, recorded)).toBe(true);
    await killAll([root.pid, child, grandchild]);
    expect(recorded && checkFingerprint(table, recorded)).toBe('gone');
    expect(table.descendants(root.pid)).toEqual([]);
    expect(table.info(root.pid)).toBeNull();
  });
});
