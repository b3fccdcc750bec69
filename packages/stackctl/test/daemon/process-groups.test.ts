// Several process groups from one pass over /proc: the same members as LinuxProcessTable.groupMembers, on a fake tree and on this machine.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { linuxProcessGroups } from '../../src/daemon/process-groups.js';
import { LinuxProcessTable } from '../../src/system/process-table/linux-process-table.js';
import { expectPidsGone } from '../helpers/pids.js';
import { useFakeProc } from '../system/proc/fake-proc.js';

describe('linuxProcessGroups on a fake /proc', () => {
  const procRoot = useFakeProc('stackctl-fake-groups-', {
    btime: 1_700_000_000,
    processes: [
      { pid: 1, comm: 'init', ppid: 0, argv: ['/sbin/init'] },
      { pid: 100, comm: 'node (api) x', ppid: 1, pgid: 100, argv: ['node', 'api.js'] },
      { pid: 102, comm: 'sleep', ppid: 101, pgid: 100, argv: ['sleep', '9'] },
      { pid: 101, comm: 'sh', ppid: 100, pgid: 100, argv: ['sh', '-c', 'sleep 9'] },
      { pid: 103, comm: 'old', ppid: 100, pgid: 100, state: 'Z' },
      { pid: 200, comm: 'web', ppid: 1, pgid: 200, argv: ['node', 'web.js'] },
      { pid: 300, comm: 'other', ppid: 1, pgid: 300, argv: ['other'] },
    ],
  });

  it('lists the living members of each group asked for, ascending, and none for an unknown group', () => {
    const groups = linuxProcessGroups(procRoot())([100, 200, 999]);
    expect([...groups]).toEqual([
      [100, [100, 101, 102]],
      [200, [200]],
      [999, []],
    ]);
  });

  it('agrees with the process table, group by group', () => {
    const table = new LinuxProcessTable({ procRoot: procRoot() });
    const groups = linuxProcessGroups(procRoot())([100, 200, 300]);
    for (const pgid of [100, 200, 300]) expect(groups.get(pgid)).toEqual(table.groupMembers(pgid));
  });
});

describe.runIf(process.platform === 'linux')('linuxProcessGroups on this machine', () => {
  const started: number[] = [];
  afterEach(async () => {
    for (const pid of started) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await expectPidsGone(started.splice(0));
  });

  it('finds a real process group’s leader and its child', async () => {
    const leader = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    const pid = leader.pid as number;
    started.push(pid);
    let members: readonly number[] = [];
    for (let tries = 0; tries < 100 && members.length < 2; tries++) {
      members = linuxProcessGroups()([pid]).get(pid) ?? [];
      if (members.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(members).toContain(pid);
    expect(members).toHaveLength(2);
    expect(members).toEqual(new LinuxProcessTable().groupMembers(pid));
    started.push(...members.filter((member) => member !== pid));
  });
});
