// Unit tests of run records, fingerprint-guarded signals, adoption and detach, with a fake platform and process table.
import { describe, expect, it } from 'vitest';
import { isStackctlError } from '../../src/errors/index.js';
import type { RunRecord } from '../../src/supervisor/run-record.js';
import { engineOnFakes, type ServiceInput } from '../helpers/engine-on-fakes.js';
import { FakePlatform, type FakeChild } from '../helpers/fake-platform.js';
import { MemoryRunRecords } from '../helpers/memory-run-records.js';
import { rejection } from '../helpers/thrown.js';
import { waitFor } from '../helpers/wait-for.js';

interface SetupOptions {
  readonly records?: RunRecord[];
  readonly adopt?: boolean;
  readonly platform?: FakePlatform;
  readonly backoffBaseMs?: number;
}

function setup(services: ServiceInput[], options: SetupOptions = {}) {
  const store = new MemoryRunRecords(options.records);
  const fakes = engineOnFakes(services, {
    ...(options.platform === undefined ? {} : { platform: options.platform }),
    runRecords: store,
    adopt: options.adopt ?? false,
    defaults: { stopPollMs: 5, backoffBaseMs: options.backoffBaseMs ?? 10 },
  });
  return { ...fakes, store };
}

/** The record an earlier host would have left for `child`. */
function recordFor(service: string, child: FakeChild, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    service,
    pid: child.pid,
    pgid: child.pid,
    startTime: child.startTime,
    command: child.command,
    startedAt: 1_000,
    restarts: 4,
    origin: 'managed',
    output: null,
    ...overrides,
  };
}

describe('run records', () => {
  it('writes a record with the fingerprint on spawn and removes it when the process is gone', async () => {
    const { platform, store, engine } = setup([{ name: 'api', restart: 'on-failure' }]);
    await engine.start();
    const first = platform.latest('api');
    expect(store.read('api')).toEqual({
      service: 'api',
      pid: first.pid,
      pgid: first.pid,
      startTime: first.startTime,
      command: 'api',
      startedAt: expect.any(Number),
      restarts: 0,
      origin: 'managed',
      output: null,
    });
    first.exit(1);
    await waitFor(() => platform.spawnCount('api') === 2);
    expect(store.read('api')).toMatchObject({ pid: platform.latest('api').pid, restarts: 1 });
    await engine.stop();
    expect(store.read('api')).toBeNull();
  });

  it('never signals a pid whose fingerprint changed mid-run: warns, removes the record, counts the run as ended', async () => {
    const { platform, store, engine, status, warnings } = setup([{ name: 'api' }]);
    await engine.start();
    const child = platform.latest('api');
    child.startTime += 1; // the pid now belongs to a process started at another time
    child.command = 'postgres -D /var/lib/db';
    await engine.stop();
    expect(child.signals).toEqual([]);
    expect(child.alive).toBe(true);
    expect(warnings()).toEqual([
      `pid ${child.pid} now belongs to another program (postgres -D /var/lib/db): not signalled, record removed`,
    ]);
    expect(store.read('api')).toBeNull();
    expect(status('api')).toMatchObject({ state: 'stopped', pid: null, lastExit: { code: null, signal: null, stoppedByUs: true } });
  });

  it('refuses kill() too, and still signals a leader that only exec\'d (same start time, other command)', async () => {
    const { platform, engine, warnings } = setup([{ name: 'api' }, { name: 'web' }]);
    await engine.start();
    const api = platform.latest('api');
    const web = platform.latest('web');
    api.startTime += 1;
    web.command = 'node dist/main.js';
    await engine.kill();
    expect(api.signals).toEqual([]);
    expect(web.signals).toEqual(['SIGKILL']);
    expect(warnings()).toHaveLength(1);
  });
});

