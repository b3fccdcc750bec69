// Unit tests of the engine with a fake platform and fake timers: restarts, backoff, breaker, stop policy, dependencies.
import { describe, expect, it, vi } from 'vitest';
import type { HealthCheckers, HealthResult } from '../../src/health/health-checker.js';
import { engineOnFakes, tick, useFakeTimers, type ServiceInput } from '../helpers/engine-on-fakes.js';

/** A checker whose answer the test sets. */
function controllableChecker() {
  const state = { answer: { ok: false, detail: 'connection refused' } as HealthResult };
  const checker = { check: () => Promise.resolve(state.answer) };
  return { state, checkers: { http: checker, tcp: checker, exec: checker } as unknown as HealthCheckers };
}

function setup(services: ServiceInput[], checkers?: HealthCheckers) {
  const fakes = engineOnFakes(services, checkers === undefined ? {} : { healthCheckers: checkers });
  const { events } = fakes;
  const states = (name?: string) =>
    events.flatMap((e) => (e.type === 'state' && (name === undefined || e.service === name) ? [`${e.service}:${e.to}`] : []));
  const delays = () => events.flatMap((e) => (e.type === 'restart-scheduled' ? [[e.delayMs, e.attempt]] : []));
  return { ...fakes, states, delays };
}

const tcpCheck = { check: { kind: 'tcp', host: '127.0.0.1', port: 1 }, startPeriodMs: 10_000 } as const;

useFakeTimers();

