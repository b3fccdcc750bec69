// The API routes called in-process over a fake engine: shapes, 404s, actions, events, logs, config, errors.
import { describe, expect, it } from 'vitest';
import type { ApiHost, LogReadOptions } from '../../src/api/api-host.js';
import { jsonBodyOf, type ApiResponse } from '../../src/api/api-response.js';
import { StackctlError } from '../../src/errors/index.js';
import type { OutputLine } from '../../src/supervisor/types.js';
import { appFor, call, demoHost, NOW } from './api-test-host.js';

const STATUS_FIELDS = ['name', 'state', 'health', 'origin', 'pid', 'ports', 'restarts', 'uptime_ms', 'cpu_percent', 'memory_bytes', 'external', 'attached', 'log_loss'];

async function readStream(response: ApiResponse, signal = new AbortController().signal): Promise<string> {
  if (response.body.kind !== 'stream') throw new Error(`expected a stream, got ${response.body.kind}`);
  let text = '';
  for await (const chunk of response.body.chunks(signal)) text += chunk;
  return text;
}

describe('GET /healthz', () => {
  it('answers ok, pid, uptime, project and the host’s own memory', async () => {
    const response = await call(appFor(demoHost()), 'GET', '/healthz');
    expect(response.status).toBe(200);
    expect(jsonBodyOf(response)).toStrictEqual({
      ok: true,
      pid: process.pid,
      uptime_ms: expect.any(Number),
      project: 'demo',
      memory: { rss_bytes: expect.any(Number), heap_used_bytes: expect.any(Number), heap_total_bytes: expect.any(Number) },
    });
    const { memory } = jsonBodyOf(response) as { memory: { rss_bytes: number; heap_used_bytes: number; heap_total_bytes: number } };
    expect(memory.rss_bytes).toBeGreaterThan(memory.heap_total_bytes);
    expect(memory.heap_total_bytes).toBeGreaterThanOrEqual(memory.heap_used_bytes);
  });
});

describe('GET /api/services', () => {
  it('answers exactly the status --json shape the README documents', async () => {
    const response = await call(appFor(demoHost()), 'GET', '/api/services');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(jsonBodyOf(response)).toStrictEqual({
      project: 'demo',
      services: [
        { name: 'db', state: 'running', health: 'healthy', origin: 'managed', pid: 111, ports: [5432], restarts: 0, uptime_ms: NOW - 4_000, cpu_percent: null, memory_bytes: null, external: null, attached: false, log_loss: null },
        { name: 'api', state: 'running', health: 'healthy', origin: 'managed', pid: 1234, ports: [4000, 9229], restarts: 2, uptime_ms: 5_321, cpu_percent: null, memory_bytes: null, external: null, attached: false, log_loss: null },
        { name: 'web', state: 'backoff', health: 'none', origin: 'managed', pid: null, ports: [3000], restarts: 1, uptime_ms: null, cpu_percent: null, memory_bytes: null, external: null, attached: false, log_loss: null },
      ],
    });
    const body = jsonBodyOf(response) as { services: object[] };
    for (const entry of body.services) expect(Object.keys(entry)).toEqual(STATUS_FIELDS);
  });

  it('fills cpu and memory from the host metrics function', async () => {
    const host = demoHost({ metrics: (pid) => (pid === 1234 ? { cpuPercent: 0.4, memoryBytes: 48_234_496 } : null) });
    const body = jsonBodyOf(await call(appFor(host), 'GET', '/api/services')) as { services: Array<Record<string, unknown>> };
    expect(body.services[1]).toMatchObject({ name: 'api', cpu_percent: 0.4, memory_bytes: 48_234_496 });
    expect(body.services[0]).toMatchObject({ name: 'db', cpu_percent: null, memory_bytes: null, external: null, attached: false, log_loss: null });
  });
});

