// `GET /api/config`: the resolved config as the host summarises it (secrets already masked by the host).
import { jsonResponse } from '../api-response.js';
import type { ApiHost } from '../api-host.js';
import type { Router } from '../router.js';

export function configRoutes(router: Router, host: Pick<ApiHost, 'configSummary'>): void {
  router.get('/api/config', async () => jsonResponse(host.configSummary() ?? null, 200, { 'cache-control': 'no-store' }));
}
