// `GET /healthz`: the hosting process is alive, with its pid, uptime, project and own memory.
import { jsonResponse } from '../api-response.js';
import type { ApiHost } from '../api-host.js';
import type { HealthJson } from '../api-json.js';
import type { Router } from '../router.js';

export function healthRoutes(router: Router, host: Pick<ApiHost, 'project'>): void {
  router.get('/healthz', async () => {
    const { rss, heapUsed, heapTotal } = process.memoryUsage();
    const body: HealthJson = {
      ok: true,
      pid: process.pid,
      uptime_ms: Math.round(process.uptime() * 1000),
      project: host.project,
      memory: { rss_bytes: rss, heap_used_bytes: heapUsed, heap_total_bytes: heapTotal },
    };
    return jsonResponse(body, 200, { 'cache-control': 'no-store' });
  });
}
