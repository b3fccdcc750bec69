// Every route of the API, registered on one router.
import type { ApiHost } from '../api-host.js';
import type { EventSource } from '../event-buffer.js';
import type { Router } from '../router.js';
import { attachedRunRoutes } from './attached-runs.js';
import { configRoutes } from './config.js';
import { eventRoutes } from './events.js';
import { healthRoutes } from './health.js';
import { logRoutes } from './logs.js';
import { serviceActionRoutes } from './service-actions.js';
import { serviceRoutes } from './services.js';

export function registerRoutes(router: Router, host: ApiHost, events: EventSource): void {
  healthRoutes(router, host);
  serviceRoutes(router, host);
  serviceActionRoutes(router, host);
  attachedRunRoutes(router, host);
  logRoutes(router, host);
  eventRoutes(router, events);
  configRoutes(router, host);
}
