// Unit tests of smart port detection in the engine, with a fake platform, process table and port inspector:
// preflight decisions (fail / adopt / replace), the adopted process's life, and the port-never-opened warning.
import { describe, expect, it } from 'vitest';
import { engineOnFakes, tick, useFakeTimers, type EngineOnFakesOptions, type ServiceInput } from '../helpers/engine-on-fakes.js';
import { FakePlatform } from '../helpers/fake-platform.js';
import { FakePortInspector, HIDDEN } from '../helpers/fake-port-inspector.js';
import { MemoryRunRecords } from '../helpers/memory-run-records.js';

function setup(services: ServiceInput[], options: EngineOnFakesOptions = {}) {
  const platform = new FakePlatform();
  const inspector = new FakePortInspector(platform.table);
  const records = new MemoryRunRecords();
  const fakes = engineOnFakes(services, { platform, portInspector: inspector, runRecords: records, ...options });
  /** A process stackctl did not start, listening on `port`. */
  const stranger = (port: number, command = 'node server.js') => {
    const child = platform.addProcess(command);
    child.cwd = '/srv/api';
    inspector.held.set(port, child.pid);
    return child;
  };
  return { ...fakes, inspector, records, stranger };
}

useFakeTimers();

describe('a start whose declared port is held by another process', () => {
  it('fails with E_PORT_IN_USE naming the holder; its dependents fail naming it; nothing is spawned', async () => {
    const { engine, platform, status, stranger } = setup([
      { name: 'api', ports: [4000] },
      { name: 'web', dependsOn: { api: 'started' } },
    ]);
    const holder = stranger(4000);
    const outcome = await engine.start();
    expect(outcome.started).toEqual([]);
    const [api, web] = outcome.failed;
    expect(api).toMatchObject({
      name: 'api',
      code: 'E_PORT_IN_USE',
      holder: { pid: holder.pid, command: 'node server.js', cwd: '/srv/api', port: 4000 },
    });
    expect(api?.reason).toMatch(new RegExp(`^port 4000 is held by pid ${holder.pid} \\(node server\\.js, started .+ ago in /srv/api\\)$`));
    expect(web).toEqual({ name: 'web', reason: `dependency api failed: ${api?.reason}` });
    expect(platform.spawnCount('api') + platform.spawnCount('web')).toBe(0);
    expect(status('api')).toMatchObject({ state: 'failed', origin: 'managed', pid: null, reason: api?.reason });
    expect(holder.signals).toEqual([]);
  });

  it('spawns as usual when the ports are free, and the next start forgets the failure', async () => {
    const { engine, inspector, stranger } = setup([{ name: 'api', ports: [4000] }]);
    stranger(4000);
    expect((await engine.start()).failed).toHaveLength(1);
    inspector.held.clear();
    expect(await engine.start()).toEqual({ started: ['api'], failed: [] });
  });

  it('reports a holder it cannot see, which can be neither adopted nor replaced', async () => {
    const { engine, inspector, platform } = setup([{ name: 'api', ports: [4000] }]);
    inspector.held.set(4000, HIDDEN);
    const started = engine.start(['api'], { portConflict: 'replace' });
    // An owner nobody can see is most often a process still exiting: it gets 2 s to let go first.
    await tick(1_900);
    expect(platform.spawnCount('api')).toBe(0);
    await tick(200);
    const outcome = await started;
    expect(outcome.failed).toEqual([{ name: 'api', code: 'E_PORT_IN_USE', reason: "port 4000 is held by a process stackctl cannot see (another user's?)" }]);
    expect(platform.spawnCount('api')).toBe(0);
  });

  it('never adopts nor replaces a process of another service of the stack', async () => {
    const { engine, inspector, platform } = setup([{ name: 'db' }, { name: 'api', ports: [4000] }]);
    await engine.start(['db']);
    const db = platform.latest('db');
    inspector.held.set(4000, db.pid);
    const outcome = await engine.start(['api'], { portConflict: 'replace' });
    expect(outcome.failed[0]?.reason).toMatch(/, a process of service db$/);
    expect(outcome.failed[0]?.holder).toBeUndefined();
    expect(db.signals).toEqual([]);
  });

  it('applies the mode to the named services only: a dependency with a held port still fails', async () => {
    const { engine, stranger, platform } = setup([{ name: 'db', ports: [5432] }, { name: 'api', dependsOn: { db: 'started' } }]);
    const holder = stranger(5432, 'postgres');
    const outcome = await engine.start(['api'], { portConflict: 'adopt' });
    expect(outcome.failed.map((failure) => [failure.name, failure.code])).toEqual([
      ['db', 'E_PORT_IN_USE'],
      ['api', undefined],
    ]);
    expect(holder.alive).toBe(true);
    expect(platform.spawnCount('api')).toBe(0);
  });

  it('cannot adopt without a process table to fingerprint the holder with', async () => {
    const { engine, stranger } = setup([{ name: 'api', ports: [4000] }], { processTable: null });
    stranger(4000);
    const outcome = await engine.start(['api'], { portConflict: 'adopt' });
    expect(outcome.failed[0]?.reason).toMatch(/cannot be adopted or replaced without a process table$/);
  });
});

