// The stop policy with a cgroup (fakes, real timers): gone only once the cgroup is empty, strays get the polite signal, cgroup.kill ends it.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/system/clock.js';
import { terminateGroup, type CgroupControl, type TerminateOptions } from '../../src/supervisor/terminate-group.js';

/** A service whose leader and group end on the polite signal, with `strays` left in its cgroup that only `kill` ends (unless `politeStrays`). */
function scenario(strays: number, politeStrays = false) {
  const calls: string[] = [];
  let members = strays;
  let groupAlive = true;
  const cgroup: CgroupControl = {
    populated: () => members > 0 || groupAlive,
    members: () => Array.from({ length: members + (groupAlive ? 1 : 0) }, (_, i) => 1000 + i),
    signalStrays: (signal) => {
      calls.push(`strays ${signal}`);
      if (politeStrays) members = 0;
    },
    kill: () => {
      calls.push('cgroup.kill');
      members = 0;
      groupAlive = false;
    },
  };
  const options: TerminateOptions = {
    clock: systemClock,
    signalGroup: (signal) => {
      calls.push(`group ${signal}`);
      groupAlive = false;
    },
    groupAlive: () => groupAlive,
    leaderExited: () => !groupAlive,
    leaderExit: new Promise(() => {}),
    signal: 'SIGTERM',
    timeoutMs: 200,
    immediate: false,
    escalate: new Promise(() => {}),
    pollMs: 10,
    killWaitMs: 500,
    cgroup,
  };
  return { calls, options };
}

describe('terminateGroup with a cgroup', () => {
  it('waits for the strays the group signal missed, then ends with cgroup.kill and says how many it killed', async () => {
    const { calls, options } = scenario(2);
    const started = Date.now();
    expect(await terminateGroup(options)).toEqual({ forced: true, gone: true, killed: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(calls).toEqual(['group SIGTERM', 'strays SIGTERM', 'group SIGKILL', 'cgroup.kill']);
  });

  it('needs no SIGKILL when the strays end on the polite signal', async () => {
    const { calls, options } = scenario(2, true);
    expect(await terminateGroup(options)).toEqual({ forced: false, gone: true, killed: 0 });
    expect(calls).toEqual(['group SIGTERM', 'strays SIGTERM']);
  });

  it('without a cgroup: the group alone counts, killed unknown', async () => {
    const { options } = scenario(2);
    const { cgroup: _, ...withoutCgroup } = options;
    expect(await terminateGroup(withoutCgroup)).toEqual({ forced: false, gone: true, killed: null });
  });
});
