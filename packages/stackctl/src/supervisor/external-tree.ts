// Signalling a process stackctl did not start (an adopted or replaced port holder): whom to signal, never ourselves.
import type { Platform } from '../system/platform.js';
import {
  compareFingerprint,
  fingerprintOf,
  type ProcessFingerprint,
  type ProcessTable,
} from '../system/process-table/index.js';

/** This host as the process table sees it: what must never be signalled. */
export interface SelfIdentity {
  readonly pid: number;
  /** Our process group; null when unknown. */
  readonly pgid: number | null;
  /** Our parent, its parent, … up to (not including) init. */
  readonly ancestors: readonly number[];
}

export type StopTargets =
  /** The holder leads a group of its own that holds nothing of ours: signal the group. */
  | { readonly kind: 'group'; readonly pgid: number }
  /** Otherwise the holder and its descendants, one by one. */
  | { readonly kind: 'pids'; readonly pids: readonly number[] }
  /** The holder is this host or one of its ancestors. */
  | { readonly kind: 'refused'; readonly reason: string };

export interface StopTargetInput {
  readonly holder: { readonly pid: number; readonly pgid: number };
  /** The holder's descendants now. */
  readonly descendants: readonly number[];
  /** The members of the holder's group (asked only when it leads one). */
  readonly groupMembers: readonly number[];
  readonly self: SelfIdentity;
}

/**
 * Pure: a holder that leads its own process group is stopped through the group, as a managed
 * service is — unless that group is ours or holds us or an ancestor (a shell). A holder inside
 * someone else's group (a shell's job, a test runner's) is stopped with its descendants, pid by
 * pid, so the group's leader and the rest of it are never touched. Never init, us or our ancestors.
 */
export function selectStopTargets(input: StopTargetInput): StopTargets {
  const { holder, self } = input;
  const protectedPids = new Set([0, 1, self.pid, ...self.ancestors]);
  if (protectedPids.has(holder.pid)) {
    return { kind: 'refused', reason: `pid ${holder.pid} is this stackctl or one of its parents` };
  }
  const leadsOwnGroup = holder.pgid === holder.pid && holder.pgid !== self.pgid;
  if (leadsOwnGroup && !input.groupMembers.some((pid) => protectedPids.has(pid))) return { kind: 'group', pgid: holder.pgid };
  const pids = [...new Set([holder.pid, ...input.descendants])].filter((pid) => pid > 1 && !protectedPids.has(pid));
  return { kind: 'pids', pids };
}

/** Reads this process's group and ancestors from the table. */
export function selfIdentity(table: ProcessTable, pid = process.pid): SelfIdentity {
  const info = table.info(pid);
  const ancestors: number[] = [];
  const seen = new Set([pid]);
  for (let parent = info?.ppid ?? 0; parent > 1 && !seen.has(parent); parent = table.info(parent)?.ppid ?? 0) {
    ancestors.push(parent);
    seen.add(parent);
  }
  return { pid, pgid: info?.pgid ?? null, ancestors };
}

export interface ExternalTreeDeps {
  readonly platform: Platform;
  readonly processTable: ProcessTable;
  /** Default: read from the table at each signal. */
  readonly self?: () => SelfIdentity;
}

/**
 * One external process and what it started. Every signal re-reads the tree: the holder only
 * while its fingerprint matches (a reused pid is never signalled), then the processes it had
 * when last signalled, each again only while it is the very process (start time).
 */
export class ExternalTree {
  #group: number | null = null;
  readonly #signalled = new Map<number, ProcessFingerprint>();

  constructor(
    readonly holder: ProcessFingerprint,
    private readonly deps: ExternalTreeDeps,
  ) {}

  /** Still the very process (same start time; an `exec` since counts). */
  holderAlive(): boolean {
    const verdict = compareFingerprint(this.deps.processTable.info(this.holder.pid), this.holder);
    return verdict === 'match' || verdict === 'command-changed';
  }

  /** Signals the holder's tree as selectStopTargets says; false when refused or nothing was left. */
  signal(signal: NodeJS.Signals): boolean {
    const { platform, processTable: table } = this.deps;
    const current = this.holderAlive() ? table.info(this.holder.pid) : null;
    if (current !== null) {
      const leads = current.pgid === current.pid;
      const targets = selectStopTargets({
        holder: { pid: current.pid, pgid: current.pgid },
        descendants: table.descendants(current.pid),
        groupMembers: leads ? table.groupMembers(current.pgid) : [],
        self: (this.deps.self ?? (() => selfIdentity(table)))(),
      });
      if (targets.kind === 'refused') return false;
      if (targets.kind === 'group') {
        this.#group = targets.pgid;
        return platform.signalGroup(targets.pgid, signal);
      }
      for (const pid of targets.pids) {
        const info = table.info(pid);
        if (info !== null) this.#signalled.set(pid, fingerprintOf(info));
      }
    }
    let sent = false;
    // The holder is gone: its group (while members pin the id) or the processes signalled before.
    if (this.#group !== null && platform.groupAlive(this.#group)) sent = platform.signalGroup(this.#group, signal);
    for (const [pid, fingerprint] of this.#signalled) {
      if (this.#alive(fingerprint)) sent = platform.signalProcess(pid, signal) || sent;
      else this.#signalled.delete(pid);
    }
    return sent;
  }

  /** True while the holder, its group (when signalled as one) or any process signalled is alive. */
  alive(): boolean {
    if (this.holderAlive()) return true;
    if (this.#group !== null && this.deps.platform.groupAlive(this.#group)) return true;
    return [...this.#signalled.values()].some((fingerprint) => this.#alive(fingerprint));
  }

  #alive(fingerprint: ProcessFingerprint): boolean {
    const verdict = compareFingerprint(this.deps.processTable.info(fingerprint.pid), fingerprint);
    return verdict === 'match' || verdict === 'command-changed';
  }
}
