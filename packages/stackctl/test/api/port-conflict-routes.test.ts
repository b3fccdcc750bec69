// The API side of smart port detection: `port_conflict` in a start's body, the outcome's code and holder, external holders in statuses.
import { describe, expect, it } from 'vitest';
import { jsonBodyOf } from '../../src/api/api-response.js';
import { withExternalHolders } from '../../src/api/external-status.js';
import type { ExternalProcess } from '../../src/supervisor/types.js';
import { appFor, call, demoHost } from './api-test-host.js';
import { serviceStatus } from './fake-engine.js';

const holder: ExternalProcess = { pid: 8123, command: 'node server.js', cwd: '/home/ann/api', startedAt: 1_000, port: 4000 };

describe('POST /api/services/start with port_conflict', () => {
  it('hands the mode to the engine, "fail" when absent', async () => {
    const host = demoHost();
    const app = appFor(host);
    await call(app, 'POST', '/api/services/start', { body: '{"services":["api"],"port_conflict":"adopt"}' });
    await call(app, 'POST', '/api/services/web/start', { body: '{"port_conflict":"replace"}' });
    await call(app, 'POST', '/api/services/start');
    expect(host.engine.startOptions).toEqual([{ portConflict: 'adopt' }, { portConflict: 'replace' }, { portConflict: 'fail' }]);
  });

  it('refuses an unknown mode, and the mode on anything but start', async () => {
    const host = demoHost();
    const app = appFor(host);
    const bad = await call(app, 'POST', '/api/services/start', { body: '{"port_conflict":"steal"}' });
    const onStop = await call(app, 'POST', '/api/services/stop', { body: '{"port_conflict":"adopt"}' });
    expect([bad.status, onStop.status]).toEqual([400, 400]);
    expect(jsonBodyOf(onStop)).toMatchObject({ error: { code: 'E_USAGE', message: expect.stringContaining('start only') } });
    expect(host.engine.calls).toEqual([]);
  });

  it('answers a held port with its code and the holder in snake_case', async () => {
    const host = demoHost();
    host.engine.nextOutcome = {
      started: [],
      failed: [
        { name: 'api', reason: 'port 4000 is held by pid 8123 (node server.js)', code: 'E_PORT_IN_USE', holder },
        { name: 'web', reason: 'dependency api failed: port 4000 is held by pid 8123 (node server.js)' },
      ],
    };
    const response = await call(appFor(host), 'POST', '/api/services/start', { body: '{"services":["web"]}' });
    expect((jsonBodyOf(response) as { outcome: unknown }).outcome).toStrictEqual({
      started: [],
      failed: [
        {
          name: 'api',
          reason: 'port 4000 is held by pid 8123 (node server.js)',
          code: 'E_PORT_IN_USE',
          holder: { pid: 8123, command: 'node server.js', cwd: '/home/ann/api', started_at: 1_000, port: 4000 },
        },
        { name: 'web', reason: 'dependency api failed: port 4000 is held by pid 8123 (node server.js)' },
      ],
    });
  });
});

describe('external holders in statuses', () => {
  it('GET /api/services reports a resting service whose port is held as origin external, with the holder', async () => {
    const host = demoHost({ findExternal: async () => new Map([['web', { ...holder, port: 3000 }]]) });
    host.engine.statuses = host.engine.statuses.map((status) => (status.name === 'web' ? { ...status, state: 'stopped', pid: null } : status));
    const body = jsonBodyOf(await call(appFor(host), 'GET', '/api/services')) as { services: Array<Record<string, unknown>> };
    expect(body.services.find((service) => service.name === 'web')).toMatchObject({
      state: 'stopped',
      origin: 'external',
      pid: 8123,
      external: { pid: 8123, command: 'node server.js', cwd: '/home/ann/api', started_at: 1_000, port: 3000 },
    });
    expect(body.services.find((service) => service.name === 'db')).toMatchObject({ origin: 'managed', pid: 111, external: null });
    const one = jsonBodyOf(await call(appFor(host), 'GET', '/api/services/web')) as Record<string, unknown>;
    expect(one).toMatchObject({ origin: 'external', pid: 8123 });
  });

  it('withExternalHolders leaves a service already tracking its external process as it is', () => {
    const adopted = serviceStatus('api', { state: 'running', origin: 'external', pid: 7, external: { ...holder, pid: 7 } });
    const stopped = serviceStatus('web');
    const result = withExternalHolders([adopted, stopped], new Map([['api', holder], ['web', holder]]));
    expect(result[0]).toBe(adopted);
    expect(result[1]).toMatchObject({ origin: 'external', pid: 8123, external: holder });
  });
});
