// Integration tests of cgroup placement with real processes: a child that left the process group is still stopped, counted and cleaned up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedService } from '../../src/config/types.js';
import type { ProjectCgroups } from '../../src/system/cgroup/index.js';
import { createRunRecordFileStore } from '../../src/system/run-record-file-store.js';
import { CGROUPS_UNAVAILABLE, cgroupOf, serviceDirs, TestCgroups } from '../helpers/cgroups.js';
import { EngineHarnesses, type EngineHarness } from '../helpers/engine-harness.js';
import { nodeFixture, shellFixture } from '../helpers/fixtures.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { expectPidsGone, pidAlive } from '../helpers/pids.js';

const harnesses = new EngineHarnesses();
const cgroups = new TestCgroups();
const dirs: string[] = [];

afterEach(async () => {
  try {
    await harnesses.disposeAll();
  } finally {
    await cgroups.removeAll();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
});

function host(project: ProjectCgroups | null, services: ResolvedService[], extra: { records?: string; adopt?: boolean } = {}): EngineHarness {
  const records = extra.records === undefined ? {} : { runRecords: createRunRecordFileStore(extra.records), output: { mode: 'fifo' as const, dir: extra.records } };
  return harnesses.create(makeConfig(...services), { cgroups: project, defaults: { stopPollMs: 20 }, adopt: extra.adopt ?? false, ...records });
}

/** The pids the escapes-group fixture announced: its leader and the child that left the group. */
async function fixturePids(harness: EngineHarness): Promise<{ leader: number; escaped: number }> {
  await harness.waitForLines(/^escaped ready/, 1);
  const pidOf = (role: string): number => Number(harness.lines.find((line) => line.line.startsWith(`pid ${role} `))?.line.split(' ')[2]);
  return { leader: pidOf('leader'), escaped: pidOf('escaped') };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-cgrec-'));
  dirs.push(dir);
  return dir;
}

describe.skipIf(CGROUPS_UNAVAILABLE !== null)(`engine with cgroups (real processes)${CGROUPS_UNAVAILABLE === null ? '' : ` — skipped: ${CGROUPS_UNAVAILABLE}`}`, () => {
  it.each([
    ['an argv list', nodeFixture('escapes-group')],
    ['a shell string', shellFixture('escapes-group')],
  ])('stops a child that left the process group and ignores SIGTERM, then removes the cgroup (%s)', async (_, command) => {
    const project = cgroups.create();
    const harness = host(project, [makeService({ name: 'api', command, stopTimeoutMs: 500 })]);
    await harness.engine.start();
    const { leader, escaped } = await fixturePids(harness);
    const status = harness.status('api');
    expect(status.cgroup).toBe(path.join(project.dir, 'api'));
    // The child is in its own session, out of the group stop signals; but in the service's cgroup.
    expect(fs.readFileSync(`/proc/${escaped}/stat`, 'utf8').split(') ')[1]?.split(' ')[2]).not.toBe(String(status.pid));
    expect(cgroupOf(escaped)).toBe(cgroupOf(leader));
    expect(cgroupOf(leader)?.endsWith('/api')).toBe(true);

    await harness.engine.stop();
    expect([leader, escaped].filter(pidAlive)).toEqual([]);
    expect(harness.status('api')).toMatchObject({ state: 'stopped', lastExit: { stoppedByUs: true, forced: true } });
    expect(fs.existsSync(status.cgroup!)).toBe(false);
    expect(fs.existsSync(project.dir)).toBe(false);
  });

  it('stops what a leader that exited by itself left in its cgroup', async () => {
    const project = cgroups.create();
    const harness = host(project, [makeService({ name: 'job', command: nodeFixture('escapes-group', '--exit'), stopTimeoutMs: 300 })]);
    await harness.engine.start();
    const { leader, escaped } = await fixturePids(harness);
    await harness.waitForState('job', 'exited');
    expect(harness.eventsOf('warning', 'job').map((event) => event.message).join('\n')).toMatch(/or its cgroup were still running/);
    await expectPidsGone([leader, escaped]);
    expect(serviceDirs(project.dir)).toEqual([]);
  });

  it('records the cgroup, and a host that adopts the service stops the escaped child through it', async () => {
    const project = cgroups.create();
    const records = tempDir();
    const service = makeService({ name: 'api', command: nodeFixture('escapes-group'), stopTimeoutMs: 300 });
    const first = host(project, [service], { records });
    await first.engine.start();
    const { leader, escaped } = await fixturePids(first);
    const record = createRunRecordFileStore(records).read('api');
    expect(record?.cgroup).toBe(path.join(project.dir, 'api'));
    await first.engine.detach();

    const second = host(project, [service], { records, adopt: true });
    await second.engine.adopt();
    expect(second.status('api')).toMatchObject({ state: 'running', pid: leader, cgroup: record?.cgroup });
    await second.engine.stop();
    expect([leader, escaped].filter(pidAlive)).toEqual([]);
    expect(fs.existsSync(project.dir)).toBe(false);
  });

  it('a host that finds the leader died unwatched kills what is left in its recorded cgroup', async () => {
    const project = cgroups.create();
    const records = tempDir();
    const service = makeService({ name: 'api', command: nodeFixture('escapes-group') });
    const first = host(project, [service], { records });
    await first.engine.start();
    const { leader, escaped } = await fixturePids(first);
    await first.engine.detach();
    process.kill(leader, 'SIGKILL');
    await expectPidsGone([leader]);

    const second = host(project, [service], { records, adopt: true });
    expect(await second.engine.adopt()).toMatchObject({ ended: ['api'] });
    await expectPidsGone([escaped]);
    expect(second.eventsOf('warning', 'api').map((event) => event.message)).toEqual([
      `pid ${leader} had ended; killed what was left in its cgroup (${escaped})`,
    ]);
  });

  it('keeps the exit code, the fingerprinted command and a missing program\'s spawn failure as without a cgroup', async () => {
    const project = cgroups.create();
    const records = tempDir();
    const harness = host(
      project,
      [
        makeService({ name: 'shell', command: 'sleep 0.3; exit 4' }),
        makeService({ name: 'argv', command: [process.execPath, '-e', 'setTimeout(() => process.exit(3), 300)'] }),
        makeService({ name: 'missing', command: ['stackctl-no-such-program', '--flag'] }),
      ],
      { records },
    );
    await harness.engine.start().catch(() => {});
    const store = createRunRecordFileStore(records);
    await expect.poll(() => store.read('shell')?.command ?? harness.status('shell').state).toBe('/bin/sh -c sleep 0.3; exit 4');
    expect(store.read('argv')?.command).toBe(`${process.execPath} -e setTimeout(() => process.exit(3), 300)`);
    await harness.waitForState('shell', 'exited');
    await harness.waitForState('argv', 'exited');
    expect(harness.status('shell').lastExit).toMatchObject({ code: 4, signal: null });
    expect(harness.status('argv').lastExit).toMatchObject({ code: 3, signal: null });
    expect(harness.status('missing')).toMatchObject({ state: 'failed' });
    // As without a cgroup: a program that does not exist fails the service at once, naming it.
    expect(harness.status('missing').reason).toMatch(/^command not found: stackctl-no-such-program/);
    expect(serviceDirs(project.dir)).toEqual([]);
  });

  it('gives two projects of the same name in different folders different cgroups', () => {
    const one = cgroups.create('same');
    const two = cgroups.create('same');
    expect(one.dir).not.toBe(two.dir);
    expect(path.basename(one.dir)).toMatch(/^same-[0-9a-f]{8}$/);
  });
});

describe.skipIf(process.platform === 'win32')('engine without cgroups (real processes)', () => {
  it('runs and stops services as before: no cgroup in status or run record, the command spawned directly', async () => {
    const records = tempDir();
    const harness = host(null, [makeService({ name: 'api', command: nodeFixture('forever') })], { records });
    await harness.engine.start();
    const status = harness.status('api');
    expect(status.cgroup).toBeUndefined();
    const record = createRunRecordFileStore(records).read('api');
    expect(record).not.toBeNull();
    expect(record?.cgroup).toBeUndefined();
    expect(record?.command).toBe(nodeFixture('forever').join(' '));
    await harness.engine.stop();
    expect(pidAlive(status.pid!)).toBe(false);
  });
});
