// `GET /healthz`: the hosting process is alive, with its pid, uptime and project.
import { jsonResponse } from '../api-response.js';
import type { ApiHost } from '../api-host.js';
import type { HealthJson } from '../api-json.js';
import type { Router } from '../router.js';

export function healthRoutes(router: Router, host: Pick<ApiHost, 'project'>): void {
  router.get('/healthz', async () => {
    const body: HealthJson = {
      ok: true,
      pid: process.pid,
      uptime_ms: Math.round(process.uptime() * 1000),
      project: host.project,
    };
    return jsonResponse(body, 200, { 'cache-control': 'no-store' });
  });
}
