// Pure decision of whom a stop may signal: only processes proven to be the service's, by fingerprint, real group and parent chain.
import type { ProcessFingerprint, ProcessInfo, ProcessTable } from '../system/process-table/index.js';

/** One process remembered as the service's (a run record's `members`): enough to know it again. */
export interface MemberFingerprint {
  readonly pid: number;
  /** `ProcessInfo.startTime` when it was seen as the service's. */
  readonly startTime: number;
  /** `ProcessInfo.command` when it was seen as the service's. */
  readonly command: string;
}

/** A process as shown to the user: what was killed, what survived. */
export interface ProcessRef {
  readonly pid: number;
  readonly command: string;
}

export interface SignalPlanInput {
  /** The recorded leader: pid, the pgid recorded for it, start time and command. */
  readonly leader: ProcessFingerprint;
  /** The other processes recorded as the service's while a host watched it. */
  readonly members: readonly MemberFingerprint[];
  /** Never signalled, whatever a record says: init, this process, its ancestors. */
  readonly protectedPids: ReadonlySet<number>;
}

/**
 * How the recorded leader compares with the process now holding its pid:
 * `proven` (start time, command and real pgid all as recorded), `gone`, `reused` (another start
 * time), `command-changed` (same start time, another command: not proof enough for a signal),
 * `group-mismatch` (its real process group is not the recorded one: the record is not trusted).
 */
export type LeaderProof = 'proven' | 'gone' | 'reused' | 'command-changed' | 'group-mismatch';

export interface SignalPlan {
  readonly leader: LeaderProof;
  /** The process group to signal as a whole; null when no group is proven the service's. */
  readonly group: number | null;
  /** Processes to signal one by one (outside the group signalled), each as read now. */
  readonly processes: readonly ProcessFingerprint[];
  /** Every process the plan reaches (group members included), as read now: what a stop waits for. */
  readonly reached: readonly ProcessFingerprint[];
}

/** True when the plan signals nothing: nothing of the service could be proven alive. */
export function planIsEmpty(plan: SignalPlan): boolean {
  return plan.reached.length === 0;
}

/**
 * The decision. A group is signalled as a group only while the recorded leader is alive with its
 * fingerprint (start time AND command), its real pgid, read from the OS, is the recorded one, it
 * leads that group and nothing protected is in it. Otherwise — and for whatever left the group —
 * only processes proven the service's are signalled, one by one: the proven leader, recorded
 * members whose fingerprint still matches, and the descendants (by parent pid) of any of these.
 * A process in a group it does not lead (an adopted port holder in a shell's group, a process run
 * in a terminal) is so signalled with its descendants, never its group. When nothing is proven,
 * the plan is empty: nothing is signalled.
 */
export function planSignals(input: SignalPlanInput, table: ProcessTable): SignalPlan {
  const { leader, protectedPids } = input;
  const current = table.info(leader.pid);
  const proof = leaderProof(current, leader);
  const signallable = (info: ProcessInfo | null): info is ProcessInfo =>
    info !== null && !isDead(info) && info.pid > 1 && !protectedPids.has(info.pid);
  const provenLeader = proof === 'proven' && signallable(current) ? current : null;

  const reached = new Map<number, ProcessInfo>();
  let group: number | null = null;
  if (provenLeader !== null && provenLeader.pgid === provenLeader.pid) {
    const members = table.groupMembers(provenLeader.pgid).map((pid) => (pid === provenLeader.pid ? provenLeader : table.info(pid)));
    if (!members.some((info) => info !== null && protectedPids.has(info.pid))) {
      group = provenLeader.pgid;
      for (const info of members) if (info !== null && !isDead(info) && info.pgid === group) reached.set(info.pid, info);
    }
  }

  // Roots: the proven leader and its group's members, and recorded members proven by their own fingerprint.
  const roots = new Map<number, ProcessInfo>();
  if (provenLeader !== null) roots.set(provenLeader.pid, provenLeader);
  for (const info of reached.values()) roots.set(info.pid, info);
  for (const member of input.members) {
    if (member.pid === leader.pid || roots.has(member.pid)) continue;
    const info = table.info(member.pid);
    if (signallable(info) && info.startTime === member.startTime && info.command === member.command) roots.set(info.pid, info);
  }
  // Their descendants, by parent pid: forked by a proven process or by one of its descendants.
  const processes = new Map<number, ProcessInfo>();
  const visit = (info: ProcessInfo): void => {
    if (!reached.has(info.pid)) processes.set(info.pid, info);
    reached.set(info.pid, info);
  };
  // A root already found below another root has its descendants found with it: one walk each otherwise.
  const walked = new Set<number>();
  for (const root of roots.values()) {
    visit(root);
    if (walked.has(root.pid)) continue;
    for (const pid of table.descendants(root.pid)) {
      walked.add(pid);
      if (processes.has(pid) || reached.has(pid)) continue;
      const info = table.info(pid);
      if (signallable(info)) visit(info);
    }
  }
  return {
    leader: proof,
    group,
    processes: [...processes.values()].map(fingerprint),
    reached: [...reached.values()].map(fingerprint).sort((a, b) => a.pid - b.pid),
  };
}

/** The members a host records for the service now: everything the plan reaches but the leader. */
export function membersOf(plan: SignalPlan, leaderPid: number): MemberFingerprint[] {
  return plan.reached
    .filter((each) => each.pid !== leaderPid)
    .map(({ pid, startTime, command }) => ({ pid, startTime, command }));
}

/** Compares the recorded leader with the process holding its pid now (null: none). */
export function leaderProof(current: ProcessInfo | null, leader: ProcessFingerprint): LeaderProof {
  if (current === null || isDead(current)) return 'gone';
  if (current.startTime !== leader.startTime) return 'reused';
  if (current.command !== leader.command) return 'command-changed';
  return current.pgid === leader.pgid ? 'proven' : 'group-mismatch';
}

function isDead(info: ProcessInfo): boolean {
  return info.state === 'Z' || info.state === 'X';
}

function fingerprint(info: ProcessInfo): ProcessFingerprint {
  return { pid: info.pid, pgid: info.pgid, startTime: info.startTime, command: info.command };
}