describe('portConflict: adopt', () => {
  it('tracks the holder as the service: running, origin external, recorded; stop signals its own group', async () => {
    const { engine, events, records, status, stranger } = setup([{ name: 'api', ports: [4000] }]);
    const holder = stranger(4000);
    expect(await engine.start(['api'], { portConflict: 'adopt' })).toEqual({ started: ['api'], failed: [] });
    expect(status('api')).toMatchObject({
      state: 'running',
      origin: 'external',
      pid: holder.pid,
      external: { pid: holder.pid, command: 'node server.js', cwd: '/srv/api', port: 4000 },
    });
    expect(events).toContainEqual(expect.objectContaining({ type: 'adopt', service: 'api', pid: holder.pid, origin: 'external' }));
    expect(records.read('api')).toMatchObject({ pid: holder.pid, origin: 'external', output: null });

    await engine.stop(['api']);
    expect(holder.signals).toEqual(['SIGTERM']);
    expect(holder.alive).toBe(false);
    expect(status('api')).toMatchObject({ state: 'stopped', origin: 'managed', pid: null, external: null });
    expect(records.read('api')).toBeNull();
  });

  it('signals a holder inside someone else’s group (a shell’s) pid by pid, with its children, never the group', async () => {
    const { engine, platform, stranger } = setup([{ name: 'api', ports: [4000] }]);
    const shell = platform.addProcess('bash');
    const holder = stranger(4000);
    holder.pgid = shell.pid;
    holder.ppid = shell.pid;
    const worker = platform.addProcess('node worker.js');
    worker.pgid = shell.pid;
    worker.ppid = holder.pid;
    await engine.start(['api'], { portConflict: 'adopt' });
    await engine.stop(['api']);
    expect(holder.processSignals).toEqual(['SIGTERM']);
    expect(worker.processSignals).toEqual(['SIGTERM']);
    expect([shell.signals, shell.processSignals, shell.alive]).toEqual([[], [], true]);
  });

  it('leaves the service exited, never restarted, when the adopted process ends by itself', async () => {
    const { engine, platform, status, stranger } = setup([{ name: 'api', ports: [4000], restart: 'always' }]);
    const holder = stranger(4000);
    await engine.start(['api'], { portConflict: 'adopt' });
    holder.exit(0);
    await tick(1000);
    expect(status('api')).toMatchObject({ state: 'exited', origin: 'managed', pid: null });
    expect(status('api').reason).toMatch(/stackctl did not start it, so it is not restarted/);
    expect(platform.spawnCount('api')).toBe(0);
  });
});

describe('an external run record', () => {
  it('is re-adopted by a new host as external, and stopped as one (pid by pid in a foreign group)', async () => {
    const platform = new FakePlatform();
    const shell = platform.addProcess('bash');
    const holder = platform.addProcess('node server.js');
    holder.pgid = shell.pid;
    const records = new MemoryRunRecords([
      { service: 'api', pid: holder.pid, pgid: shell.pid, startTime: holder.startTime, command: holder.command, startedAt: 5, restarts: 0, origin: 'external', output: null },
    ]);
    const { engine } = engineOnFakes([{ name: 'api', ports: [4000], restart: 'always' }], {
      platform,
      portInspector: new FakePortInspector(platform.table),
      runRecords: records,
    });
    expect((await engine.adopt()).adopted).toEqual(['api']);
    expect(engine.status()[0]).toMatchObject({ state: 'running', origin: 'external', pid: holder.pid, external: { pid: holder.pid, port: 4000 } });
    expect(records.read('api')?.origin).toBe('external');
    await engine.stop();
    expect([holder.processSignals, holder.signals, shell.signals, shell.alive]).toEqual([['SIGTERM'], [], [], true]);
    expect(records.read('api')).toBeNull();
  });
});

