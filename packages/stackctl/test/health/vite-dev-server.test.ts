// Integration: the demo's real Vite dev server (a temporary copy, a free port) passes its HTTP health check.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, type DemoCopy } from '../e2e/demo-copy.js';
import { EngineHarnesses } from '../helpers/engine-harness.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

const harnesses = new EngineHarnesses();
const copies: DemoCopy[] = [];
afterEach(async () => {
  await harnesses.disposeAll();
  for (const copy of copies.splice(0)) copy.remove();
});

describe.skipIf(process.platform === 'win32')('HTTP check against a Vite dev server', () => {
  it('gets the demo web server healthy', { timeout: 60_000 }, async () => {
    const copy = await copyDemo();
    copies.push(copy);
    const port = copy.webPort;
    const harness = harnesses.create(
      makeConfig(
        makeService({
          name: 'web',
          command: ['node', 'dev-server.js'],
          cwd: path.join(copy.dir, 'web'),
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: String(port), API_URL: `http://127.0.0.1:${copy.apiPort}` },
          ports: [port],
          health: {
            check: { kind: 'http', url: `http://127.0.0.1:${port}/`, expectStatus: [] },
            intervalMs: 1_000,
            timeoutMs: 2_000,
            retries: 3,
            startTimeoutMs: 45_000,
          },
        }),
      ),
    );
    expect(await harness.engine.start()).toEqual({ started: ['web'], failed: [] });
    expect(harness.status('web')).toMatchObject({ state: 'running', health: 'healthy' });
    expect(harness.eventsOf('health', 'web').at(-1)).toMatchObject({ to: 'healthy', detail: 'HTTP 200' });
  });
});
