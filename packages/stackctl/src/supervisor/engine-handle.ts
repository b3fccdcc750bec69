// The handle `createEngine` returns: the whole API that hosts (`up`, the daemon) use.
import type { EngineEvent, OutputLine, ServiceStatus } from './types.js';

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
  /** A snapshot of every service, in config order. */
  status(): readonly ServiceStatus[];
  /** Subscribes to state, health, exit… events; returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Subscribes to complete output lines of every service; returns an unsubscribe function. */
  onOutput(listener: (line: OutputLine) => void): () => void;
}
