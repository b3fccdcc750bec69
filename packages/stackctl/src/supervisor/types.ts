// The engine's public vocabulary: service states, health, exit records, events and status snapshots.
import type { ServiceOrigin } from './run-record.js';
import type { StackctlOwner } from '../system/stackctl-owner.js';
import type { ProcessRef } from './signal-plan.js';

export type { ProcessRef } from './signal-plan.js';
export type { ServiceOrigin } from './run-record.js';

export type ServiceState =
  | 'stopped'
  | 'starting'
  | 'running'
  | 'stopping'
  | 'exited'
  | 'backoff'
  | 'failed';

export type HealthState = 'healthy' | 'unhealthy' | 'starting' | 'none';

/** Why a service is where it is, as a field to read (the prose is `reason`); on state events where known. */
export type StateCause = 'command_not_found' | 'crash_loop' | 'spawn_failed' | 'dependency_failed';

export type OutputStream = 'stdout' | 'stderr';

/** How one run of a service ended: the same record whether it succeeded, crashed or was stopped. */
export interface ExitRecord {
  readonly pid: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly durationMs: number;
  /** True when stackctl asked it to stop. */
  readonly stoppedByUs: boolean;
  /** True when it had to be SIGKILLed after stop_timeout. */
  readonly forced: boolean;
  /** The processes of the service that were still there at stop_timeout and got SIGKILL. */
  readonly killed?: readonly ProcessRef[];
  /** Processes proven the service's still alive after SIGKILL (the stop did not end them). */
  readonly survivors?: readonly ProcessRef[];
}

interface EventBase {
  readonly service: string;
  /** Epoch ms. */
  readonly time: number;
}

export type EngineEvent =
  | (EventBase & {
      readonly type: 'state';
      readonly from: ServiceState;
      readonly to: ServiceState;
      /** Why, in words: `dependency db failed`, `crash loop: crashed 6 times within 60s (5 restarts)`… */
      readonly reason?: string;
      /** Why, as a field (see StateCause); absent where the engine does not name one. */
      readonly cause?: StateCause;
    })
  | (EventBase & {
      readonly type: 'health';
      readonly from: HealthState;
      readonly to: HealthState;
      /** Time from the start of this run to this change. */
      readonly sinceStartMs: number;
      readonly detail?: string;
    })
  | (EventBase & { readonly type: 'spawn'; readonly pid: number })
  /**
   * A live process was taken over: one an earlier host started (`EngineHandle.adopt`, origin
   * `managed`), or one stackctl never started that holds the service's port (`start` with
   * `portConflict: 'adopt'`, origin `external`).
   */
  | (EventBase & {
      readonly type: 'adopt';
      readonly pid: number;
      readonly origin: ServiceOrigin;
      /** The process runs in a user's terminal (`stackctl run`, see EngineHandle.track); absent otherwise. */
      readonly attached?: true;
    })
  | (EventBase & { readonly type: 'exit'; readonly exit: ExitRecord })
  | (EventBase & {
      readonly type: 'restart-scheduled';
      readonly delayMs: number;
      /** 1 for the first restart in the current window. */
      readonly attempt: number;
    })
  | (EventBase & {
      readonly type: 'warning';
      readonly message: string;
      /** Why, for programs; absent on the engine's own warnings, which have none yet. */
      readonly cause?: WarningCause;
      /** With the `log_write_*` causes: the lines lost (so far, or in the episode that ended). */
      readonly logLoss?: LogLossInfo;
    })
  /**
   * A service still `starting` waits on a dependency that has not met its condition but has not
   * failed for good either: `reason` says what it waits on (`waiting for db: unhealthy (HTTP 503)`).
   */
  | (EventBase & { readonly type: 'waiting'; readonly dependency: string; readonly reason: string });

/**
 * `log_write_failed`: the service's log file cannot be written (disk full, read-only…); its lines
 * are counted, not saved. `log_write_resumed`: it can again, and a marker line in it records the gap.
 */
export type WarningCause = 'log_write_failed' | 'log_write_resumed';

/** What a host tells about a warning it gives (EngineHandle.warn). */
export interface WarningDetail {
  readonly cause: WarningCause;
  readonly logLoss?: LogLossInfo;
}

/** Lines of a service's output its log file did not take, over a span of time. */
export interface LogLossInfo {
  readonly lines: number;
  readonly stdout: number;
  readonly stderr: number;
  /** Epoch ms of the first failed write and of the last line lost. */
  readonly since: number;
  readonly until: number;
  /** The errno code: `ENOSPC`, `EROFS`, `EACCES`, `EIO`… */
  readonly code: string;
  /** In words: `disk full`, `read-only file system`… */
  readonly reason: string;
}

/** One complete line of a service's output (without the newline). */
export interface OutputLine {
  readonly service: string;
  readonly stream: OutputStream;
  readonly line: string;
  /** Epoch ms when the line was read. */
  readonly time: number;
}

/** The complete lines one read of a service's stream brought in (never none): OutputLines sharing service, stream and time. */
export interface OutputBatch {
  readonly service: string;
  readonly stream: OutputStream;
  /** In order, each without its newline (so none holds a `\n`). */
  readonly lines: readonly string[];
  /** Epoch ms when the chunk was read. */
  readonly time: number;
}

/** A process stackctl did not start that holds one of a service's declared ports. */
export interface ExternalProcess {
  readonly pid: number;
  /** Its command line (argv joined by spaces). */
  readonly command: string;
  /** Its working directory; null when not readable. */
  readonly cwd: string | null;
  /** When it started, epoch ms; null when unknown. */
  readonly startedAt: number | null;
  /** The declared port it holds (the first, when it holds several). */
  readonly port: number;
  /** It is a service of a stackctl project (maybe another one): which, and that project's config. */
  readonly stackctl?: StackctlOwner;
}

/**
 * What every view of a service's status shows as it is: ServiceStatus here, and each entry of
 * `status --json` (README), which shares these names — renaming one renames a JSON field.
 */
export interface ServiceStatusCore {
  readonly name: string;
  readonly state: ServiceState;
  readonly health: HealthState;
  /**
   * `managed`: started by stackctl (this host or an earlier one it adopted from). `external`: the
   * process holding its port was not started by stackctl — adopted (`running`), or merely found
   * there while the service does not run (the host fills that in: see api/external-status.ts).
   */
  readonly origin: ServiceOrigin;
  /** The process: ours, or the external holder. */
  readonly pid: number | null;
  readonly ports: readonly number[];
  readonly restarts: number;
}

export interface ServiceStatus extends ServiceStatusCore {
  /** Epoch ms of the current run's start, or null. */
  readonly startedAt: number | null;
  readonly lastExit: ExitRecord | null;
  /** Why the service is failed / exited, when known. */
  readonly reason: string | null;
  /** With origin `external`: the process holding the port; null otherwise. */
  readonly external: ExternalProcess | null;
  /**
   * The current run is a process started in a user's terminal (`stackctl run`, EngineHandle.track):
   * origin `managed`, health-checked and stopped as any, its output in that terminal (not the log
   * file), never restarted. False when not running so.
   */
  readonly attached: boolean;
  /** The cgroup folder the current run's processes are in (Linux, see system/cgroup/); absent when none. */
  readonly cgroup?: string;
}