describe('GET /api/services/:name', () => {
  it('answers one entry', async () => {
    const response = await call(appFor(demoHost()), 'GET', '/api/services/api');
    expect(response.status).toBe(200);
    expect(jsonBodyOf(response)).toMatchObject({ name: 'api', pid: 1234, uptime_ms: 5_321 });
  });

  it('answers 404 E_SERVICE_UNKNOWN with the error shape and a suggestion', async () => {
    const response = await call(appFor(demoHost()), 'GET', '/api/services/apx');
    expect(response.status).toBe(404);
    expect(jsonBodyOf(response)).toStrictEqual({
      error: { code: 'E_SERVICE_UNKNOWN', message: 'unknown service "apx"; did you mean api?', hint: 'known services: db, api, web' },
    });
  });
});

describe('POST /api/services/:name/start|stop|restart', () => {
  it('start calls the engine and answers the new entry with the outcome', async () => {
    const host = demoHost();
    const response = await call(appFor(host), 'POST', '/api/services/web/start');
    expect(host.engine.calls).toEqual([{ method: 'start', names: ['web'] }]);
    expect(response.status).toBe(200);
    expect(jsonBodyOf(response)).toStrictEqual({
      service: expect.objectContaining({ name: 'web', state: 'running', pid: 4321, uptime_ms: NOW - 1_000 }),
      outcome: { started: ['web'], failed: [] },
    });
  });

  it('stop answers the entry without an outcome, with what the stop ended (nothing here)', async () => {
    const host = demoHost();
    const response = await call(appFor(host), 'POST', '/api/services/api/stop');
    expect(host.engine.calls).toEqual([{ method: 'stop', names: ['api'] }]);
    expect(jsonBodyOf(response)).toStrictEqual({
      service: expect.objectContaining({ name: 'api', state: 'stopped', pid: null, uptime_ms: null }),
      stopped: [],
    });
  });

  it('restart calls engine.restart, or the host restart with with_dependents', async () => {
    const plain = demoHost();
    const response = await call(appFor(plain), 'POST', '/api/services/api/restart', { body: '{}' });
    expect(plain.engine.calls).toEqual([{ method: 'restart', names: ['api'] }]);
    expect(jsonBodyOf(response)).toMatchObject({ service: { name: 'api', pid: 5555 }, outcome: { started: ['api'] } });

    const requests: unknown[] = [];
    const custom = demoHost({
      restart: async (names, options) => {
        requests.push({ names, options });
        return { started: ['db', 'api'], failed: [] };
      },
    });
    const withDependents = await call(appFor(custom), 'POST', '/api/services/db/restart', { body: '{"with_dependents":true}' });
    expect(requests).toEqual([{ names: ['db'], options: { withDependents: true } }]);
    expect(jsonBodyOf(withDependents)).toMatchObject({ outcome: { started: ['db', 'api'] } });
  });

  it('answers 501 for with_dependents when the host cannot, without touching the engine', async () => {
    const host = demoHost();
    const response = await call(appFor(host), 'POST', '/api/services/db/restart', { body: '{"with_dependents":true}' });
    expect([response.status, jsonBodyOf(response)]).toMatchObject([501, { error: { code: 'E_NOT_IMPLEMENTED' } }]);
    expect(host.engine.calls).toEqual([]);
  });

  it('answers 404 for an unknown service and 400 for a bad body, before calling the engine', async () => {
    const host = demoHost();
    const app = appFor(host);
    expect((await call(app, 'POST', '/api/services/nope/stop')).status).toBe(404);
    expect((await call(app, 'POST', '/api/services/api/start', { body: '{"with_dependents":true}' })).status).toBe(400);
    expect((await call(app, 'POST', '/api/services/api/restart', { body: '[1]' })).status).toBe(400);
    expect(host.engine.calls).toEqual([]);
  });
});

