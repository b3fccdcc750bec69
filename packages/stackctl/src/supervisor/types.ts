// The engine's public vocabulary: service states, health, exit records, events and status snapshots.
import type { ServiceOrigin } from './run-record.js';

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
      /** Why, in words: `dependency db failed`, `crash loop: 6 restarts within 60s`… */
      readonly reason?: string;
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
  /** A live process started by an earlier host was taken over (`EngineHandle.adopt`). */
  | (EventBase & { readonly type: 'adopt'; readonly pid: number })
  | (EventBase & { readonly type: 'exit'; readonly exit: ExitRecord })
  | (EventBase & {
      readonly type: 'restart-scheduled';
      readonly delayMs: number;
      /** 1 for the first restart in the current window. */
      readonly attempt: number;
    })
  | (EventBase & { readonly type: 'warning'; readonly message: string });

/** One complete line of a service's output (without the newline). */
export interface OutputLine {
  readonly service: string;
  readonly stream: OutputStream;
  readonly line: string;
  /** Epoch ms when the line was read. */
  readonly time: number;
}

export interface ServiceStatus {
  readonly name: string;
  readonly state: ServiceState;
  readonly health: HealthState;
  /** `managed`: started by stackctl (this host or an earlier one it adopted from). */
  readonly origin: ServiceOrigin;
  readonly pid: number | null;
  readonly ports: readonly number[];
  readonly restarts: number;
  /** Epoch ms of the current run's start, or null. */
  readonly startedAt: number | null;
  readonly lastExit: ExitRecord | null;
  /** Why the service is failed / exited, when known. */
  readonly reason: string | null;
}
