// The operating-system seam: how the engine spawns, signals and watches process groups.
import type { Readable } from 'node:stream';

export interface SpawnSpec {
  /** A shell string (run through the shell) or an argv list (run directly). */
  readonly command: string | readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One spawned process, leader of its own process group. */
export interface ChildHandle {
  readonly pid: number;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /**
   * Resolves once the leader has exited and its output streams have ended — or shortly after the
   * leader exited, when descendants still hold the streams open (the engine then stops them).
   */
  readonly exited: Promise<ExitStatus>;
}

export interface Platform {
  /** Spawns the command as the leader of a new process group; throws StackctlError E_SPAWN_FAILED. */
  spawn(spec: SpawnSpec): ChildHandle;
  /** Sends a signal to every process in the group led by `pid`; false when none is left. */
  signalGroup(pid: number, signal: NodeJS.Signals): boolean;
  /** True while any process of the group led by `pid` is alive. */
  groupAlive(pid: number): boolean;
}
