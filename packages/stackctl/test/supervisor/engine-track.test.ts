// Unit tests of `stackctl run`'s engine side with a fake platform: track (a process in a terminal as the service), startDependencies, forceColor.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/supervisor/run-record.js';
import { engineOnFakes, tick, useFakeTimers, type EngineOnFakesOptions, type ServiceInput } from '../helpers/engine-on-fakes.js';
import { FakePlatform, type FakeChild } from '../helpers/fake-platform.js';
import { MemoryRunRecords } from '../helpers/memory-run-records.js';

function setup(services: ServiceInput[], options: EngineOnFakesOptions = {}) {
  const platform = new FakePlatform();
  const records = options.runRecords instanceof MemoryRunRecords ? options.runRecords : new MemoryRunRecords();
  const fakes = engineOnFakes(services, { platform, portInspector: null, ...options, runRecords: records });
  /** The CLI in the terminal's foreground group, and the service it spawned in that same group. */
  const terminal = (command = 'node server.js'): { cli: FakeChild; service: FakeChild; worker: FakeChild } => {
    const cli = platform.addProcess('node stackctl.js run api');
    const service = platform.addProcess(command);
    service.pgid = cli.pid;
    service.ppid = cli.pid;
    const worker = platform.addProcess('node worker-thread.js');
    worker.pgid = cli.pid;
    worker.ppid = service.pid;
    return { cli, service, worker };
  };
  return { ...fakes, records, terminal };
}

useFakeTimers();

describe('track: a process started in a terminal becomes the service', () => {
  it('is running, origin managed, attached, recorded with attached; an adopt event says so', async () => {
    const { engine, status, events, records, terminal } = setup([{ name: 'api', restart: 'always' }]);
    const { service } = terminal();
    const tracked = await engine.track('api', service.pid, { attached: true });
    expect(tracked).toMatchObject({ name: 'api', state: 'running', origin: 'managed', attached: true, pid: service.pid, external: null });
    expect(status('api').attached).toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ type: 'adopt', service: 'api', pid: service.pid, origin: 'managed', attached: true }));
    expect(records.read('api')).toMatchObject({ pid: service.pid, pgid: service.pgid, origin: 'managed', attached: true, output: null });
  });

  it('is never restarted: when it ends the service is exited, even with restart: always', async () => {
    const { engine, status, platform, records, terminal } = setup([{ name: 'api', restart: 'always' }]);
    const { service } = terminal();
    await engine.track('api', service.pid, { attached: true });
    service.exit(1);
    await tick(10);
    expect(status('api')).toMatchObject({ state: 'exited', attached: false, pid: null });
    expect(status('api').reason).toContain('running in a terminal ended');
    expect(platform.spawnCount('api')).toBe(0);
    expect(records.read('api')).toBeNull();
  });

  it("stop signals it and its descendants one by one, never the terminal's process group (the CLI)", async () => {
    const { engine, status, terminal } = setup([{ name: 'api' }]);
    const { cli, service, worker } = terminal();
    await engine.track('api', service.pid, { attached: true });
    const stopped = engine.stop(['api']);
    await tick(50);
    await stopped;
    expect(status('api').state).toBe('stopped');
    expect(service.processSignals).toEqual(['SIGTERM']);
    expect(worker.processSignals).toEqual(['SIGTERM']);
    expect([cli.signals, cli.processSignals, service.signals]).toEqual([[], [], []]);
    expect(cli.alive).toBe(true);
  });

  it('refuses a service that is not resting, and a pid that is not a live process', async () => {
    const { engine, terminal, platform } = setup([{ name: 'api' }, { name: 'db' }]);
    await engine.start(['db']);
    const { service } = terminal();
    await expect(engine.track('db', service.pid, { attached: true })).rejects.toMatchObject({ code: 'E_ALREADY_RUNNING' });
    await expect(engine.track('api', 99_999, { attached: true })).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(engine.track('nope', service.pid, { attached: true })).rejects.toMatchObject({ code: 'E_SERVICE_UNKNOWN' });
    expect(platform.latest('db').alive).toBe(true);
  });

  it('a service that exited can be tracked again; the port watcher and health checks see the tracked pid', async () => {
    const { engine, status, terminal } = setup([{ name: 'api', health: { check: { kind: 'exec', command: 'true' } } }], {
      healthCheckers: { exec: { check: async () => ({ ok: true, detail: 'ok' }) } },
    });
    const first = terminal().service;
    await engine.track('api', first.pid, { attached: true });
    first.exit(0);
    await tick(10);
    expect(status('api').state).toBe('exited');
    const second = terminal().service;
    await engine.track('api', second.pid, { attached: true });
    await tick(300);
    expect(status('api')).toMatchObject({ state: 'running', health: 'healthy', pid: second.pid, attached: true });
    second.exit(0);
    await tick(10);
  });

  it('a new host re-adopts an attached record as attached, and stops it the same way', async () => {
    const first = setup([{ name: 'api' }]);
    const { cli, service } = first.terminal();
    await first.engine.track('api', service.pid, { attached: true });
    const record = first.records.read('api') as RunRecord;
    await first.engine.detach();

    const platform = first.platform;
    const records = new MemoryRunRecords([record]);
    const { engine } = engineOnFakes([{ name: 'api' }], { platform, portInspector: null, runRecords: records, adopt: true });
    await engine.adopt();
    expect(engine.status()[0]).toMatchObject({ state: 'running', origin: 'managed', attached: true, pid: service.pid });
    const stopped = engine.stop();
    await tick(50);
    await stopped;
    expect(service.processSignals).toEqual(['SIGTERM']);
    expect(cli.signals).toEqual([]);
  });
});

