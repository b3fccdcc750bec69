// Integration tests of automatic restarts with real crashing processes: growing backoff, the breaker, restart().
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarnesses } from '../helpers/engine-harness.js';
import { nodeFixture } from '../helpers/fixtures.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { pidAlive } from '../helpers/pids.js';
import { waitFor } from '../helpers/wait-for.js';

const harnesses = new EngineHarnesses();
afterEach(() => harnesses.disposeAll());

describe.skipIf(process.platform === 'win32')('engine restarts (real processes)', () => {
  it('restarts at once, then backs off with growing delays, then breaks the crash loop', async () => {
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'crashy', command: nodeFixture('crash-at-start'), restart: 'on-failure', maxRestarts: 3, minUptimeMs: 1_000 }),
      ),
    );
    await harness.engine.start();
    const failed = await harness.waitForState('crashy', 'failed');
    expect(failed).toMatchObject({ reason: 'crash loop: crashed 4 times within 60s (3 restarts)', restarts: 3, lastExit: { code: 1 } });
    const scheduled = harness.eventsOf('restart-scheduled', 'crashy');
    expect(scheduled.map((e) => [e.delayMs, e.attempt])).toEqual([
      [0, 1],
      [100, 2],
      [200, 3],
    ]);
    // Each respawn comes no earlier than its delay after the exit before it.
    const exits = harness.eventsOf('exit', 'crashy');
    const spawns = harness.eventsOf('spawn', 'crashy');
    expect(spawns).toHaveLength(4);
    scheduled.forEach((event, i) => {
      expect(spawns[i + 1]!.time - exits[i]!.time).toBeGreaterThanOrEqual(event.delayMs - 5);
    });
    const stderr = harness.lines.filter((line) => line.service === 'crashy' && line.stream === 'stderr');
    expect(stderr.some((line) => line.line.includes('Error: crash at start'))).toBe(true);
  });

  it('a service killed again and again after running past min_uptime is respawned at once each time', async () => {
    const harness = harnesses.create(
      makeConfig(makeService({ name: 'web', command: nodeFixture('forever'), restart: 'on-failure', maxRestarts: 100, minUptimeMs: 300 })),
    );
    await harness.engine.start();
    const killed: number[] = [];
    let pid = (await harness.waitForState('web', 'running')).pid!;
    for (let i = 0; i < 6; i += 1) {
      // Each run lasts past min_uptime before its kill: the scenario, not a wait for a condition.
      await new Promise((resolve) => setTimeout(resolve, 400));
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
      const before = pid;
      pid = await waitFor(() => {
        const now = harness.status('web');
        return now.state === 'running' && now.pid !== null && now.pid !== before && now.pid;
      }, { message: `respawn ${i + 1}` });
    }
    expect(harness.eventsOf('restart-scheduled', 'web').map((event) => event.delayMs)).toEqual([0, 0, 0, 0, 0, 0]);
    // Loose, for a loaded machine (it takes ~20 ms here); a doubling backoff would reach 400 ms, then 800 ms.
    const exits = harness.eventsOf('exit', 'web');
    const spawns = harness.eventsOf('spawn', 'web');
    exits.forEach((exit, i) => expect(spawns[i + 1]!.time - exit.time).toBeLessThan(350));
    for (const each of killed) expect(pidAlive(each)).toBe(false);
  });

  it('restart() replaces the process', async () => {
    const harness = harnesses.create(makeConfig(makeService({ name: 'api', command: nodeFixture('forever') })));
    await harness.engine.start();
    const before = harness.status('api').pid;
    expect(await harness.engine.restart(['api'])).toEqual({ started: ['api'], failed: [] });
    const after = harness.status('api').pid;
    expect(after).not.toBe(before);
    expect(pidAlive(before!)).toBe(false);
    expect(harness.status('api')).toMatchObject({ state: 'running', restarts: 0 });
  });
});