describe('adopt', () => {
  it('takes over a live recorded process: running, same pid and restarts, an adopt event, no spawn', async () => {
    const platform = new FakePlatform();
    const earlier = platform.addProcess('node api.js');
    const records = [recordFor('api', earlier, { pgid: earlier.pid })];
    const { engine, events, status, store } = setup([{ name: 'api', restart: 'on-failure' }], { platform, records, adopt: true });
    expect(await engine.adopt()).toEqual({ adopted: ['api'], ended: [], reused: [], skipped: [] });
    expect(status('api')).toMatchObject({ state: 'running', pid: earlier.pid, restarts: 4, startedAt: 1_000, origin: 'managed' });
    expect(events.filter((e) => e.type === 'adopt' || e.type === 'state').map((e) => e.type)).toEqual(['adopt', 'state']);
    expect(earlier.attachTarget).toMatchObject({ pid: earlier.pid, pgid: earlier.pid, output: null });
    expect(earlier.attachTarget?.isAlive()).toBe(true);
    expect(await engine.start()).toEqual({ started: ['api'], failed: [] });
    expect(platform.spawnCount('api')).toBe(0);
    expect(store.read('api')).toMatchObject({ pid: earlier.pid, restarts: 4 });

    // Its exit status is unknown (null, null): on-failure restarts it.
    earlier.exit(null);
    await waitFor(() => platform.spawnCount('api') === 1, { message: 'a restart' });
    expect(status('api')).toMatchObject({ state: 'running', restarts: 5, pid: platform.latest('api').pid });
    expect(store.read('api')).toMatchObject({ pid: platform.latest('api').pid, restarts: 5 });
    await engine.stop();
  });

  it('stops an adopted process through its recorded group, after checking its fingerprint', async () => {
    const platform = new FakePlatform();
    const earlier = platform.addProcess('node api.js');
    const { engine, status, store } = setup([{ name: 'api' }], { platform, records: [recordFor('api', earlier)] });
    expect((await engine.adopt()).adopted).toEqual(['api']);
    await engine.stop();
    expect(earlier.signals).toEqual(['SIGTERM']);
    expect(status('api')).toMatchObject({ state: 'stopped', lastExit: { stoppedByUs: true } });
    expect(store.read('api')).toBeNull();
  });

  it('never adopts nor signals a recorded pid whose command or process group is not the recorded one', async () => {
    const platform = new FakePlatform();
    const execd = platform.addProcess('sh -c node api.js');
    execd.command = 'node api.js'; // same start time, other command: no proof it is the recorded process
    const moved = platform.addProcess('node web.js');
    const records = [recordFor('api', execd, { command: 'sh -c node api.js' }), recordFor('web', moved, { pgid: moved.pid + 7 })];
    const { engine, status, store, warnings } = setup([{ name: 'api' }, { name: 'web' }], { platform, records });
    expect(await engine.adopt()).toMatchObject({ adopted: [], reused: ['api', 'web'] });
    await engine.stop();
    expect(execd.signals).toEqual([]);
    expect(moved.signals).toEqual([]);
    expect(status('api')).toMatchObject({ state: 'stopped', pid: null });
    expect(warnings()).toEqual([
      `pid ${execd.pid} does not match its run record (its command is now node api.js): not adopted, not signalled, record removed`,
      `pid ${moved.pid} does not match its run record (its process group is now group ${moved.pid}): not adopted, not signalled, record removed`,
    ]);
    expect([...store.records.keys()]).toEqual([]);
  });

  it('settles dead, reused and unknown records', async () => {
    const platform = new FakePlatform();
    const dead = platform.addProcess('node worker.js');
    dead.exit(0);
    const reused = platform.addProcess('node web.js');
    const strangerCommand = 'vim notes.txt';
    const ghost = platform.addProcess('node ghost.js');
    const records = [
      recordFor('worker', dead),
      { ...recordFor('web', reused), startTime: reused.startTime - 5 },
      recordFor('ghost', ghost),
    ];
    reused.command = strangerCommand;
    const { engine, status, store, warnings } = setup([{ name: 'worker' }, { name: 'web' }], { platform, records });
    const outcome = await engine.adopt();
    expect(outcome).toEqual({ adopted: [], ended: ['worker'], reused: ['web'], skipped: [records[2]] });
    expect(status('worker')).toMatchObject({ state: 'exited', reason: 'ended while no supervisor was watching', restarts: 4 });
    expect(status('web')).toMatchObject({ state: 'stopped', pid: null });
    expect(reused.signals).toEqual([]);
    expect(warnings()).toEqual([
      `pid ${reused.pid} now belongs to another program (${strangerCommand}): not signalled, record removed`,
      `run record of pid ${ghost.pid} names no configured service; left as it is`,
    ]);
    expect([...store.records.keys()]).toEqual(['ghost']);
    // adopt() runs once; later calls return the same outcome.
    expect(await engine.adopt()).toBe(outcome);
  });

  it('runs on the next microtask with adopt: true, so listeners subscribed after creation see it, and start waits for it', async () => {
    const platform = new FakePlatform();
    const earlier = platform.addProcess('node api.js');
    const { engine, events } = setup([{ name: 'api' }], { platform, records: [recordFor('api', earlier)], adopt: true });
    expect(await engine.start()).toEqual({ started: ['api'], failed: [] });
    expect(events[0]).toMatchObject({ type: 'adopt', pid: earlier.pid });
    expect(platform.spawnCount('api')).toBe(0);
    await engine.stop();
  });
});

