// The API as a function of plain requests: routes over the host, one onError, its own event buffer when the host has none.
import type { ApiHost } from './api-host.js';
import type { ApiResponse } from './api-response.js';
import { EventBuffer } from './event-buffer.js';
import { errorResponse } from './on-error.js';
import { Router, type ApiRequest, type Middleware } from './router.js';
import { registerRoutes } from './routes/index.js';

export interface ApiAppOptions {
  /** Run around every matched route, in order (the TCP server adds its token check here). */
  readonly middleware?: readonly Middleware[];
}

export interface ApiApp {
  /** Answers one request in-process; never throws. */
  handle(request: ApiRequest): Promise<ApiResponse>;
  /** Stops feeding the app's own event buffer (if it made one). */
  close(): void;
}

export function createApiApp(host: ApiHost, options: ApiAppOptions = {}): ApiApp {
  let events = host.events;
  let detach = (): void => {};
  if (events === undefined) {
    const buffer = new EventBuffer();
    detach = buffer.attach(host.engine);
    events = buffer;
  }
  const router = new Router({ onError: (error) => errorResponse(error, host.onUnexpectedError?.bind(host)) });
  for (const middleware of options.middleware ?? []) router.use(middleware);
  registerRoutes(router, host, events);
  return {
    handle: (request) => router.handle(request),
    close: () => detach(),
  };
}
