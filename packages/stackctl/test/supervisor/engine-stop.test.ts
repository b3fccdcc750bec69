// Integration tests of stopping real process trees: reverse order, grandchildren, SIGKILL after stop_timeout, kill().
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/supervisor/types.js';
import { EngineHarnesses } from '../helpers/engine-harness.js';
import { nodeFixture, shellFixture } from '../helpers/fixtures.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { expectPidsGone, pidAlive } from '../helpers/pids.js';

const harnesses = new EngineHarnesses();
afterEach(() => harnesses.disposeAll());

describe.skipIf(process.platform === 'win32')('engine stop (real processes)', () => {
  it('stops dependents before their dependencies', async () => {
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'db', command: nodeFixture('forever') }),
        makeService({ name: 'api', command: shellFixture('forever'), dependsOn: { db: 'started' } }),
        makeService({ name: 'web', command: nodeFixture('forever'), dependsOn: { api: 'started' } }),
        makeService({ name: 'docs', command: nodeFixture('forever') }),
      ),
    );
    await harness.engine.start();
    await harness.engine.stop();
    const index = (predicate: (e: EngineEvent) => boolean) => harness.events.findIndex(predicate);
    const exitOf = (name: string) => index((e) => e.type === 'exit' && e.service === name);
    const stoppingOf = (name: string) => index((e) => e.type === 'state' && e.service === name && e.to === 'stopping');
    expect(stoppingOf('api')).toBeGreaterThan(exitOf('web'));
    expect(stoppingOf('db')).toBeGreaterThan(exitOf('api'));
    for (const name of ['db', 'api', 'web', 'docs']) {
      expect(harness.status(name)).toMatchObject({ state: 'stopped', pid: null, lastExit: { stoppedByUs: true, forced: false } });
    }
    await expectPidsGone(harness.pids);
  });

  it.each([
    ['a shell string', shellFixture('grandchildren')],
    ['an argv list', nodeFixture('grandchildren')],
  ])('leaves no grandchild behind (%s)', async (_, command) => {
    const harness = harnesses.create(makeConfig(makeService({ name: 'tree', command })));
    await harness.engine.start();
    await harness.waitForLines(/^pid grandchild/, 1);
    const pids = [...harness.pids];
    expect(pids.length).toBeGreaterThanOrEqual(3);
    expect(pids.every(pidAlive)).toBe(true);
    await harness.engine.stop();
    expect(pids.filter(pidAlive)).toEqual([]);
  });

  it('SIGKILLs a process that ignores SIGTERM after stop_timeout', async () => {
    const harness = harnesses.create(
      makeConfig(makeService({ name: 'stubborn', command: nodeFixture('ignores-sigterm'), stopTimeoutMs: 1000 })),
    );
    await harness.engine.start();
    await harness.waitForLines(/^ready$/, 1);
    const started = Date.now();
    await harness.engine.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(harness.status('stubborn')).toMatchObject({
      state: 'stopped',
      lastExit: { signal: 'SIGKILL', stoppedByUs: true, forced: true },
    });
  });

  it('SIGKILLs a whole tree that ignores SIGTERM', async () => {
    const harness = harnesses.create(
      makeConfig(makeService({ name: 'tree', command: nodeFixture('grandchildren', '--ignore-term'), stopTimeoutMs: 500 })),
    );
    await harness.engine.start();
    await harness.waitForLines(/^pid grandchild/, 1);
    await harness.engine.stop();
    expect(harness.status('tree').lastExit).toMatchObject({ forced: true });
    expect([...harness.pids].filter(pidAlive)).toEqual([]);
  });

  it('kill() ends everything at once, without waiting out stop timeouts', async () => {
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'stubborn', command: nodeFixture('ignores-sigterm'), stopTimeoutMs: 60_000 }),
        makeService({ name: 'tree', command: shellFixture('grandchildren', '--ignore-term'), stopTimeoutMs: 60_000 }),
      ),
    );
    await harness.engine.start();
    await harness.waitForLines(/^pid grandchild/, 1);
    const stopping = harness.engine.stop();
    const started = Date.now();
    await harness.engine.kill();
    await stopping;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(harness.engine.status().map((s) => [s.state, s.lastExit?.forced])).toEqual([
      ['stopped', true],
      ['stopped', true],
    ]);
    expect([...harness.pids].filter(pidAlive)).toEqual([]);
  });

  it('cleans up descendants when the leader exits by itself', async () => {
    const harness = harnesses.create(
      makeConfig(makeService({ name: 'orphans', command: `${shellFixture('grandchildren')} & sleep 0.3` })),
    );
    await harness.engine.start();
    await harness.waitForState('orphans', 'exited');
    expect(harness.eventsOf('warning', 'orphans')[0]?.message).toMatch(/still running; stopping them/);
    expect(harness.status('orphans').lastExit).toMatchObject({ code: 0, stoppedByUs: false });
    expect(harness.pids.size).toBeGreaterThanOrEqual(4);
    expect([...harness.pids].filter(pidAlive)).toEqual([]);
  });
});
