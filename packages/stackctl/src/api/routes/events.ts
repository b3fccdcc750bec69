// `GET /api/events?since=<ms>&limit=N`: the latest engine events, oldest first.
import { jsonResponse } from '../api-response.js';
import type { EventsJson } from '../api-json.js';
import { EVENT_BUFFER_CAPACITY, type EventSource } from '../event-buffer.js';
import { integerParam } from '../query-params.js';
import type { Router } from '../router.js';

export const DEFAULT_EVENT_LIMIT = 100;

export function eventRoutes(router: Router, events: EventSource): void {
  router.get('/api/events', async (ctx) => {
    const since = integerParam(ctx.query, 'since');
    const limit = integerParam(ctx.query, 'limit', { max: EVENT_BUFFER_CAPACITY }) ?? DEFAULT_EVENT_LIMIT;
    const body: EventsJson = { events: events.recent({ since, limit }) };
    return jsonResponse(body);
  });
}
