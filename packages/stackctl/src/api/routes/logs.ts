// `GET /api/services/:name/logs?lines=N&since=<ms>&follow=1`: NDJSON log lines, streamed until the client leaves when following.
import { ndjsonResponse } from '../api-response.js';
import type { ApiHost } from '../api-host.js';
import { HttpError } from '../http-error.js';
import { flagParam, integerParam } from '../query-params.js';
import type { Router } from '../router.js';
import { findService } from '../service-lookup.js';

export const DEFAULT_LOG_LINES = 100;
export const MAX_LOG_LINES = 100_000;

export function logRoutes(router: Router, host: ApiHost): void {
  router.get('/api/services/:name/logs', async (ctx) => {
    const name = ctx.params['name'] ?? '';
    findService(host.engine, name);
    const lines = integerParam(ctx.query, 'lines', { max: MAX_LOG_LINES }) ?? DEFAULT_LOG_LINES;
    const since = integerParam(ctx.query, 'since') ?? null;
    const follow = flagParam(ctx.query, 'follow');
    const readLogs = host.readLogs?.bind(host);
    if (readLogs === undefined) throw new HttpError('E_NOT_IMPLEMENTED', 'this stackctl host does not serve logs');
    return ndjsonResponse((signal) => readLogs(name, { lines, since, follow, signal }));
  });
}
