// Integration tests of starting real processes: dependency order, health gating, completed and failed dependencies.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarnesses } from '../helpers/engine-harness.js';
import { nodeFixture, shellFixture } from '../helpers/fixtures.js';
import { freePort } from '../helpers/free-port.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

const harnesses = new EngineHarnesses();
afterEach(() => harnesses.disposeAll());

describe.skipIf(process.platform === 'win32')('engine start (real processes)', () => {
  it('starts in dependency order and gates a dependent on its dependency being healthy', async () => {
    const port = await freePort();
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'web', command: nodeFixture('forever'), dependsOn: { api: 'started' } }),
        makeService({ name: 'api', command: shellFixture('forever'), dependsOn: { db: 'healthy' } }),
        makeService({
          name: 'db',
          command: nodeFixture('health-after-delay', port, 600),
          health: {
            check: { kind: 'http', url: `http://127.0.0.1:${port}/health`, expectStatus: [] },
            intervalMs: 100,
            startPeriodMs: 10_000,
          },
        }),
      ),
    );
    const outcome = await harness.engine.start();
    expect(outcome).toEqual({ started: ['db', 'api', 'web'], failed: [] });

    const healthy = harness.eventsOf('health', 'db').find((event) => event.to === 'healthy');
    const [dbSpawn] = harness.eventsOf('spawn', 'db');
    const [apiSpawn] = harness.eventsOf('spawn', 'api');
    const [webSpawn] = harness.eventsOf('spawn', 'web');
    expect(healthy && dbSpawn && apiSpawn && webSpawn).toBeTruthy();
    expect(healthy?.sinceStartMs).toBeGreaterThanOrEqual(600);
    expect(harness.events.indexOf(apiSpawn!)).toBeGreaterThan(harness.events.indexOf(healthy!));
    expect(apiSpawn!.time).toBeGreaterThanOrEqual(healthy!.time);
    expect(harness.events.indexOf(webSpawn!)).toBeGreaterThan(harness.events.indexOf(apiSpawn!));
    expect(harness.status('db')).toMatchObject({ state: 'running', health: 'healthy' });
    expect(harness.status('api')).toMatchObject({ state: 'running', health: 'none' });
  });

  it('waits for a completed dependency to exit 0 before starting its dependent', async () => {
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'migrate', command: nodeFixture('completes', 300) }),
        makeService({ name: 'api', command: nodeFixture('forever'), dependsOn: { migrate: 'completed' } }),
      ),
    );
    expect(await harness.engine.start(['api'])).toEqual({ started: ['migrate', 'api'], failed: [] });
    const [migrateExit] = harness.eventsOf('exit', 'migrate');
    const [apiSpawn] = harness.eventsOf('spawn', 'api');
    expect(migrateExit?.exit).toMatchObject({ code: 0, stoppedByUs: false });
    expect(apiSpawn!.time).toBeGreaterThanOrEqual(migrateExit!.time);
    expect(harness.status('migrate')).toMatchObject({ state: 'exited', lastExit: { code: 0 } });
  });

  it('marks dependents of a failed dependency failed, naming it', async () => {
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'migrate', command: nodeFixture('exit-with-code', 2, 50) }),
        makeService({ name: 'api', command: nodeFixture('forever'), dependsOn: { migrate: 'completed' } }),
        makeService({ name: 'web', command: nodeFixture('forever'), dependsOn: { api: 'healthy' } }),
      ),
    );
    const outcome = await harness.engine.start();
    expect(outcome.started).toEqual([]);
    expect(outcome.failed).toEqual([
      { name: 'migrate', reason: 'exited with code 2' },
      { name: 'api', reason: 'dependency migrate failed: exited with code 2' },
      { name: 'web', reason: 'dependency api failed: dependency migrate failed: exited with code 2' },
    ]);
    expect(harness.status('api')).toMatchObject({ state: 'failed', pid: null });
    expect(harness.eventsOf('spawn', 'api')).toEqual([]);
  });

  it('fails dependents of a crash-looping dependency', async () => {
    const port = await freePort();
    const harness = harnesses.create(
      makeConfig(
        makeService({
          name: 'db',
          command: nodeFixture('crash-at-start'),
          restart: 'on-failure',
          maxRestarts: 2,
          health: { check: { kind: 'tcp', host: '127.0.0.1', port }, startPeriodMs: 60_000 },
        }),
        makeService({ name: 'api', command: nodeFixture('forever'), dependsOn: { db: 'healthy' } }),
      ),
    );
    const outcome = await harness.engine.start(['api']);
    expect(outcome.failed).toEqual([
      { name: 'db', reason: 'crash loop: crashed 3 times within 60s (2 restarts)' },
      { name: 'api', reason: 'dependency db failed: crash loop: crashed 3 times within 60s (2 restarts)' },
    ]);
  });

  it('reports a spawn failure (missing cwd) as failed without throwing', async () => {
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'api', command: nodeFixture('forever'), cwd: '/definitely/not/here' }),
        makeService({ name: 'web', command: nodeFixture('forever'), dependsOn: { api: 'started' } }),
      ),
    );
    const outcome = await harness.engine.start();
    expect(outcome.started).toEqual([]);
    expect(outcome.failed[0]).toEqual({
      name: 'api',
      reason: expect.stringMatching(/^E_SPAWN_FAILED: .*working directory \/definitely\/not\/here does not exist/),
    });
    expect(outcome.failed[1]?.reason).toMatch(/^dependency api failed: E_SPAWN_FAILED/);
    expect(harness.status('api')).toMatchObject({ state: 'failed', pid: null });
  });

  it('gates on a tcp health check against a real listener', async () => {
    const port = await freePort();
    const harness = harnesses.create(
      makeConfig(
        makeService({
          name: 'db',
          command: nodeFixture('health-after-delay', port, 0),
          health: { check: { kind: 'tcp', host: '127.0.0.1', port }, startPeriodMs: 10_000 },
        }),
        makeService({
          name: 'api',
          command: nodeFixture('forever'),
          dependsOn: { db: 'healthy' },
          health: { check: { kind: 'exec', command: 'exit 0' } },
        }),
      ),
    );
    expect(await harness.engine.start()).toEqual({ started: ['db', 'api'], failed: [] });
    expect(harness.status('api').health).toBe('healthy');
  });
});
