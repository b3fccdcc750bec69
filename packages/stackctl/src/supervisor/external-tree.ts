// Whom a process stackctl did not start (a port holder to adopt or replace) may be signalled through, never ourselves.
import type { ProcessTable } from '../system/process-table/index.js';

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
