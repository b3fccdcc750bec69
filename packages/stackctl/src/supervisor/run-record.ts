// What the engine writes to `.stackctl/run/<service>.json` for every live process, so a new host can re-adopt it.
import type { MemberFingerprint } from './signal-plan.js';

/** How a service's live process came to be tracked. */
export type ServiceOrigin = 'managed' | 'external';

export interface RunRecord {
  readonly service: string;
  readonly pid: number;
  /** The process group stackctl signals; for an external process it may not be led by `pid`. */
  readonly pgid: number;
  /** The fingerprint: start time read from the OS (Linux: /proc/<pid>/stat field 22, in clock ticks). */
  readonly startTime: number;
  /**
   * The fingerprint's command line (argv joined by spaces), as last seen: a host that spawned the
   * process refreshes it once the leader has exec'd (`sh -c 'exec node …'`), so it matches exactly.
   */
  readonly command: string;
  /**
   * The service's other processes as the host last saw them (its group, and descendants that left
   * the group), refreshed while it runs: after the leader is gone, or for a process that left the
   * group and lost its parent (a double-forked daemon), these fingerprints are the only proof that
   * a process is the service's. Absent in records of older versions (nothing then but the leader).
   */
  readonly members?: readonly MemberFingerprint[];
  /** Epoch ms when this run started. */
  readonly startedAt: number;
  /** Automatic restarts so far, carried over to the host that re-adopts the service. */
  readonly restarts: number;
  readonly origin: ServiceOrigin;
  /**
   * The process runs in a user's terminal (`stackctl run`): it sits in that terminal's process
   * group, so it is signalled with its descendants pid by pid (as an external one), never by group.
   * Absent for every other run.
   */
  readonly attached?: true;
  /**
   * The folder of the cgroup v2 cgroup the process was started in (Linux, where one could be
   * made): a new host, or `stop` with no host, stops whatever is still in it. Absent otherwise.
   */
  readonly cgroup?: string;
  /** FIFOs the process writes its stdout/stderr into, which a new host can reopen; null when piped. */
  readonly output: { readonly stdout: string; readonly stderr: string } | null;
  /**
   * Written by a host that detaches (`EngineHandle.detach`): the bytes of each stream's unfinished
   * last line it had already read out of the FIFO, base64. The adopting host puts them in front of
   * what it reads, so no line is cut in two. Absent while a host is attached.
   */
  readonly pendingOutput?: { readonly stdout: string; readonly stderr: string };
}

/**
 * Where run records live; the engine writes one on spawn and removes it once the process is gone.
 * `readAll` skips records it cannot read. See system/run-record-file-store.ts for the file store.
 */
export interface RunRecordStore {
  write(record: RunRecord): void;
  remove(service: string): void;
  read(service: string): RunRecord | null;
  readAll(): RunRecord[];
}