describe('detach', () => {
  it('leaves processes and records for the next host; afterwards stop and kill do nothing, start rejects', async () => {
    // db's runs are quick crashes (shorter than its min_uptime): the second is restarted only after the backoff.
    const { platform, engine, store } = setup([{ name: 'api' }, { name: 'db', restart: 'always', minUptimeMs: 30_000 }], { backoffBaseMs: 60_000 });
    void engine.start();
    await waitFor(() => platform.spawnCount('api') === 1 && platform.spawnCount('db') === 1);
    const api = platform.latest('api');
    platform.latest('db').exit(1); // restarted at once…
    await waitFor(() => platform.spawnCount('db') === 2 && engine.status().find((s) => s.name === 'db')?.state === 'running');
    platform.latest('db').exit(1); // …then in backoff (60 s) when the host lets go
    await waitFor(() => engine.status().find((s) => s.name === 'db')?.state === 'backoff');
    await engine.detach();
    expect(api.released).toBe(true);
    expect(store.read('api')).toMatchObject({ pid: api.pid, pendingOutput: { stdout: '', stderr: '' } });
    expect(engine.status().map((s) => [s.name, s.state])).toEqual([
      ['api', 'running'],
      ['db', 'stopped'],
    ]);
    await engine.stop();
    await engine.kill();
    expect(api.signals).toEqual([]);
    api.exit(0); // what happens to the process now is the next host's business
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.read('api')).not.toBeNull();
    expect(platform.spawnCount('db')).toBe(2);
    const error = await rejection(engine.start());
    expect(isStackctlError(error) && error.code).toBe('E_INTERNAL');
    expect(isStackctlError(await rejection(engine.adopt()))).toBe(true);
  });

  it('hands the unfinished line already read to the record', async () => {
    const { platform, engine, store } = setup([{ name: 'api' }]);
    await engine.start();
    const api = platform.latest('api');
    api.stdout.write('complete\nunfinish');
    api.stderr.write(Buffer.from([0x6f, 0x6b, 0x20, 0xe2, 0x82])); // "ok " and 2 of the 3 bytes of "€"
    await new Promise((resolve) => setImmediate(resolve));
    await engine.detach();
    const pending = store.read('api')?.pendingOutput;
    expect(Buffer.from(pending?.stdout ?? '', 'base64').toString()).toBe('unfinish');
    expect(Buffer.from(pending?.stderr ?? '', 'base64')).toEqual(Buffer.from([0x6f, 0x6b, 0x20, 0xe2, 0x82]));

    // The next host puts it in front of what it reads.
    const next = setup([{ name: 'api' }], { platform, records: [store.read('api')!] });
    const lines: string[] = [];
    next.engine.onOutput((line) => lines.push(`${line.stream}: ${line.line}`));
    await next.engine.adopt();
    api.stdout.write('ed\n');
    api.stderr.write(Buffer.from([0xac, 0x0a]));
    await waitFor(() => lines.length === 2);
    expect(lines.sort()).toEqual(['stderr: ok €', 'stdout: unfinished']);
    await next.engine.stop();
  });
});
