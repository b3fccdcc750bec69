// Signals one service's processes as signal-plan.ts allows, remembering every process it proved the service's.
import type { Platform } from '../system/platform.js';
import type { ProcessFingerprint, ProcessTable } from '../system/process-table/index.js';
import { selfIdentity, type SelfIdentity } from './external-tree.js';
import {
  membersOf,
  planIsEmpty,
  planSignals,
  type LeaderProof,
  type MemberFingerprint,
  type ProcessRef,
  type SignalPlan,
} from './signal-plan.js';

export interface ServiceSignalsDeps {
  readonly platform: Platform;
  readonly processTable: ProcessTable;
  /** Who must never be signalled; default: read from the table (this process and its ancestors). */
  readonly self?: () => SelfIdentity;
}

/** What one `signal` call did. */
export interface SignalResult {
  readonly leader: LeaderProof;
  /** The group signalled as a whole, if any. */
  readonly group: number | null;
  /** Every process the signal reached (group members included). */
  readonly reached: readonly ProcessRef[];
}

/**
 * The processes of one service. Before each signal it re-reads the table and plans again
 * (planSignals); every process proven the service's is remembered as a member, so once the
 * leader is gone what it left can still be recognised (by its own fingerprint) and signalled.
 */
export class ServiceSignals {
  #leader: ProcessFingerprint;
  #members = new Map<number, MemberFingerprint>();

  constructor(
    leader: ProcessFingerprint,
    members: readonly MemberFingerprint[],
    private readonly deps: ServiceSignalsDeps,
  ) {
    this.#leader = leader;
    for (const member of members) if (member.pid !== leader.pid) this.#members.set(member.pid, member);
  }

  get leader(): ProcessFingerprint {
    return this.#leader;
  }

  /** The processes remembered as the service's besides the leader, ascending by pid. */
  get members(): MemberFingerprint[] {
    return [...this.#members.values()].sort((a, b) => a.pid - b.pid);
  }

  /**
   * The leader exec'd (same pid and start time, another command). Only for a process this host
   * spawned and still holds as its child, which proves it is the same process: the fingerprint
   * takes the new command, so records and later checks need an exact match.
   */
  updateLeaderCommand(command: string): void {
    this.#leader = { ...this.#leader, command };
  }

  /** The plan for now, without signalling. */
  plan(): SignalPlan {
    return planSignals({ leader: this.#leader, members: this.members, protectedPids: this.#protected() }, this.deps.processTable);
  }

  /**
   * Re-reads who the service's processes are and remembers them. Returns true when the members
   * changed (the caller rewrites the run record).
   */
  refresh(): boolean {
    return this.#remember(this.plan());
  }

  /**
   * Remembers the living members of group `pgid` as the service's. Only for the moment the
   * leader's exit becomes known (see ServiceRun): the group id is then still held by them, so they
   * are its group's. Not when another process holds the leader's pid now (it was reused).
   */
  rememberGroup(pgid: number): void {
    const table = this.deps.processTable;
    const holder = table.info(this.#leader.pid);
    if (holder !== null && holder.state !== 'Z' && holder.startTime !== this.#leader.startTime) return;
    const protectedPids = this.#protected();
    for (const pid of table.groupMembers(pgid)) {
      const info = table.info(pid);
      if (info === null || info.pgid !== pgid || info.state === 'Z' || protectedPids.has(pid) || pid === this.#leader.pid) continue;
      this.#members.set(pid, { pid, startTime: info.startTime, command: info.command });
    }
  }

  /** Signals what the plan allows: the proven group, then each proven process outside it. */
  signal(signal: NodeJS.Signals): SignalResult {
    const { platform, processTable: table } = this.deps;
    const plan = this.plan();
    this.#remember(plan);
    const reached: ProcessRef[] = [];
    if (plan.group !== null && platform.signalGroup(plan.group, signal)) {
      for (const each of plan.reached) if (each.pgid === plan.group) reached.push(ref(each));
    }
    for (const each of plan.processes) {
      // Re-checked just before: a process that ended since the plan never has its pid signalled.
      const info = table.info(each.pid);
      if (info === null || info.startTime !== each.startTime || info.state === 'Z') continue;
      if (platform.signalProcess(each.pid, signal)) reached.push(ref(each));
    }
    return { leader: plan.leader, group: plan.group, reached };
  }

  /** True while anything proven the service's is alive. */
  alive(): boolean {
    return !planIsEmpty(this.plan());
  }

  /** What is proven the service's and still alive now (pid and command): a stop's survivors. */
  remaining(): ProcessRef[] {
    return this.plan().reached.map(ref);
  }

  /** Members are what the latest plan reached; a member not reached any more is gone (or no longer provable). */
  #remember(plan: SignalPlan): boolean {
    const next = membersOf(plan, this.#leader.pid);
    const before = this.members;
    const changed = next.length !== before.length || next.some((each, i) => !sameMember(each, before[i]));
    if (changed) this.#members = new Map(next.map((each) => [each.pid, each]));
    return changed;
  }

  #protected(): ReadonlySet<number> {
    const self = (this.deps.self ?? (() => selfIdentity(this.deps.processTable)))();
    return new Set([0, 1, self.pid, ...self.ancestors]);
  }
}

function ref(each: ProcessFingerprint): ProcessRef {
  return { pid: each.pid, command: each.command };
}

function sameMember(a: MemberFingerprint, b: MemberFingerprint | undefined): boolean {
  return b !== undefined && a.pid === b.pid && a.startTime === b.startTime && a.command === b.command;
}
