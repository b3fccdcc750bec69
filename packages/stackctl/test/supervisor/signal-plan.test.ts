// Unit and property tests of the signal decision over crafted and generated process tables (no OS).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { membersOf, planSignals, type MemberFingerprint } from '../../src/supervisor/signal-plan.js';
import type { ProcessFingerprint } from '../../src/system/process-table/index.js';
import { tableFromRows, type ProcessRow } from '../helpers/table-from-rows.js';

const NONE = new Set([0, 1]);
const LEADER = 100;

const plan = (leader: ProcessFingerprint, rows: ProcessRow[], members: MemberFingerprint[] = [], protectedPids = NONE) =>
  planSignals({ leader, members, protectedPids }, tableFromRows(rows));

const pids = (list: readonly { pid: number }[]) => list.map((each) => each.pid).sort((a, b) => a - b);

describe('planSignals: the reproductions', () => {
  const record = { pid: LEADER, pgid: LEADER, startTime: 1000, command: 'sleep 120' };

  it('PID reuse: the leader is gone and a new group took its id (its leader gone too): nothing is signalled', () => {
    // setsid sh -c 'sleep 300 &' with pid 100: sh exited, its sleep lives on in group 100, parent init.
    const result = plan(record, [{ pid: 101, ppid: 1, pgid: LEADER, startTime: 5000, command: 'sleep 300' }]);
    expect(result).toEqual({ leader: 'gone', group: null, processes: [], reached: [] });
  });

  it('a forged record: right start time, another command (command-changed is no proof)', () => {
    const stranger = { pid: 300, ppid: 1, pgid: 300, startTime: 1000, command: 'postgres' };
    const result = plan({ ...record, pid: 300, pgid: 300 }, [stranger, { pid: 301, ppid: 300, pgid: 300, startTime: 1001, command: 'postgres: worker' }]);
    expect(result).toMatchObject({ leader: 'command-changed', group: null, reached: [] });
  });

  it('a forged record: a dead pid whose pgid names a live unrelated group', () => {
    const result = plan({ ...record, pid: 999, pgid: 300 }, [{ pid: 300, ppid: 1, pgid: 300, startTime: 10, command: 'postgres' }]);
    expect(result).toMatchObject({ leader: 'gone', group: null, reached: [] });
  });

  it("a forged record: a live process's true fingerprint with another group's pgid", () => {
    const rows = [
      { pid: 300, ppid: 1, pgid: 300, startTime: 10, command: 'vim notes.txt' },
      { pid: 400, ppid: 1, pgid: 400, startTime: 20, command: 'postgres' },
    ];
    const result = plan({ pid: 300, pgid: 400, startTime: 10, command: 'vim notes.txt' }, rows);
    expect(result).toMatchObject({ leader: 'group-mismatch', group: null, reached: [] });
  });

  it('a live leader with its fingerprint: its group, plus what left the group, pid by pid', () => {
    const rows = [
      { pid: LEADER, ppid: 50, pgid: LEADER, startTime: 1000, command: 'sleep 120' },
      { pid: 101, ppid: LEADER, pgid: LEADER, startTime: 1001, command: 'child' },
      { pid: 102, ppid: 101, pgid: 102, startTime: 1002, command: 'setsid child' },
      { pid: 103, ppid: 1, pgid: 103, startTime: 1003, command: 'double-forked daemon' },
      { pid: 104, ppid: 1, pgid: 104, startTime: 1004, command: 'stranger' },
    ];
    const members = [{ pid: 103, startTime: 1003, command: 'double-forked daemon' }];
    const result = plan(record, rows, members);
    expect(result.group).toBe(LEADER);
    expect(pids(result.processes)).toEqual([102, 103]);
    expect(pids(result.reached)).toEqual([100, 101, 102, 103]);
    expect(membersOf(result, LEADER).map((each) => each.pid)).toEqual([101, 102, 103]);
  });

  it('the leader gone: recorded members that still match, and their descendants, one by one', () => {
    const rows = [
      { pid: 101, ppid: 1, pgid: LEADER, startTime: 1001, command: 'worker' },
      { pid: 102, ppid: 101, pgid: LEADER, startTime: 1002, command: 'worker child' },
      { pid: 103, ppid: 1, pgid: LEADER, startTime: 1003, command: 'not recorded, no parent of ours' },
      { pid: 104, ppid: 1, pgid: 104, startTime: 900, command: 'reused pid of a member' },
    ];
    const members = [
      { pid: 101, startTime: 1001, command: 'worker' },
      { pid: 104, startTime: 1004, command: 'old member' },
    ];
    const result = plan(record, rows, members);
    expect(result.group).toBeNull();
    expect(pids(result.processes)).toEqual([101, 102]);
  });

  it('never a protected process (this host, its ancestors), nor a group that holds one', () => {
    const rows = [
      { pid: LEADER, ppid: 50, pgid: LEADER, startTime: 1000, command: 'sleep 120' },
      { pid: 60, ppid: LEADER, pgid: LEADER, startTime: 1001, command: 'stackctl' },
      { pid: 61, ppid: LEADER, pgid: LEADER, startTime: 1002, command: 'child' },
    ];
    const result = plan(record, rows, [], new Set([0, 1, 60]));
    expect(result.group).toBeNull();
    expect(pids(result.processes)).toEqual([61, 100]);
  });
});

