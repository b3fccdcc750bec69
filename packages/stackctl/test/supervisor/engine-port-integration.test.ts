// Integration tests of port detection with real processes, the real /proc inspector and the real engine:
// a service that never opens its declared port gets a warning; an adopted holder outside our group is stopped alone.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarnesses } from '../helpers/engine-harness.js';
import { nodeFixture } from '../helpers/fixtures.js';
import { freePort } from '../helpers/free-port.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { expectPidsGone, killPidsAndClear, pidAlive } from '../helpers/pids.js';
import { spawnStranger } from '../helpers/stranger-process.js';

const harnesses = new EngineHarnesses();
const strangers = new Set<number>();

afterEach(async () => {
  await harnesses.disposeAll();
  await killPidsAndClear(strangers);
});

describe.runIf(process.platform === 'linux')('ports, with real processes', () => {
  it('warns once, naming the port, when the service never opened it within its start period', async () => {
    const port = await freePort();
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'quiet', command: nodeFixture('forever'), ports: [port], health: { check: { kind: 'exec', command: 'true' }, startPeriodMs: 1_000 } }),
      ),
      { defaults: { stopPollMs: 20 } },
    );
    const startedAt = Date.now();
    expect((await harness.engine.start()).failed).toEqual([]);
    const warning = await harness.waitForEvent((event) => event.type === 'warning' && event.service === 'quiet', { timeoutMs: 5_000 });
    expect(warning).toMatchObject({ message: `port ${port} was not opened within 1s` });
    expect(warning.time - startedAt).toBeGreaterThanOrEqual(1_000);
    expect(warning.time - startedAt).toBeLessThan(2_000);
    expect(harness.eventsOf('warning', 'quiet')).toHaveLength(1);
  });

  it('stays quiet for a service that listens on its port', async () => {
    const port = await freePort();
    const harness = harnesses.create(
      makeConfig(makeService({ name: 'web', command: nodeFixture('health-after-delay', port, '0'), ports: [port], health: { check: { kind: 'http', url: `http://127.0.0.1:${port}/health`, expectStatus: [] }, startPeriodMs: 800 } })),
    );
    expect((await harness.engine.start()).started).toEqual(['web']);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(harness.eventsOf('warning', 'web')).toEqual([]);
  });

  it('adopts a holder living in this test runner’s process group and stops it alone, leaving the group', async () => {
    const port = await freePort();
    const pid = await spawnStranger(nodeFixture('health-after-delay', port, '0'), strangers);
    const harness = harnesses.create(makeConfig(makeService({ name: 'api', command: nodeFixture('forever'), ports: [port] })), { defaults: { stopPollMs: 20 } });
    expect(await harness.engine.start(['api'], { portConflict: 'adopt' })).toEqual({ started: ['api'], failed: [] });
    expect(harness.status('api')).toMatchObject({ state: 'running', origin: 'external', pid });
    await harness.engine.stop(['api']);
    await expectPidsGone([pid]);
    expect(pidAlive(process.pid)).toBe(true);
    expect(harness.status('api')).toMatchObject({ state: 'stopped', origin: 'managed' });
  });
});
