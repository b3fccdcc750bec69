// Public surface of the HTTP JSON API: the app, its node listener, the socket server and the CLI's client.
export { createApiApp, type ApiApp, type ApiAppOptions } from './api-app.js';
export { createApiHandler, type ApiHandler } from './api-handler.js';
export { startApiServer, type ApiServer, type ApiServerOptions } from './api-server.js';
export { createApiClient, type ApiClient, type ApiClientOptions, type LogsQuery } from './api-client.js';
export type { ApiHost, LogReadOptions, RestartOptions } from './api-host.js';
export type { ApiResponse, ApiBody } from './api-response.js';
export type { ApiRequest, Handler, Middleware, RequestContext } from './router.js';
export type * from './api-json.js';
export { EventBuffer, EVENT_BUFFER_CAPACITY, type EventQuery, type EventSource } from './event-buffer.js';
export { toExternalJson, toServiceJson, toStatusJson, type LogLossJson, type LogLossLookup, type MetricsLookup, type ProcessMetrics } from './status-json.js';
export { currentStatuses, withExternalHolders } from './external-status.js';
export { HttpError, HTTP_ERROR_CODES, type HttpErrorCode } from './http-error.js';
export { errorResponse } from './on-error.js';
