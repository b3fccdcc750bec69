// The handle `createEngine` returns: the whole API that hosts (`up`, the daemon) use.
import type { AdoptOutcome } from './adoption.js';
import type { EngineEvent, OutputLine, ServiceStatus } from './types.js';

export type { AdoptOutcome } from './adoption.js';

export interface StartOutcome {
  /** Services that reached their start goal (running, or healthy when they have a check). */
  readonly started: readonly string[];
  /** Services that failed to start, with the reason. */
  readonly failed: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
}

export interface EngineHandle {
  /**
   * Starts the named services and everything they depend on (all when `names` is empty),
   * in dependency order; resolves when each has reached running/healthy or failed.
   * Throws StackctlError E_SERVICE_UNKNOWN for a name not in the config.
   */
  start(names?: readonly string[]): Promise<StartOutcome>;
  /** Stops the named services (all when empty) in reverse dependency order; resolves when every process group is gone. */
  stop(names?: readonly string[]): Promise<void>;
  /** Stops, then starts the named services (all when empty). */
  restart(names?: readonly string[]): Promise<StartOutcome>;
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
  /** Subscribes to state, health, exit… events; returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Subscribes to complete output lines of every service; returns an unsubscribe function. */
  onOutput(listener: (line: OutputLine) => void): () => void;
}