/** A generated world: a service's processes, strangers, and a record of the service (valid, stale or forged). */
interface World {
  readonly rows: ProcessRow[];
  /** The service's true tree: what may ever be signalled. */
  readonly service: ReadonlySet<number>;
  readonly leader: ProcessFingerprint;
  readonly members: MemberFingerprint[];
  /** A live service with a valid record: these must all be reached. */
  readonly mustReach: ReadonlySet<number> | null;
}

const RECORD_KINDS = ['valid', 'stale-command', 'forged-command', 'forged-dead-pgid', 'forged-pgid'] as const;

const worldArbitrary = fc
  .record({
    leaderAlive: fc.boolean(),
    hostAlive: fc.boolean(),
    serviceProcs: fc.array(
      fc.record({
        parent: fc.nat(),
        orphaned: fc.boolean(),
        leftGroup: fc.boolean(),
        recorded: fc.constantFrom('exact', 'stale', 'no'),
        zombie: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      }),
      { maxLength: 7 },
    ),
    reuse: fc.constantFrom('none', 'pid', 'group'),
    strangers: fc.array(
      fc.record({
        parent: fc.nat(),
        orphan: fc.boolean(),
        pgidKind: fc.constantFrom('own', 'parent', 'service-group'),
        start: fc.integer({ min: 0, max: 3000 }),
        zombie: fc.boolean(),
      }),
      { maxLength: 7 },
    ),
    recordKind: fc.constantFrom(...RECORD_KINDS),
    target: fc.nat(),
    forgedMembers: fc.array(fc.record({ target: fc.nat(), kind: fc.constantFrom('reused', 'other-command') }), { maxLength: 3 }),
  })
  .map((g): World => {
    const rows: ProcessRow[] = [];
    const service = new Set<number>();
    const members: MemberFingerprint[] = [];
    const leaderCommand = 'svc leader';
    if (g.leaderAlive) {
      rows.push({ pid: LEADER, ppid: g.hostAlive ? 50 : 1, pgid: LEADER, startTime: 1000, command: leaderCommand });
      service.add(LEADER);
    }
    // The service's processes: each forked by the leader or an earlier one; some left the group, some lost their parent.
    const reachable = new Set<number>(g.leaderAlive ? [LEADER] : []);
    g.serviceProcs.forEach((p, i) => {
      const pid = LEADER + 1 + i;
      const parentPid = LEADER + (p.parent % (i + 1));
      const parent = rows.find((row) => row.pid === parentPid && row.state !== 'Z');
      const parentPgid = parentPid === LEADER ? LEADER : (rows.find((row) => row.pid === parentPid)?.pgid ?? LEADER);
      const pgid = p.leftGroup ? pid : parentPgid;
      const ppid = p.orphaned || parent === undefined ? 1 : parentPid;
      const command = `svc ${i}`;
      rows.push({ pid, ppid, pgid, startTime: 1001 + i, command, ...(p.zombie ? { state: 'Z' } : {}) });
      service.add(pid);
      if (p.recorded === 'exact') members.push({ pid, startTime: 1001 + i, command });
      if (p.recorded === 'stale') members.push({ pid, startTime: 1001 + i, command: `${command} before exec` });
      const inGroup = pgid === LEADER && g.leaderAlive;
      if (!p.zombie && (inGroup || p.recorded === 'exact' || (ppid !== 1 && reachable.has(ppid)))) reachable.add(pid);
    });
    // Pid 100 (and group 100) can be taken by another program only once the leader is gone and nothing holds the group id.
    const groupFree = !g.leaderAlive && !rows.some((row) => row.pgid === LEADER);
    if (groupFree && g.reuse === 'pid') rows.push({ pid: LEADER, ppid: 1, pgid: LEADER, startTime: 2500, command: 'reused leader pid' });
    g.strangers.forEach((s, j) => {
      const pid = 200 + j;
      const parentRow = j === 0 || s.orphan ? undefined : rows.find((row) => row.pid === 200 + (s.parent % j) && row.state !== 'Z');
      const ppid = parentRow?.pid ?? 1;
      let pgid = pid;
      if (s.pgidKind === 'parent' && parentRow !== undefined) pgid = parentRow.pgid;
      if (s.pgidKind === 'service-group' && groupFree && g.reuse !== 'none') pgid = LEADER;
      rows.push({ pid, ppid, pgid, startTime: s.start, command: `stranger ${j}`, ...(s.zombie ? { state: 'Z' } : {}) });
    });
    const strangers = rows.filter((row) => !service.has(row.pid));
    const pick = (n: number) => strangers[n % Math.max(1, strangers.length)];
    for (const forged of g.forgedMembers) {
      const x = pick(forged.target);
      if (x === undefined) continue;
      // Stale or forged member entries: never a stranger's full true fingerprint (that is the very definition of it).
      members.push(forged.kind === 'reused' ? { pid: x.pid, startTime: x.startTime + 1, command: x.command } : { pid: x.pid, startTime: x.startTime, command: `${x.command} forged` });
    }
    let leader: ProcessFingerprint = { pid: LEADER, pgid: LEADER, startTime: 1000, command: leaderCommand };
    const x = pick(g.target);
    switch (g.recordKind) {
      case 'valid':
        break;
      case 'stale-command':
        leader = { ...leader, command: 'sh -c svc leader' };
        break;
      case 'forged-command':
        if (x !== undefined) leader = { pid: x.pid, pgid: x.pgid, startTime: x.startTime, command: `${x.command} forged` };
        break;
      case 'forged-dead-pgid':
        leader = { pid: 999, pgid: x?.pgid ?? LEADER, startTime: 1000, command: leaderCommand };
        break;
      case 'forged-pgid':
        if (x !== undefined) leader = { pid: x.pid, pgid: x.pgid === LEADER ? 201 : LEADER, startTime: x.startTime, command: x.command };
        break;
    }
    const validLive = g.recordKind === 'valid' && g.leaderAlive;
    return { rows, service, leader, members, mustReach: validLive ? reachable : null };
  });