describe('portConflict: replace', () => {
  it('stops the holder (SIGTERM), then spawns the service, with a warning naming what it stopped', async () => {
    const { engine, platform, status, warnings, stranger } = setup([{ name: 'api', ports: [4000] }]);
    const holder = stranger(4000);
    expect(await engine.start(['api'], { portConflict: 'replace' })).toEqual({ started: ['api'], failed: [] });
    expect(holder.signals).toEqual(['SIGTERM']);
    expect(platform.spawnCount('api')).toBe(1);
    expect(status('api')).toMatchObject({ state: 'running', origin: 'managed', pid: platform.latest('api').pid });
    expect(warnings('api')).toEqual([expect.stringMatching(new RegExp(`^stopped pid ${holder.pid} \\(node server\\.js, .*\\), which held port 4000$`))]);
  });

  it('SIGKILLs a holder that ignores SIGTERM after the service’s stop_timeout', async () => {
    const { engine, platform, stranger } = setup([{ name: 'api', ports: [4000], stopTimeoutMs: 3_000 }]);
    const holder = stranger(4000);
    holder.ignoreStopSignal = true;
    const started = engine.start(['api'], { portConflict: 'replace' });
    await tick(2_900);
    expect(holder.signals).toEqual(['SIGTERM']);
    expect(platform.spawnCount('api')).toBe(0);
    await tick(200);
    expect(holder.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect((await started).started).toEqual(['api']);
  });
});

describe('port checks and restarts', () => {
  it('waits for a port whose owner cannot be seen to be released (a process still exiting), then spawns', async () => {
    const { engine, inspector, platform } = setup([{ name: 'api', ports: [4000] }]);
    inspector.held.set(4000, HIDDEN);
    const started = engine.start(['api']);
    await tick(300);
    inspector.held.clear();
    await tick(100);
    expect(await started).toEqual({ started: ['api'], failed: [] });
    expect(platform.spawnCount('api')).toBe(1);
  });

  it('an automatic restart spawns without checking the ports', async () => {
    const { engine, platform, inspector } = setup([{ name: 'api', ports: [4000], restart: 'on-failure' }]);
    await engine.start(['api']);
    const checks = inspector.calls;
    platform.latest('api').exit(1);
    await tick(100);
    expect(platform.spawnCount('api')).toBe(2);
    expect(inspector.calls).toBe(checks);
  });
});

describe('a port never opened', () => {
  it('warns once, naming the port, after 10 s when the service has no health check', async () => {
    const { engine, warnings } = setup([{ name: 'api', ports: [4000] }]);
    await engine.start(['api']);
    await tick(9_900);
    expect(warnings('api')).toEqual([]);
    await tick(200);
    expect(warnings('api')).toEqual(['port 4000 was not opened within 10s']);
    await tick(60_000);
    expect(warnings('api')).toHaveLength(1);
  });

  it('waits the health check’s start period instead, and names every port missing', async () => {
    const health = { check: { kind: 'tcp', host: '127.0.0.1', port: 1 }, startPeriodMs: 1_500 } as const;
    const { engine, warnings } = setup([{ name: 'api', ports: [4000, 9229], health }]);
    void engine.start(['api']);
    await tick(1_600);
    expect(warnings('api')).toEqual(['ports 4000, 9229 were not opened within 1.5s']);
  });

  it('stays quiet when the service’s own process listens, and when the run ended or was stopped meanwhile', async () => {
    const { engine, platform, inspector, warnings } = setup([{ name: 'api', ports: [4000] }, { name: 'web', ports: [3000] }]);
    await engine.start();
    inspector.held.set(4000, platform.latest('api').pid);
    await engine.stop(['web']);
    await tick(10_100);
    expect(warnings('api')).toEqual([]);
    expect(warnings('web')).toEqual([]);
  });
});