describe('startDependencies', () => {
  it("starts what the service depends on, not the service, and waits for the service's conditions (completed included)", async () => {
    const { engine, status, platform } = setup([
      { name: 'migrate' },
      { name: 'db' },
      { name: 'api', dependsOn: { db: 'started', migrate: 'completed' } },
    ]);
    const pending = engine.startDependencies('api');
    await tick(0);
    expect(status('api').state).toBe('stopped');
    platform.latest('migrate').exit(0);
    const outcome = await pending;
    expect(outcome).toEqual({ started: expect.arrayContaining(['db', 'migrate']), failed: [] });
    expect(status('migrate').state).toBe('exited');
    expect(status('db').state).toBe('running');
    expect(platform.spawnCount('api')).toBe(0);
  });

  it('reports a failing dependency; a service without dependencies has nothing to do', async () => {
    const { engine, platform } = setup([{ name: 'db' }, { name: 'api', dependsOn: { db: 'completed' } }, { name: 'solo' }]);
    const pending = engine.startDependencies('api');
    await tick(0);
    platform.latest('db').exit(3);
    const outcome = await pending;
    expect(outcome.failed).toEqual([expect.objectContaining({ name: 'db' })]);
    expect(await engine.startDependencies('solo')).toEqual({ started: [], failed: [] });
  });
});

describe('forceColor', () => {
  it('gives FORCE_COLOR=1 to what the start spawns and to its restarts, unless the env decides; a start without it does not', async () => {
    const { engine, platform } = setup([
      { name: 'api', restart: 'always' },
      { name: 'quiet', env: { NO_COLOR: '1' } },
    ]);
    await engine.start([], { forceColor: true });
    expect(platform.latest('api').spec.env.FORCE_COLOR).toBe('1');
    expect(platform.latest('quiet').spec.env.FORCE_COLOR).toBeUndefined();
    platform.latest('api').exit(1);
    await tick(10);
    expect(platform.spawnCount('api')).toBe(2);
    expect(platform.latest('api').spec.env.FORCE_COLOR).toBe('1');
    await engine.restart(['api']);
    expect(platform.latest('api').spec.env.FORCE_COLOR).toBeUndefined();
  });
});
