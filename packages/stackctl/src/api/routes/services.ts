// `GET /api/services` and `GET /api/services/:name`: status snapshots in the `status --json` shape.
import { jsonResponse } from '../api-response.js';
import type { ApiHost } from '../api-host.js';
import type { StatusJson } from '../api-json.js';
import type { Router } from '../router.js';
import { currentStatuses } from '../external-status.js';
import { findService } from '../service-lookup.js';
import { toServiceJson, toStatusJson } from '../status-json.js';

export function serviceRoutes(router: Router, host: ApiHost): void {
  const now = (): number => host.now?.() ?? Date.now();

  router.get('/api/services', async () => {
    const body: StatusJson = { project: host.project, services: toStatusJson(await currentStatuses(host), now(), host.metrics, host.logLoss) };
    return jsonResponse(body);
  });

  router.get('/api/services/:name', async (ctx) => {
    const name = ctx.params['name'] ?? '';
    findService(host.engine, name);
    const statuses = await currentStatuses(host);
    const status = findService({ status: () => statuses }, name);
    return jsonResponse(toServiceJson(status, now(), host.metrics, host.logLoss));
  });
}
