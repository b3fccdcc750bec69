// The process-table seam: what stackctl needs to know about OS processes (identity, tree, group, usage).

/** One process as the OS reports it at the moment of reading. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** One-letter kernel state: R running, S sleeping, D disk wait, T stopped, Z zombie, I idle, … */
  readonly state: string;
  /**
   * The OS's own start stamp, exact and stable for the process's life, used for fingerprints:
   * clock ticks since boot on Linux (`/proc/<pid>/stat` field 22), epoch seconds on macOS (`lstart`).
   */
  readonly startTime: number;
  /** Start time as epoch milliseconds, as precise as the OS allows (about 1 s). */
  readonly startedAt: number;
  /** The short process name (`comm` on Linux, the executable's base name on macOS). */
  readonly name: string;
  /** The argument vector; `[name]` when the OS shows none (kernel threads, zombies). */
  readonly argv: readonly string[];
  /** `argv` joined by single spaces. */
  readonly command: string;
  /** Working directory; null when not permitted or not known on this OS. */
  readonly cwd: string | null;
  /** Resident memory in bytes. */
  readonly rssBytes: number;
  /** CPU time used, user + system, in milliseconds. */
  readonly cpuTimeMs: number;
  /** User and system CPU time separately; null where the OS reports only the total. */
  readonly cpuUserMs: number | null;
  readonly cpuSystemMs: number | null;
}

/**
 * What a PID file stores (`.stackctl/run/<service>.json`) so that a reused PID is never mistaken
 * for the process stackctl started.
 */
export interface ProcessFingerprint {
  readonly pid: number;
  readonly pgid: number;
  /** `ProcessInfo.startTime`: exact, in the OS's own unit. */
  readonly startTime: number;
  /** `ProcessInfo.command` when the fingerprint was taken. */
  readonly command: string;
}

/**
 * Reads the OS process table. Lists (`children`, `descendants`, `groupMembers`) hold living
 * processes only: zombies are left out, as signalling them does nothing.
 */
export interface ProcessTable {
  /** The process `pid`, or null when there is none (or it is not visible to us). */
  info(pid: number): ProcessInfo | null;
  /** PIDs whose parent is `pid`, ascending. */
  children(pid: number): number[];
  /** PIDs of every process below `pid` (children, grandchildren, …), parents before their children. */
  descendants(pid: number): number[];
  /** PIDs of the members of process group `pgid`, ascending. */
  groupMembers(pgid: number): number[];
}