describe('POST /api/services/start|stop|restart', () => {
  it('acts on the listed services and answers their entries', async () => {
    const host = demoHost();
    const response = await call(appFor(host), 'POST', '/api/services/start', { body: '{"services":["web","db"]}' });
    expect(host.engine.calls).toEqual([{ method: 'start', names: ['web', 'db'] }]);
    const body = jsonBodyOf(response) as { services: Array<{ name: string }>; outcome: unknown };
    expect(body.services.map((entry) => entry.name)).toEqual(['db', 'web']);
    expect(body.outcome).toEqual({ started: ['web', 'db'], failed: [] });
  });

  it('acts on all services for an empty list or no body', async () => {
    const host = demoHost();
    const app = appFor(host);
    const stopped = jsonBodyOf(await call(app, 'POST', '/api/services/stop')) as { services: Array<{ state: string }> };
    await call(app, 'POST', '/api/services/restart', { body: '{"services":[]}' });
    expect(host.engine.calls).toEqual([
      { method: 'stop', names: [] },
      { method: 'restart', names: [] },
    ]);
    expect(stopped.services.map((entry) => entry.state)).toEqual(['stopped', 'stopped', 'stopped']);
  });

  it('refuses the whole list when one name is unknown', async () => {
    const host = demoHost();
    const response = await call(appFor(host), 'POST', '/api/services/stop', { body: '{"services":["api","wbe"]}' });
    expect([response.status, jsonBodyOf(response)]).toMatchObject([404, { error: { code: 'E_SERVICE_UNKNOWN', message: expect.stringContaining('"wbe"') } }]);
    expect(host.engine.calls).toEqual([]);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const host = demoHost();
    const response = await call(appFor(host), 'POST', '/api/services/start', { body: JSON.stringify({ services: ['x'.repeat(1024 * 1024)] }) });
    expect([response.status, jsonBodyOf(response)]).toMatchObject([413, { error: { code: 'E_PAYLOAD_TOO_LARGE' } }]);
    expect(host.engine.calls).toEqual([]);
  });
});

describe('GET /api/events', () => {
  it('answers the buffered engine events, filtered by since and limit', async () => {
    const host = demoHost();
    const app = appFor(host);
    for (let time = 1; time <= 5; time++) host.engine.emit({ type: 'spawn', service: 'api', time, pid: 100 + time });
    expect(jsonBodyOf(await call(app, 'GET', '/api/events'))).toEqual({
      events: [1, 2, 3, 4, 5].map((time) => ({ type: 'spawn', service: 'api', time, pid: 100 + time })),
    });
    const filtered = jsonBodyOf(await call(app, 'GET', '/api/events?since=2&limit=2')) as { events: Array<{ time: number }> };
    expect(filtered.events.map((event) => event.time)).toEqual([4, 5]);
    expect((await call(app, 'GET', '/api/events?limit=abc')).status).toBe(400);
    expect((await call(app, 'GET', '/api/events?limit=1001')).status).toBe(400);
  });

  it('reads a host-supplied event source instead of subscribing itself', async () => {
    const host = demoHost({ events: { recent: () => [{ type: 'warning', service: 'db', time: 7, message: 'hi' }] } });
    const app = appFor(host);
    expect(host.engine.eventListenerCount).toBe(0);
    expect(jsonBodyOf(await call(app, 'GET', '/api/events'))).toEqual({ events: [{ type: 'warning', service: 'db', time: 7, message: 'hi' }] });
  });

  it('stops listening to the engine on close', () => {
    const host = demoHost();
    const app = appFor(host);
    expect(host.engine.eventListenerCount).toBe(1);
    app.close();
    expect(host.engine.eventListenerCount).toBe(0);
  });
});

