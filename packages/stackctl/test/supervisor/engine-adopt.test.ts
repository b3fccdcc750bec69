// Integration tests of FIFO output and re-adoption with real processes: a host detaches, a new one adopts, no line is lost.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedService } from '../../src/config/types.js';
import type { RunRecord } from '../../src/supervisor/run-record.js';
import { createRunRecordFileStore } from '../../src/system/run-record-file-store.js';
import { LinuxProcessTable } from '../../src/system/process-table/index.js';
import { EngineHarnesses, type EngineHarness } from '../helpers/engine-harness.js';
import { nodeFixture } from '../helpers/fixtures.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { killPidsAndClear, pidAlive } from '../helpers/pids.js';
import { spawnStranger } from '../helpers/stranger-process.js';

let dir = '';
const harnesses = new EngineHarnesses();
const strangers = new Set<number>();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-adopt-'));
});

afterEach(async () => {
  // The adopting host first: it owns the processes now; a detached host's kill() does nothing.
  await harnesses.disposeAll();
  await killPidsAndClear(strangers);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A host of `services` writing run records and FIFOs into the temp dir. */
function host(services: ResolvedService[], adopt = false): EngineHarness {
  return harnesses.create(makeConfig(...services), {
    runRecords: createRunRecordFileStore(dir),
    output: { mode: 'fifo', dir },
    adopt,
    defaults: { stopPollMs: 20 },
  });
}

function recordOf(service: string): RunRecord | null {
  return createRunRecordFileStore(dir).read(service);
}

/** The numbers of the `<pid> <i>` lines `pid` printed, in the order they were seen. */
function numbersOf(harness: EngineHarness, pid: number): number[] {
  return harness.lines.flatMap((line) => {
    const [who, n] = line.line.split(' ');
    return Number(who) === pid ? [Number(n)] : [];
  });
}

describe.skipIf(process.platform !== 'linux')('re-adoption through FIFOs (real processes)', () => {
  it('captures output through FIFOs like pipes: every line intact and attributed, FIFOs removed once it rests', async () => {
    const count = 10_000;
    const harness = host([
      makeService({ name: 'alpha', command: nodeFixture('print-lines', count, 'alpha') }),
      makeService({ name: 'beta', command: `${nodeFixture('print-lines', count, 'beta', '--stderr').join(' ')}; exit 3`, restart: 'on-failure', maxRestarts: 1 }),
    ]);
    await harness.engine.start();
    await harness.waitForState('alpha', 'exited', { timeoutMs: 30_000 });
    await harness.waitForState('beta', 'failed', { timeoutMs: 30_000 });
    const linesOf = (name: string) => harness.lines.filter((line) => line.service === name);
    expect(linesOf('alpha').map((line) => line.line)).toEqual(Array.from({ length: count }, (_, i) => `alpha ${i + 1}`));
    // Two runs of beta through the same FIFOs, each run's lines complete and in order.
    const beta = Array.from({ length: count }, (_, i) => `beta ${i + 1}`);
    expect(linesOf('beta').map((line) => line.line)).toEqual([...beta, ...beta]);
    expect(linesOf('beta').every((line) => line.stream === 'stderr')).toBe(true);
    expect(harness.status('beta').lastExit).toMatchObject({ code: 3 });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('hands a running service to a new host with no line lost, cut or repeated, across a burst no host read', async () => {
    const burst = 50_000;
    const service = makeService({ name: 'counter', command: nodeFixture('numbered-lines', 5, burst), restart: 'on-failure' });
    const first = host([service]);
    await first.engine.start();
    // One crash first, so there is a restart count to carry over.
    const crashed = first.status('counter').pid!;
    await first.waitForLines(new RegExp(`^${crashed} 5$`), 1);
    process.kill(crashed, 'SIGKILL');
    const spawned = await first.waitForEvent((e) => e.type === 'spawn' && e.pid !== crashed);
    const pid = (spawned as { pid: number }).pid;
    await first.waitForLines(new RegExp(`^${pid} 20$`), 1);
    expect(first.status('counter').restarts).toBe(1);

    // The host lets go while it holds the first part of a line: that part goes into the run record.
    process.kill(pid, 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.engine.detach();
    const seenByFirst = numbersOf(first, pid);
    expect(pidAlive(pid)).toBe(true);
    const record = recordOf('counter');
    expect(record).toMatchObject({ pid, pgid: pid, restarts: 1, origin: 'managed' });
    expect(Buffer.from(record?.pendingOutput?.stdout ?? '', 'base64').toString()).toBe(`${pid} `);
    expect(fs.statSync(path.join(dir, 'counter.stdout')).isFIFO()).toBe(true);

    // With no host reading, the rest of that line and a burst of ~650 KB (far more than the 64 KiB a
    // pipe holds) are written: the writer blocks, it does not die.
    process.kill(pid, 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pidAlive(pid)).toBe(true);
    expect(numbersOf(first, pid)).toHaveLength(seenByFirst.length);

    const second = host([service], true);
    expect(await second.engine.adopt()).toMatchObject({ adopted: ['counter'], ended: [], reused: [] });
    expect(second.status('counter')).toMatchObject({ state: 'running', pid, restarts: 1, origin: 'managed' });
    expect(second.eventsOf('adopt')).toEqual([expect.objectContaining({ service: 'counter', pid })]);
    expect(recordOf('counter')?.pendingOutput).toBeUndefined();
    const last = seenByFirst.length + 1 + burst + 20;
    await second.waitForLines(new RegExp(`^${pid} ${last}$`), 1, { timeoutMs: 30_000 });
    expect(second.eventsOf('spawn')).toEqual([]);

    await second.engine.stop();
    expect(second.status('counter').state).toBe('stopped');
    expect(pidAlive(pid)).toBe(false);
    const all = [...seenByFirst, ...numbersOf(second, pid)];
    expect(all.length).toBeGreaterThanOrEqual(last);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    expect(seenByFirst.length).toBeGreaterThanOrEqual(20);
    expect(recordOf('counter')).toBeNull();
    expect(fs.existsSync(path.join(dir, 'counter.stdout'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'counter.stderr'))).toBe(false);
  });

  it('notices a kill -9 of an adopted leader within a second and restarts it per policy', async () => {
    const service = makeService({ name: 'api', command: nodeFixture('numbered-lines', 50), restart: 'on-failure' });
    const first = host([service]);
    await first.engine.start();
    const pid = first.status('api').pid!;
    await first.engine.detach();

    const second = host([service], true);
    await second.engine.adopt();
    await second.waitForLines(new RegExp(`^${pid} \\d+$`), 1);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const exit = await second.waitForEvent((e) => e.type === 'exit' && e.service === 'api');
    expect(exit.time - killedAt).toBeLessThan(1_000);
    expect(exit).toMatchObject({ exit: { pid, code: null, signal: null, stoppedByUs: false } });
    const restarted = await second.waitForEvent((e) => e.type === 'spawn' && e.service === 'api');
    const next = (restarted as { pid: number }).pid;
    expect(next).not.toBe(pid);
    expect(second.status('api')).toMatchObject({ state: 'running', pid: next, restarts: 1 });
    expect(recordOf('api')).toMatchObject({ pid: next, restarts: 1 });
    await second.waitForLines(new RegExp(`^${next} 1$`), 1);
  });

  it('never signals a stranger that now holds a recorded pid, and removes the record with a warning', async () => {
    // An unrelated long-running process, not started by any engine.
    const stranger = await spawnStranger(nodeFixture('forever'), strangers, 'ready');
    const info = new LinuxProcessTable().info(stranger)!;
    createRunRecordFileStore(dir).write({
      service: 'api',
      pid: stranger,
      pgid: stranger,
      startTime: info.startTime - 1,
      command: 'node server.js',
      startedAt: Date.now() - 60_000,
      restarts: 2,
      origin: 'managed',
      output: null,
    });
    const harness = host([makeService({ name: 'api', command: nodeFixture('forever') })], true);
    expect(await harness.engine.adopt()).toMatchObject({ adopted: [], reused: ['api'] });
    expect(harness.eventsOf('warning', 'api').map((e) => e.message)).toEqual([
      `pid ${stranger} now belongs to another program (${info.command}): not signalled, record removed`,
    ]);
    expect(harness.status('api')).toMatchObject({ state: 'stopped', pid: null });
    expect(recordOf('api')).toBeNull();
    await harness.engine.stop();
    await harness.engine.kill();
    expect(pidAlive(stranger)).toBe(true);
  });

  it('marks a service whose recorded process died unwatched as exited, and removes its record', async () => {
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    createRunRecordFileStore(dir).write({
      service: 'api',
      pid: gone.pid!,
      pgid: gone.pid!,
      startTime: 1,
      command: `${process.execPath} -e`,
      startedAt: Date.now() - 60_000,
      restarts: 3,
      origin: 'managed',
      output: { stdout: path.join(dir, 'api.stdout'), stderr: path.join(dir, 'api.stderr') },
    });
    const harness = host([makeService({ name: 'api', command: nodeFixture('forever') })], true);
    expect(await harness.engine.adopt()).toMatchObject({ adopted: [], ended: ['api'] });
    expect(harness.status('api')).toMatchObject({
      state: 'exited',
      reason: 'ended while no supervisor was watching',
      restarts: 3,
      pid: null,
    });
    expect(recordOf('api')).toBeNull();
    // It can be started again as usual.
    expect(await harness.engine.start(['api'])).toEqual({ started: ['api'], failed: [] });
    expect(recordOf('api')).toMatchObject({ pid: harness.status('api').pid });
  });
});
