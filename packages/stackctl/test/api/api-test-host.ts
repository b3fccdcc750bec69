// Builds an ApiHost over a FakeEngine and helpers to call the app in-process, as a client would.
import { createApiApp, type ApiApp } from '../../src/api/api-app.js';
import type { ApiHost } from '../../src/api/api-host.js';
import type { ApiResponse } from '../../src/api/api-response.js';
import { FakeEngine, serviceStatus } from './fake-engine.js';

export const NOW = 10_000;

export function demoEngine(): FakeEngine {
  return new FakeEngine([
    serviceStatus('db', { state: 'running', health: 'healthy', pid: 111, ports: [5432], startedAt: 4_000 }),
    serviceStatus('api', { state: 'running', health: 'healthy', pid: 1234, ports: [4000, 9229], restarts: 2, startedAt: 4_679 }),
    serviceStatus('web', { state: 'backoff', health: 'none', pid: null, ports: [3000], restarts: 1, startedAt: 3_000 }),
  ]);
}

export function demoHost(overrides: Partial<ApiHost> = {}): ApiHost & { engine: FakeEngine } {
  return {
    engine: demoEngine(),
    project: 'demo',
    configSummary: () => ({ name: 'demo', services: { api: { env: { SECRET: '***' } } } }),
    now: () => NOW,
    ...overrides,
  } as ApiHost & { engine: FakeEngine };
}

export interface CallOptions {
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

/** Calls the app with a JSON body (or raw text), the way node would hand over an IncomingMessage. */
export function call(app: ApiApp, method: string, url: string, options: CallOptions = {}): Promise<ApiResponse> {
  const { body, signal } = options;
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  return app.handle({
    method,
    url,
    headers: { ...headers, ...options.headers },
    body: body === undefined ? undefined : chunksOf(body),
    ...(signal === undefined ? {} : { signal }),
  });
}

async function* chunksOf(text: string): AsyncIterable<Uint8Array> {
  const buffer = Buffer.from(text);
  for (let start = 0; start < buffer.length; start += 64 * 1024) yield buffer.subarray(start, start + 64 * 1024);
}

export function appFor(host: ApiHost): ApiApp {
  return createApiApp(host);
}
