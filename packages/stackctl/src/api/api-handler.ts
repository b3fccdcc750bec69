// The API as a node `request` listener: adapts IncomingMessage/ServerResponse, streams, and ends open streams on close.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createApiApp, type ApiAppOptions } from './api-app.js';
import type { ApiHost } from './api-host.js';
import type { ApiResponse } from './api-response.js';

export interface ApiHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open stream (logs follow) and detaches from the engine; requests still running finish. */
  close(): void;
}

/** Serve it with `http.createServer(handler)` on a Unix socket (api-server.ts) or on TCP (the dashboard). */
export function createApiHandler(host: ApiHost, options: ApiAppOptions = {}): ApiHandler {
  const app = createApiApp(host, options);
  const open = new Set<AbortController>();
  let closed = false;
  const report = (error: unknown): void => host.onUnexpectedError?.(error);

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const controller = new AbortController();
    if (closed) controller.abort();
    open.add(controller);
    res.once('close', () => {
      open.delete(controller);
      controller.abort();
    });
    const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: req, signal: controller.signal };
    app
      .handle(request)
      .then((response) => writeResponse(res, response, controller.signal))
      .catch((error: unknown) => {
        report(error);
        res.destroy();
      });
  };

  return Object.assign(listener, {
    close(): void {
      closed = true;
      for (const controller of open) controller.abort();
      app.close();
    },
  });
}

async function writeResponse(res: ServerResponse, response: ApiResponse, signal: AbortSignal): Promise<void> {
  if (res.destroyed) return;
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  const { body } = response;
  if (body.kind === 'empty') {
    res.end();
  } else if (body.kind === 'json') {
    const text = JSON.stringify(body.value) ?? 'null';
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
  } else {
    res.flushHeaders();
    await pump(res, body.chunks(signal), signal);
  }
}

/** Writes chunks until the source ends or `signal` aborts, waiting for `drain`; a source error cuts the connection. */
async function pump(res: ServerResponse, chunks: AsyncIterable<string>, signal: AbortSignal): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]();
  const stopped = new Promise<'stopped'>((resolve) => {
    if (signal.aborted) resolve('stopped');
    else signal.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  try {
    for (;;) {
      const next = iterator.next();
      next.catch(() => {}); // when `stopped` wins the race, a late rejection must not go unhandled
      const result = await Promise.race([next, stopped]);
      if (result === 'stopped' || result.done === true) break;
      if (!res.write(result.value)) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), stopped]);
    }
  } catch (error) {
    res.destroy();
    throw error;
  } finally {
    Promise.resolve(iterator.return?.()).catch(() => {});
  }
  if (!res.destroyed && !res.writableEnded) res.end();
}
