// The API side of terminal modes: `track` and `start-dependencies` (for `stackctl run`), `force_color` (for --separate-terminals).
import { describe, expect, it } from 'vitest';
import { jsonBodyOf } from '../../src/api/api-response.js';
import { appFor, call, demoHost } from './api-test-host.js';

describe('POST /api/services/:name/track', () => {
  it('hands the pid to the engine and answers the service, attached', async () => {
    const host = demoHost();
    const response = await call(appFor(host), 'POST', '/api/services/web/track', { body: '{"pid":4242,"attached":true}' });
    expect(response.status).toBe(200);
    expect(host.engine.tracked).toEqual([{ name: 'web', pid: 4242, options: { attached: true } }]);
    expect((jsonBodyOf(response) as { service: unknown }).service).toMatchObject({ name: 'web', state: 'running', pid: 4242, origin: 'managed', attached: true });
  });

  it('refuses a body without a usable pid or without attached, and an unknown service', async () => {
    const host = demoHost();
    const app = appFor(host);
    const answers = await Promise.all([
      call(app, 'POST', '/api/services/web/track', { body: '{"pid":"12","attached":true}' }),
      call(app, 'POST', '/api/services/web/track', { body: '{"pid":1,"attached":true}' }),
      call(app, 'POST', '/api/services/web/track', { body: '{"pid":4242}' }),
      call(app, 'POST', '/api/services/nope/track', { body: '{"pid":4242,"attached":true}' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 404]);
    expect(host.engine.tracked).toEqual([]);
  });
});

describe('POST /api/services/:name/start-dependencies', () => {
  it("asks the engine for the service's dependencies and answers the outcome", async () => {
    const host = demoHost();
    host.engine.nextOutcome = { started: ['db'], failed: [{ name: 'web', reason: 'exited with code 1' }] };
    const response = await call(appFor(host), 'POST', '/api/services/api/start-dependencies');
    expect(host.engine.calls).toEqual([{ method: 'startDependencies', names: ['api'] }]);
    const body = jsonBodyOf(response) as { services: Array<{ name: string }>; outcome: unknown };
    expect(body.outcome).toStrictEqual({ started: ['db'], failed: [{ name: 'web', reason: 'exited with code 1' }] });
    expect(body.services.map((service) => service.name)).toEqual(['db', 'web']);
  });
});

describe('force_color on start and restart', () => {
  it('reaches the engine as forceColor; it is refused on stop', async () => {
    const host = demoHost();
    const app = appFor(host);
    await call(app, 'POST', '/api/services/start', { body: '{"services":["api"],"force_color":true}' });
    await call(app, 'POST', '/api/services/api/start', { body: '{"force_color":true}' });
    await call(app, 'POST', '/api/services/start', { body: '{"force_color":false}' });
    expect(host.engine.startOptions).toEqual([
      { portConflict: 'fail', forceColor: true },
      { portConflict: 'fail', forceColor: true },
      { portConflict: 'fail' },
    ]);
    const onStop = await call(app, 'POST', '/api/services/stop', { body: '{"force_color":true}' });
    const notBoolean = await call(app, 'POST', '/api/services/start', { body: '{"force_color":"yes"}' });
    expect([onStop.status, notBoolean.status]).toEqual([400, 400]);
  });
});
