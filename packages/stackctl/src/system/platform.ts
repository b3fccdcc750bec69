// The operating-system seam: how the engine spawns, signals, watches and re-attaches to process groups.
import type { Readable } from 'node:stream';

/** The named pipes (FIFOs) a process writes its stdout and stderr into; see fifo.ts. */
export interface OutputPaths {
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnSpec {
  /** A shell string (run through the shell) or an argv list (run directly). */
  readonly command: string | readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /**
   * Write output into these FIFOs instead of anonymous pipes, so it outlives this host: they are
   * created when missing, and ChildHandle.stdout/stderr read them. Default: anonymous pipes.
   */
  readonly output?: OutputPaths;
  /**
   * Linux: the folder of a cgroup v2 cgroup to start the process in, before it can run anything or
   * fork (see system/cgroup/). Platforms without cgroups ignore it; so does a spawn that could not
   * place it, which the caller sees from the cgroup staying empty.
   */
  readonly cgroup?: string;
}

export interface ExitStatus {
  /** Null when killed by a signal, or when not known (an attached process is not our child). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One process, leader of its own process group: spawned by this host, or attached to. */
export interface ChildHandle {
  readonly pid: number;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /**
   * Resolves once the leader has exited and its output streams have ended — or shortly after the
   * leader exited, when descendants still hold the streams open (the engine then stops them).
   */
  readonly exited: Promise<ExitStatus>;
  /**
   * Lets go without touching the process: stops polling, and no longer keeps this host alive.
   * `exited` may then never settle. Output streams are the caller's to destroy.
   */
  release?(): void;
}

/** A live process this host did not spawn (one started by an earlier host), to re-attach to. */
export interface AttachTarget {
  readonly pid: number;
  /** The process group to signal. */
  readonly pgid: number;
  /** The FIFOs it writes to, reopened for reading; null: its output cannot be read (empty streams). */
  readonly output: OutputPaths | null;
  /**
   * Whether the process is still the one we mean (the engine checks its fingerprint). It is not
   * our child, so there is no waitpid: `exited` polls this.
   */
  isAlive(): boolean;
}

export interface Platform {
  /** Spawns the command as the leader of a new process group; throws StackctlError E_SPAWN_FAILED. */
  spawn(spec: SpawnSpec): ChildHandle;
  /**
   * Re-attaches to a live process: output from its FIFOs (what was written while nobody read comes
   * first), `exited` settles with code and signal null once `isAlive` turns false and the streams ended.
   */
  attach(target: AttachTarget): ChildHandle;
  /** Sends a signal to every process in the group led by `pid`; false when none is left. */
  signalGroup(pid: number, signal: NodeJS.Signals): boolean;
  /** True while any process of the group led by `pid` is alive. */
  groupAlive(pid: number): boolean;
  /**
   * Sends a signal to the one process `pid` (not its group): how a process stackctl did not start,
   * in a group it does not lead, is stopped. False when it is gone.
   */
  signalProcess(pid: number, signal: NodeJS.Signals): boolean;
}