describe('GET /api/services/:name/logs', () => {
  const line = (n: number): OutputLine => ({ service: 'api', stream: 'stdout', line: `line ${n}`, time: n });

  it('answers 501 when the host serves no logs', async () => {
    const response = await call(appFor(demoHost()), 'GET', '/api/services/api/logs');
    expect([response.status, jsonBodyOf(response)]).toMatchObject([501, { error: { code: 'E_NOT_IMPLEMENTED' } }]);
  });

  it('streams NDJSON lines from readLogs with the parsed options', async () => {
    const asked: Array<Omit<LogReadOptions, 'signal'>> = [];
    const host = demoHost({
      async *readLogs(service, { lines, since, follow }) {
        asked.push({ lines, since, follow });
        for (let n = 1; n <= 2; n++) yield { ...line(n), service };
      },
    });
    const response = await call(appFor(host), 'GET', '/api/services/api/logs?lines=5&since=3');
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(await readStream(response)).toBe(`${JSON.stringify(line(1))}\n${JSON.stringify(line(2))}\n`);
    expect(asked).toEqual([{ lines: 5, since: 3, follow: false }]);
  });

  it('follows until the signal aborts', async () => {
    let signalSeen: AbortSignal | undefined;
    const host: ApiHost = demoHost({
      async *readLogs(_service, { follow, signal }) {
        signalSeen = signal;
        expect(follow).toBe(true);
        for (let n = 1; !signal.aborted; n++) {
          yield line(n);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      },
    });
    const response = await call(appFor(host), 'GET', '/api/services/api/logs?follow=1');
    if (response.body.kind !== 'stream') throw new Error('expected a stream');
    const controller = new AbortController();
    const received: string[] = [];
    for await (const chunk of response.body.chunks(controller.signal)) {
      received.push(chunk);
      if (received.length === 3) controller.abort();
    }
    expect(received).toHaveLength(3);
    expect(signalSeen?.aborted).toBe(true);
  });

  it('answers 404 for an unknown service and 400 for a bad lines value', async () => {
    const host = demoHost({ readLogs: async function* () {} });
    expect((await call(appFor(host), 'GET', '/api/services/nope/logs')).status).toBe(404);
    expect((await call(appFor(host), 'GET', '/api/services/api/logs?lines=-1')).status).toBe(400);
    expect((await call(appFor(host), 'GET', '/api/services/api/logs?follow=maybe')).status).toBe(400);
  });
});

describe('GET /api/config', () => {
  it('answers the host summary', async () => {
    expect(jsonBodyOf(await call(appFor(demoHost()), 'GET', '/api/config'))).toEqual({
      name: 'demo',
      services: { api: { env: { SECRET: '***' } } },
    });
  });
});

describe('errors', () => {
  it('answers 404 E_NOT_FOUND for an unknown route', async () => {
    const response = await call(appFor(demoHost()), 'GET', '/api/nothing');
    expect([response.status, jsonBodyOf(response)]).toEqual([404, { error: { code: 'E_NOT_FOUND', message: 'no route for GET /api/nothing' } }]);
  });

  it('answers 500 E_INTERNAL for a plain Error, without its stack, and reports it to the host', async () => {
    const reported: unknown[] = [];
    const host = demoHost({
      configSummary: () => {
        throw new Error('boom in /secret/path');
      },
      onUnexpectedError: (error) => reported.push(error),
    });
    const response = await call(appFor(host), 'GET', '/api/config');
    expect(response.status).toBe(500);
    const body = jsonBodyOf(response) as { error: { code: string; message: string } };
    expect(Object.keys(body.error)).toEqual(['code', 'message']);
    expect(body.error.code).toBe('E_INTERNAL');
    expect(JSON.stringify(body)).not.toMatch(/boom|secret|\bat\b.*:\d+/);
    expect(reported).toHaveLength(1);
  });

  it('answers an engine StackctlError with its mapped status', async () => {
    const host = demoHost();
    host.engine.start = async () => {
      throw new StackctlError('E_PORT_IN_USE', 'port 4000 is taken');
    };
    const response = await call(appFor(host), 'POST', '/api/services/api/start');
    expect([response.status, jsonBodyOf(response)]).toEqual([409, { error: { code: 'E_PORT_IN_USE', message: 'port 4000 is taken' } }]);
  });
});
