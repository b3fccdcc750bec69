// The JSON shapes the API answers with: the routes build them, the client reads them.
import type { StartOutcome } from '../supervisor/engine-handle.js';
import type { EngineEvent } from '../supervisor/types.js';
import type { ServiceStatusJson } from './status-json.js';

export type { ServiceStatusJson, StatusJson } from './status-json.js';
export type { ErrorBody } from './on-error.js';

/** `GET /healthz`. */
export interface HealthJson {
  readonly ok: true;
  readonly pid: number;
  /** How long the hosting process has run. */
  readonly uptime_ms: number;
  readonly project: string;
}

/** `POST /api/services/:name/start|stop|restart`; `outcome` for start and restart. */
export interface ServiceActionJson {
  readonly service: ServiceStatusJson;
  readonly outcome?: StartOutcome;
}

/** `POST /api/services/start|stop|restart`: the named services (all when none were named). */
export interface ServicesActionJson {
  readonly services: readonly ServiceStatusJson[];
  readonly outcome?: StartOutcome;
}

/** `GET /api/events`: oldest first. */
export interface EventsJson {
  readonly events: readonly EngineEvent[];
}

export type ServiceAction = 'start' | 'stop' | 'restart';
export const SERVICE_ACTIONS: readonly ServiceAction[] = ['start', 'stop', 'restart'];
