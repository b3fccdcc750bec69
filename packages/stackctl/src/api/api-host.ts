// What a process hosting the engine (`up`, the daemon) hands the API: the engine plus a few optional capabilities.
import type { EngineHandle, StartOutcome } from '../supervisor/engine-handle.js';
import type { ExternalProcess, OutputLine, ServiceStatus } from '../supervisor/types.js';
import type { EventSource } from './event-buffer.js';
import type { LogLossLookup, MetricsLookup } from './status-json.js';

export interface LogReadOptions {
  /** How many of the latest lines to send first. */
  readonly lines: number;
  /** Only lines at or after this epoch ms; null for no bound. */
  readonly since: number | null;
  /** Keep going with new lines until `signal` aborts. */
  readonly follow: boolean;
  /** Aborts when the client disconnects or the server closes: stop reading then. */
  readonly signal: AbortSignal;
}

export interface RestartOptions {
  /** Also restart the services that depend on the named ones. */
  readonly withDependents: boolean;
  /** The processes spawned get FORCE_COLOR=1 (see StartOptions.forceColor). */
  readonly forceColor?: boolean;
}

export interface ApiHost {
  readonly engine: EngineHandle;
  /** The project name (config `name`). */
  readonly project: string;
  /** The resolved config with secrets masked: the caller owns the masking. */
  configSummary(): unknown;
  /** Recent events; when absent the API keeps its own EventBuffer fed from `engine.onEvent`. */
  readonly events?: EventSource;
  /** A service's log lines (oldest first); without it the logs route answers 501. */
  readLogs?(service: string, options: LogReadOptions): AsyncIterable<OutputLine>;
  /** Latest cpu/memory sample for a pid; without it those figures are null. */
  readonly metrics?: MetricsLookup;
  /** Lines a service's log file did not take; without it `log_loss` is null. */
  readonly logLoss?: LogLossLookup;
  /**
   * For the services not running under the host: the process stackctl did not start that holds a
   * declared port (cached by the host, see daemon/external-holders.ts). Without it, none is reported.
   */
  findExternal?(statuses: readonly ServiceStatus[]): Promise<ReadonlyMap<string, ExternalProcess>>;
  /** Restart with options; without it `engine.restart` serves, and `with_dependents` answers 501. */
  restart?(names: readonly string[], options: RestartOptions): Promise<StartOutcome>;
  /** Epoch ms; Date.now by default (tests pass a fixed clock). */
  now?(): number;
  /** Called with every error that was not a StackctlError or HttpError (a bug): log it. */
  onUnexpectedError?(error: unknown): void;
}