describe('engine with a fake platform', () => {
  it('restarts at once after a quick crash, then with growing backoff, then breaks the crash loop', async () => {
    const { platform, engine, status, delays, events, states } = setup([{ name: 'api', restart: 'on-failure', maxRestarts: 3, minUptimeMs: 1_000 }]);
    const started = engine.start();
    await tick();
    platform.latest('api').exit(1);
    await tick();
    expect(status('api').state).toBe('running');
    expect(states('api').slice(-3)).toEqual(['api:backoff', 'api:starting', 'api:running']);
    for (const delay of [100, 200]) {
      platform.latest('api').exit(1);
      await tick();
      expect(status('api').state).toBe('backoff');
      await tick(delay - 1);
      expect(status('api').state).toBe('backoff');
      await tick(1);
      expect(status('api').state).toBe('running');
    }
    platform.latest('api').exit(1);
    await tick();
    expect(delays()).toEqual([
      [0, 1],
      [100, 2],
      [200, 3],
    ]);
    expect(status('api')).toMatchObject({ state: 'failed', reason: 'crash loop: crashed 4 times within 60s (3 restarts)', restarts: 3 });
    expect(await started).toMatchObject({ started: [], failed: [{ name: 'api' }] });
    await tick(60_000);
    expect(platform.spawnCount('api')).toBe(4);
    expect(events.filter((e) => e.type === 'exit')).toHaveLength(4);
  });

  it('restarts at once after a run of min_uptime, and starts the doubling over after one of backoff_reset', async () => {
    const { platform, engine, delays } = setup([{ name: 'api', restart: 'always', maxRestarts: 100, minUptimeMs: 1_000, backoffResetMs: 10_000 }]);
    void engine.start();
    await tick();
    platform.latest('api').exit(1);
    await tick();
    platform.latest('api').exit(1);
    await tick(100);
    platform.latest('api').exit(1);
    await tick(200);
    await tick(2_500); // ran past min_uptime: back at once, the doubling kept
    platform.latest('api').exit(1);
    await tick();
    platform.latest('api').exit(1);
    await tick(400);
    await tick(10_000); // ran past backoff_reset: the doubling starts over
    platform.latest('api').exit(0);
    await tick();
    platform.latest('api').exit(1);
    await tick();
    platform.latest('api').exit(1);
    await tick(100);
    expect(delays().map(([delay]) => delay)).toEqual([0, 100, 200, 0, 400, 0, 0, 100]);
  });

  it('a restart without delay spawns in the same turn as the exit, waiting for no timer', async () => {
    const { platform, engine, status, delays } = setup([{ name: 'api', restart: 'always', maxRestarts: 100, minUptimeMs: 1_000 }]);
    void engine.start();
    await tick();
    await tick(2_500);
    platform.latest('api').exit(1);
    // Only promise callbacks run here, no timer (not even one of 0 ms): the restart must not need one.
    for (let i = 0; i < 50; i += 1) await Promise.resolve();
    expect(delays()).toEqual([[0, 1]]);
    expect(platform.spawnCount('api')).toBe(2);
    expect(status('api')).toMatchObject({ state: 'running', restarts: 1 });
  });

  it("an exit that leaves nothing is handled without listing the process table (the restart does not wait for it)", async () => {
    const { platform, engine, status } = setup([{ name: 'api', restart: 'always', maxRestarts: 100, minUptimeMs: 1_000 }]);
    void engine.start();
    await tick();
    await tick(2_500);
    const groupMembers = vi.spyOn(platform.table, 'groupMembers');
    const descendants = vi.spyOn(platform.table, 'descendants');
    platform.latest('api').exit(1);
    await tick();
    expect(status('api')).toMatchObject({ state: 'running', restarts: 1 });
    expect(groupMembers).not.toHaveBeenCalled();
    expect(descendants).not.toHaveBeenCalled();
  });

  it('an exit that leaves a group member behind still finds it, and stops it before the restart', async () => {
    const { platform, engine, status } = setup([{ name: 'api', restart: 'always', maxRestarts: 100, minUptimeMs: 1_000 }]);
    void engine.start();
    await tick();
    await tick(2_500);
    const leader = platform.latest('api');
    const straggler = platform.addProcess('worker');
    straggler.pgid = leader.pid;
    straggler.ppid = leader.pid;
    leader.exit(1);
    await tick(10_000);
    expect(straggler.alive).toBe(false);
    expect(status('api')).toMatchObject({ state: 'running', restarts: 1 });
  });

  it('a stop during backoff cancels the restart', async () => {
    const { platform, engine, status } = setup([{ name: 'api', restart: 'always', minUptimeMs: 1_000 }]);
    void engine.start();
    await tick();
    platform.latest('api').exit(1); // restarted at once
    await tick();
    platform.latest('api').exit(1); // now in backoff
    await tick();
    expect(status('api').state).toBe('backoff');
    await engine.stop();
    expect(status('api').state).toBe('stopped');
    await tick(10_000);
    expect(platform.spawnCount('api')).toBe(2);
  });

  it('exits without a restart when the policy says so, keeping the exit record', async () => {
    const { platform, engine, status } = setup([{ name: 'job', restart: 'on-failure' }]);
    await engine.start();
    platform.latest('job').exit(0);
    await tick();
    expect(status('job')).toMatchObject({
      state: 'exited',
      reason: 'exited with code 0',
      pid: null,
      lastExit: { code: 0, signal: null, stoppedByUs: false, forced: false },
    });
  });

  it('SIGKILLs the group after stop_timeout and records forced', async () => {
    const { platform, engine, status } = setup([{ name: 'api', stopTimeoutMs: 3000 }]);
    platform.configure = (child) => (child.ignoreStopSignal = true);
    await engine.start();
    const stopped = engine.stop();
    await tick(2999);
    expect(status('api').state).toBe('stopping');
    expect(platform.latest('api').signals).toEqual(['SIGTERM']);
    await tick(100);
    await stopped;
    expect(platform.latest('api').signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(status('api')).toMatchObject({
      state: 'stopped',
      lastExit: { signal: 'SIGKILL', stoppedByUs: true, forced: true },
    });
  });

  it('kill() escalates a stop in progress at once', async () => {
    const { platform, engine, status } = setup([{ name: 'api', stopTimeoutMs: 30_000 }]);
    platform.configure = (child) => (child.ignoreStopSignal = true);
    await engine.start();
    const stopped = engine.stop();
    await tick(100);
    await engine.kill();
    await stopped;
    expect(platform.latest('api').signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(status('api')).toMatchObject({ state: 'stopped', lastExit: { forced: true } });
  });

  it('stops dependents before their dependencies', async () => {
    const { engine, states } = setup([
      { name: 'db' },
      { name: 'api', dependsOn: { db: 'started' } },
      { name: 'web', dependsOn: { api: 'started' } },
    ]);
    await engine.start();
    await engine.stop();
    expect(states().filter((s) => /stopp/.test(s))).toEqual([
      'web:stopping',
      'web:stopped',
      'api:stopping',
      'api:stopped',
      'db:stopping',
      'db:stopped',
    ]);
  });

  it('spawns a dependent only once its dependency is healthy', async () => {
    const { state, checkers } = controllableChecker();
    const { platform, engine, events } = setup(
      [{ name: 'db', health: tcpCheck }, { name: 'api', dependsOn: { db: 'healthy' } }],
      checkers,
    );
    const outcome = engine.start(['api']);
    await tick(1000);
    expect(platform.spawnCount('db')).toBe(1);
    expect(platform.spawnCount('api')).toBe(0);
    state.answer = { ok: true, detail: 'connected' };
    await tick(100);
    expect(await outcome).toEqual({ started: ['db', 'api'], failed: [] });
    const healthy = events.findIndex((e) => e.type === 'health' && e.to === 'healthy');
    const apiSpawn = events.findIndex((e) => e.type === 'spawn' && e.service === 'api');
    expect(healthy).toBeGreaterThan(-1);
    expect(apiSpawn).toBeGreaterThan(healthy);
  });

  it('counts a service without a health check as started only once it has run for its min_uptime', async () => {
    const { platform, engine } = setup([{ name: 'api', restart: 'no', minUptimeMs: 1_000 }]);
    let settled = false;
    const outcome = engine.start().finally(() => (settled = true));
    await tick(999);
    expect(settled).toBe(false);
    await tick(1);
    expect(await outcome).toEqual({ started: ['api'], failed: [] });
    expect(platform.spawnCount('api')).toBe(1);
  });

  it('reports a service that crashes before its min_uptime as failed, not started', async () => {
    const { platform, engine } = setup([{ name: 'api', restart: 'no', minUptimeMs: 1_000 }]);
    const outcome = engine.start();
    await tick(300);
    platform.latest('api').exit(1);
    expect(await outcome).toEqual({ started: [], failed: [{ name: 'api', reason: 'exited with code 1 before becoming healthy' }] });
  });

  it('keeps a dependent waiting while its dependency is unhealthy, and starts it the moment it is healthy (a 12 s first compile)', async () => {
    const { state, checkers } = controllableChecker();
    const { platform, engine, status, events } = setup(
      [{ name: 'db', health: { ...tcpCheck, startPeriodMs: 0, retries: 2 } }, { name: 'api', dependsOn: { db: 'healthy' } }],
      checkers,
    );
    let settled = false;
    const outcome = engine.start().finally(() => (settled = true));
    await tick(1000);
    expect(status('db')).toMatchObject({ state: 'running', health: 'unhealthy' });
    expect(status('api').state).toBe('starting');
    const waiting = events.filter((e) => e.type === 'waiting');
    expect(waiting).toEqual([expect.objectContaining({ service: 'api', dependency: 'db', reason: 'waiting for db: unhealthy (connection refused)' })]);
    await tick(11_000);
    expect(settled).toBe(false);
    expect(platform.spawnCount('api')).toBe(0);
    state.answer = { ok: true, detail: 'connected' };
    await tick(100);
    expect(await outcome).toEqual({ started: ['db', 'api'], failed: [] });
    expect(platform.spawnCount('api')).toBe(1);
    expect(status('api').state).toBe('running');
  });

  it('fails the dependents of a service not healthy within its start_timeout, naming it; the service keeps running', async () => {
    const { checkers } = controllableChecker();
    const { platform, engine, status } = setup(
      [{ name: 'db', health: { ...tcpCheck, startPeriodMs: 0, retries: 2, startTimeoutMs: 5_000 } }, { name: 'api', dependsOn: { db: 'healthy' } }],
      checkers,
    );
    let settled = false;
    const outcome = engine.start().finally(() => (settled = true));
    await tick(4_900);
    expect(settled).toBe(false);
    await tick(200);
    const reason = 'unhealthy (connection refused) within 5s (health.start_timeout)';
    expect(await outcome).toEqual({
      started: [],
      failed: [
        { name: 'db', reason },
        { name: 'api', reason: `dependency db failed: ${reason}` },
      ],
    });
    expect(status('db')).toMatchObject({ state: 'running', health: 'unhealthy' });
    expect(status('api')).toMatchObject({ state: 'failed' });
    expect(platform.spawnCount('api')).toBe(0);
  });

  it('fails the dependents at once when the dependency ends for good (crash loop) before becoming healthy', async () => {
    const { checkers } = controllableChecker();
    const { platform, engine, status } = setup(
      [{ name: 'db', restart: 'on-failure', maxRestarts: 1, health: tcpCheck }, { name: 'api', dependsOn: { db: 'healthy' } }],
      checkers,
    );
    const outcome = engine.start();
    await tick(10);
    platform.latest('db').exit(1);
    await tick(10);
    platform.latest('db').exit(1);
    const result = await outcome;
    expect(result.failed.map((each) => each.name)).toEqual(['db', 'api']);
    expect(result.failed[1]?.reason).toMatch(/^dependency db failed: crash loop/);
    expect(status('api').state).toBe('failed');
    expect(platform.spawnCount('api')).toBe(0);
  });

  it('waits for a completed dependency and fails dependents when it exits non-zero', async () => {
    const { platform, engine, status } = setup([
      { name: 'migrate' },
      { name: 'api', dependsOn: { migrate: 'completed' } },
      { name: 'web', dependsOn: { api: 'started' } },
    ]);
    const outcome = engine.start(['web']);
    await tick();
    expect(platform.spawnCount('api')).toBe(0);
    platform.latest('migrate').exit(2);
    expect(await outcome).toEqual({
      started: [],
      failed: [
        { name: 'migrate', reason: 'exited with code 2' },
        { name: 'api', reason: 'dependency migrate failed: exited with code 2' },
        { name: 'web', reason: 'dependency api failed: dependency migrate failed: exited with code 2' },
      ],
    });
    expect(status('web').state).toBe('failed');
    expect(platform.spawnCount('web')).toBe(0);
  });

  it('counts a successful exit as completed even when the policy restarts it', async () => {
    const { platform, engine } = setup([
      { name: 'migrate', restart: 'always' },
      { name: 'api', dependsOn: { migrate: 'completed' } },
    ]);
    const outcome = engine.start();
    await tick();
    platform.latest('migrate').exit(0);
    await tick();
    expect(platform.spawnCount('api')).toBe(1);
    expect((await outcome).started).toContain('api');
    await engine.stop();
  });

  it('a stop while waiting for dependencies cancels the spawn', async () => {
    const { state, checkers } = controllableChecker();
    const { platform, engine, status } = setup(
      [{ name: 'db', health: tcpCheck }, { name: 'api', dependsOn: { db: 'healthy' } }],
      checkers,
    );
    const outcome = engine.start();
    await tick(500);
    await engine.stop(['api']);
    state.answer = { ok: true, detail: 'connected' };
    await tick(500);
    expect(status('api').state).toBe('stopped');
    expect(platform.spawnCount('api')).toBe(0);
    expect((await outcome).failed).toEqual([{ name: 'api', reason: 'it was stopped' }]);
  });

  it('reports a spawn failure as failed, without throwing', async () => {
    const { platform, engine, status } = setup([{ name: 'api' }]);
    platform.spawnError = 'cannot start "api": working directory /nope does not exist';
    expect(await engine.start()).toEqual({
      started: [],
      failed: [{ name: 'api', reason: 'E_SPAWN_FAILED: cannot start "api": working directory /nope does not exist' }],
    });
    expect(status('api').state).toBe('failed');
  });

  it('restart() stops and starts again, keeping the restart count', async () => {
    const { platform, engine, status } = setup([{ name: 'api', restart: 'on-failure' }]);
    await engine.start();
    platform.latest('api').exit(1);
    await tick(100);
    expect(status('api').restarts).toBe(1);
    expect(await engine.restart(['api'])).toEqual({ started: ['api'], failed: [] });
    expect(status('api')).toMatchObject({ state: 'running', restarts: 1 });
    expect(platform.spawnCount('api')).toBe(3);
  });

  it('rejects unknown service names with E_SERVICE_UNKNOWN', async () => {
    const { engine } = setup([{ name: 'api' }]);
    await expect(engine.start(['nope'])).rejects.toMatchObject({ code: 'E_SERVICE_UNKNOWN' });
    await expect(engine.stop(['nope'])).rejects.toMatchObject({ code: 'E_SERVICE_UNKNOWN' });
  });

  it('rejects a dependency cycle defensively', () => {
    expect(() => setup([{ name: 'a', dependsOn: { b: 'started' } }, { name: 'b', dependsOn: { a: 'started' } }])).toThrow(
      /dependency cycle/,
    );
  });

  it('keeps going when a listener throws', async () => {
    const { engine, status } = setup([{ name: 'api' }]);
    engine.onEvent(() => {
      throw new Error('bad listener');
    });
    await engine.start();
    expect(status('api').state).toBe('running');
  });
});