describe('planSignals over generated process tables', () => {
  it('never reaches a process outside the service’s true tree, by group or by pid', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const result = plan(world.leader, world.rows, world.members);
        for (const each of result.reached) expect(world.service.has(each.pid), `pid ${each.pid} is not the service's`).toBe(true);
        if (result.group !== null) {
          // The group signal reaches every member of the group, whatever the plan lists.
          const hit = world.rows.filter((row) => row.pgid === result.group && row.state !== 'Z').map((row) => row.pid);
          for (const pid of hit) expect(world.service.has(pid), `group ${result.group} holds pid ${pid}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('always reaches every process of a live service with a valid record (group, members, parent chains)', () => {
    fc.assert(
      fc.property(
        worldArbitrary.filter((world) => world.mustReach !== null),
        (world) => {
          const result = plan(world.leader, world.rows, world.members);
          expect(result.leader).toBe('proven');
          expect(result.group).toBe(LEADER);
          const reached = new Set(result.reached.map((each) => each.pid));
          for (const pid of world.mustReach ?? []) expect(reached.has(pid), `pid ${pid} not reached`).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('a stale record whose processes are all gone or taken by others signals nothing', () => {
    fc.assert(
      fc.property(
        worldArbitrary.filter((world) => !world.service.has(LEADER) && world.members.every((m) => !world.service.has(m.pid))),
        (world) => {
          expect(plan(world.leader, world.rows, world.members).reached).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
