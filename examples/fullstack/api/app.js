// The request handler: matches a route, maps errors to JSON responses and logs one line per request.
import { performance } from 'node:perf_hooks';
import { HttpError, sendJson } from './http.js';

/** Finds the route for a request: a match, a path known under other methods (405), or nothing (404). */
function match(routes, method, pathname) {
  const allowed = [];
  for (const route of routes) {
    const found = route.path.exec(pathname);
    if (!found) continue;
    if (route.method === method) return { route, params: found.slice(1) };
    allowed.push(route.method);
  }
  return { allowed };
}

/**
 * Creates the `(req, res)` handler.
 * @param {{ routes: ReturnType<import('./routes.js').createRoutes>, readiness: { state: string }, log: ReturnType<import('./logger.js').createLogger> }} deps
 */
export function createApp({ routes, readiness, log }) {
  const respond = async (req, res, pathname) => {
    const { route, params, allowed } = match(routes, req.method, pathname);
    if (!route) {
      if (allowed.length > 0) throw new HttpError(405, `${req.method} is not allowed on ${pathname}`, {
        headers: { allow: allowed.join(', ') },
      });
      throw new HttpError(404, `no route for ${req.method} ${pathname}`);
    }
    // Only /health answers while the API warms up or shuts down; everything else waits for "ready".
    if (pathname !== '/health' && readiness.state !== 'ready') {
      throw new HttpError(503, `the API is ${readiness.state}, try again shortly`);
    }
    const { status, body } = await route.handle({ req, params });
    sendJson(res, status, body);
  };

  return async (req, res) => {
    const started = performance.now();
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    res.on('finish', () => {
      const line = `${req.method} ${pathname} ${res.statusCode} ${Math.round(performance.now() - started)}ms`;
      // Health probes come every few hundred milliseconds; keep them out of the default log.
      if (pathname === '/health') log.debug(line);
      else log.info(line);
    });

    try {
      await respond(req, res, pathname);
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(res, error.status, { error: error.message }, error.headers);
        return;
      }
      log.error(`${req.method} ${pathname} failed: ${error?.stack ?? error}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal server error' });
      else res.destroy();
    }
  };
}
