// The handle `createEngine` returns: the whole API that hosts (`up`, the daemon) use.
import type { ErrorCode } from '../errors/index.js';
import type { AdoptOutcome } from './adoption.js';
import type { PortConflictMode } from './port-preflight.js';
import type { EngineEvent, ExternalProcess, OutputBatch, OutputLine, ServiceStatus, WarningDetail } from './types.js';

export type { AdoptOutcome } from './adoption.js';
export type { PortConflictMode } from './port-preflight.js';

/** What a failure the caller can act on carries besides its reason: `E_PORT_IN_USE` and who holds the port. */
export interface StartFailureDetail {
  readonly code: ErrorCode;
  /** The process holding the port, when it is visible: the one `adopt` / `replace` would act on. */
  readonly holder?: ExternalProcess;
}

export interface StartFailure extends Partial<StartFailureDetail> {
  readonly name: string;
  /** In words: `port 4000 is held by pid 8123 (node server.js, …)`, `dependency db failed: …`. */
  readonly reason: string;
}

export interface StartOutcome {
  /** Services that reached their start goal (running, or healthy when they have a check). */
  readonly started: readonly string[];
  /** Services that failed to start, with the reason (and, for a held port, its code and holder). */
  readonly failed: readonly StartFailure[];
}

export interface StartOptions {
  /**
   * What starting a named service (every service, when none are named) does when one of its
   * declared ports is held by a process stackctl did not start. `fail` (default): the service
   * fails with `E_PORT_IN_USE` naming the holder, its dependents with `dependency … failed`.
   * `adopt`: the holder is tracked as the service — `running`, origin `external`, health-checked,
   * stopped by `stop`, never restarted (its exit leaves the service `exited`). `replace`: the
   * holder (and what it started) gets SIGTERM, up to the service's stop_timeout to go, then
   * SIGKILL; then the service is spawned. Dependencies started along with them always `fail`.
   * Automatic restarts never check ports (they would race their own dying process).
   */
  readonly portConflict?: PortConflictMode;
  /**
   * The processes this start spawns get FORCE_COLOR=1 (unless their env sets FORCE_COLOR or
   * NO_COLOR), and keep it across their automatic restarts until a start without it: their output
   * is shown in terminals (`--separate-terminals`) although it goes through pipes. Services
   * already running keep the environment they were started with.
   */
  readonly forceColor?: boolean;
}

/** How `track` takes a process over. */
export interface TrackOptions {
  /** The process runs in a user's terminal (`stackctl run`): the only kind `track` knows so far. */
  readonly attached: true;
}

export interface EngineHandle {
  /**
   * Starts the named services and everything they depend on (all when `names` is empty),
   * in dependency order; resolves when each has reached running/healthy or failed.
   * Throws StackctlError E_SERVICE_UNKNOWN for a name not in the config.
   */
  start(names?: readonly string[], options?: StartOptions): Promise<StartOutcome>;
  /** Stops the named services (all when empty) in reverse dependency order; resolves when every process group is gone. */
  stop(names?: readonly string[]): Promise<void>;
  /** Stops, then starts the named services (all when empty); the ports are checked as by `start`. */
  restart(names?: readonly string[], options?: StartOptions): Promise<StartOutcome>;
  /**
   * Starts what `name` depends on — not `name` itself — and resolves once each has met the
   * condition `name` declares on it (`started`, `healthy`, `completed`), or failed. What `stackctl
   * run` does before it spawns the service in its own terminal. Throws E_SERVICE_UNKNOWN.
   */
  startDependencies(name: string, options?: StartOptions): Promise<StartOutcome>;
  /**
   * Takes the live process `pid`, started outside the engine for service `name`, as that service's
   * run — `stackctl run` spawns it in the user's terminal and registers it here. It becomes
   * `running` with origin `managed` and `attached: true` in its status; it is health-checked,
   * recorded in the run records (so a new host keeps tracking it) and stopped by `stop` with its
   * descendants, pid by pid: its process group is the terminal's, which holds the CLI waiting for
   * it, and is never signalled. It is never restarted: when it ends the service is `exited`. Its
   * output is the terminal's, not captured. Throws E_SERVICE_UNKNOWN, E_ALREADY_RUNNING when the
   * service is not resting (stopped, exited, failed), E_USAGE when `pid` is not a live process.
   */
  track(name: string, pid: number, options: TrackOptions): Promise<ServiceStatus>;
  /** SIGKILLs every process group at once (the second Ctrl+C); resolves when they are gone. */
  kill(): Promise<void>;
  /**
   * Re-adopts the live processes an earlier host recorded in `runRecords` (after a crash, or a
   * `detach`). Per record: the same process (fingerprint) → `running` here, with an `adopt` event,
   * its pid, start and restart count, its output continuing from the FIFOs; dead → `exited`
   * ("ended while no supervisor was watching"); PID now someone else's → a warning, never
   * signalled, `stopped`. Runs at most once per engine: with `adopt: true` it starts on the next
   * microtask after createEngine (so listeners subscribed right after creation see its events) and
   * every other method waits for it; later calls return the same outcome. Call it before `start`.
   * An adopted process's exit status is unknown (code and signal null): `on-failure` restarts it.
   */
  adopt(): Promise<AdoptOutcome>;
  /**
   * Lets go of everything without stopping anything — what a host does when it goes away but the
   * stack should keep running (`daemon stop`; a crash does the same implicitly). Closes this host's
   * output readers (FIFO mode: what is unread stays in the pipes, the unfinished line already read
   * goes into the run record), health checks and timers; live processes and their run records stay
   * for the next host to `adopt`. Stops already under way finish first; pending starts and
   * restarts are cancelled (→ stopped); a `start()` still waiting for a running service to turn
   * healthy never settles (nothing is checked any more). Afterwards `stop`/`kill` do nothing and
   * `start`, `restart` and `adopt` reject with E_INTERNAL. Meant for FIFO output: in pipe mode a
   * process's next write after detach meets a closed pipe (SIGPIPE/EPIPE), which usually ends it.
   */
  detach(): Promise<void>;
  /** A snapshot of every service, in config order. */
  status(): readonly ServiceStatus[];
  /**
   * Gives a `warning` event about service `name` from outside the engine: what its host noticed
   * (a log file that cannot be written). Every `onEvent` listener gets it as one of the engine's own.
   * Throws E_SERVICE_UNKNOWN.
   */
  warn(name: string, message: string, detail: WarningDetail): void;
  /** Subscribes to state, health, exit… events; returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Subscribes to complete output lines of every service; returns an unsubscribe function. */
  onOutput(listener: (line: OutputLine) => void): () => void;
  /** The same lines, one call per chunk read (what the log files take); returns an unsubscribe function. */
  onOutputBatch(listener: (batch: OutputBatch) => void): () => void;
}
