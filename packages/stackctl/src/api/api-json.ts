// The JSON shapes the API answers with: the routes build them, the client reads them.
import type { EngineEvent } from '../supervisor/types.js';
import type { ExternalProcessJson, ServiceStatusJson } from './status-json.js';

export type { ExternalProcessJson, ServiceStatusJson, StackctlOwnerJson, StatusJson } from './status-json.js';
export type { ErrorBody } from './on-error.js';

/** `GET /healthz`. */
export interface HealthJson {
  readonly ok: true;
  readonly pid: number;
  /** How long the hosting process has run. */
  readonly uptime_ms: number;
  readonly project: string;
  /** The hosting process's own memory right now: resident size, and V8's heap in use and reserved. */
  readonly memory: { readonly rss_bytes: number; readonly heap_used_bytes: number; readonly heap_total_bytes: number };
}

/** One service that failed to start: `code` and `holder` when a declared port was held (`E_PORT_IN_USE`). */
export interface StartFailureJson {
  readonly name: string;
  readonly reason: string;
  readonly code?: string;
  readonly holder?: ExternalProcessJson;
}

/** What a start or restart achieved. */
export interface StartOutcomeJson {
  readonly started: readonly string[];
  readonly failed: readonly StartFailureJson[];
}

/** One process of a service, as a stop reports it. */
export interface ProcessRefJson {
  readonly pid: number;
  readonly command: string;
}

/** What a stop had to do to one service that ran: what needed SIGKILL, what is still alive after it. */
export interface StopReportJson {
  readonly name: string;
  /** SIGKILL was needed after stop_timeout. */
  readonly forced: boolean;
  readonly killed: readonly ProcessRefJson[];
  /** Processes proven the service's still alive after SIGKILL: the stop did not end them. */
  readonly survivors: readonly ProcessRefJson[];
}

/** `POST /api/services/:name/start|stop|restart`; `outcome` for start and restart, `stopped` for stop. */
export interface ServiceActionJson {
  readonly service: ServiceStatusJson;
  readonly outcome?: StartOutcomeJson;
  readonly stopped?: readonly StopReportJson[];
}

/** `POST /api/services/start|stop|restart`: the named services (all when none were named). */
export interface ServicesActionJson {
  readonly services: readonly ServiceStatusJson[];
  readonly outcome?: StartOutcomeJson;
  /** Stop only: one entry per service this stop ended. */
  readonly stopped?: readonly StopReportJson[];
}

/** What starting does about a declared port held by a process stackctl did not start (`port_conflict` in a start's body). */
export type PortConflictJson = 'fail' | 'adopt' | 'replace';

/** `GET /api/events`: oldest first. */
export interface EventsJson {
  readonly events: readonly EngineEvent[];
}

export type ServiceAction = 'start' | 'stop' | 'restart';
export const SERVICE_ACTIONS: readonly ServiceAction[] = ['start', 'stop', 'restart'];
