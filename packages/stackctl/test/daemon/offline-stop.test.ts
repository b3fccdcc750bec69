// `stop` without a daemon: real process groups named by run records, fingerprints checked, output drained to the log.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopFromRunRecords } from '../../src/daemon/offline-stop.js';
import { ServiceLogFiles } from '../../src/daemon/service-log-files.js';
import type { ResolvedService } from '../../src/config/types.js';
import type { RunRecord } from '../../src/supervisor/run-record.js';
import { createPlatform } from '../../src/system/create-platform.js';
import { fifoPaths } from '../../src/system/fifo.js';
import { LinuxProcessTable } from '../../src/system/process-table/index.js';
import { createRunRecordFileStore } from '../../src/system/run-record-file-store.js';
import { nodeFixture } from '../helpers/fixtures.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { expectPidsGone, killSurvivors, pidAlive } from '../helpers/pids.js';
import { waitFor } from '../helpers/wait-for.js';

const platform = createPlatform();
const table = new LinuxProcessTable();
const dirs: string[] = [];
const pids: number[] = [];

afterEach(async () => {
  killSurvivors(pids.flatMap((pid) => [pid, ...table.groupMembers(pid)]));
  await expectPidsGone(pids.splice(0));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-offline-stop-'));
  dirs.push(dir);
  return { runDir: path.join(dir, 'run'), logsDir: path.join(dir, 'logs'), store: createRunRecordFileStore(path.join(dir, 'run')) };
}

/**
 * Spawns like the daemon does (own group, output into FIFOs), records it, then lets go as a killed
 * daemon would; with `ready`, first reads its output until that text (the line is consumed).
 */
async function spawnRecorded(
  service: ResolvedService,
  runDir: string,
  store: ReturnType<typeof createRunRecordFileStore>,
  options: { tweak?: Partial<RunRecord>; ready?: string } = {},
): Promise<RunRecord> {
  const output = fifoPaths(runDir, service.name);
  const child = platform.spawn({ command: service.command, cwd: service.cwd, env: service.env, output });
  const ready = options.ready;
  if (ready !== undefined) {
    let seen = '';
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()).includes(ready) && resolve()));
  }
  child.stdout.destroy();
  child.stderr.destroy();
  child.release?.();
  pids.push(child.pid);
  const info = table.info(child.pid);
  if (info === null) throw new Error('spawned process vanished');
  const record: RunRecord = {
    service: service.name,
    pid: child.pid,
    pgid: child.pid,
    startTime: info.startTime,
    command: info.command,
    startedAt: Date.now(),
    restarts: 0,
    origin: 'managed',
    output,
    ...options.tweak,
  };
  store.write(record);
  return record;
}

describe('stopFromRunRecords', () => {
  it('stops each recorded group, grandchildren included, and keeps what they printed meanwhile', async () => {
    const { runDir, logsDir, store } = project();
    const tree = makeService({ name: 'tree', command: nodeFixture('grandchildren') });
    const plain = makeService({ name: 'plain', command: nodeFixture('forever'), dependsOn: { tree: 'started' } });
    const config = makeConfig(tree, plain);
    const treeRecord = await spawnRecorded(tree, runDir, store);
    await spawnRecorded(plain, runDir, store);
    await waitFor(() => table.groupMembers(treeRecord.pgid).length === 3, { message: 'the tree of three processes' });
    const members = table.groupMembers(treeRecord.pgid);

    const logFiles = new ServiceLogFiles({ config, logsDir, onError: (error) => { throw error; } });
    const results = await stopFromRunRecords({ config, store, processTable: table, platform, names: [], logFiles });
    await logFiles.close();

    expect(results.map(({ service, outcome }) => [service, outcome]).sort()).toEqual([['plain', 'stopped'], ['tree', 'stopped']]);
    await expectPidsGone(members);
    expect(store.readAll()).toEqual([]);
    const treeLog = readFileSync(path.join(logsDir, 'tree.log'), 'utf8');
    expect(treeLog).toMatch(/Z out pid leader \d+\n/);
  });

  it('sends SIGKILL after stop_timeout to a group that ignores the stop signal', async () => {
    const { runDir, store } = project();
    const stubborn = makeService({ name: 'stubborn', command: nodeFixture('ignores-sigterm'), stopTimeoutMs: 300 });
    const config = makeConfig(stubborn);
    const record = await spawnRecorded(stubborn, runDir, store, { ready: 'ready' });
    const results = await stopFromRunRecords({ config, store, processTable: table, platform, names: ['stubborn'] });
    expect(results).toMatchObject([{ service: 'stubborn', pid: record.pid, outcome: 'killed', killed: [{ pid: record.pid }], survivors: [] }]);
    await expectPidsGone([record.pid]);
  });

  it('never signals a pid whose start time differs, and drops records of processes already gone', async () => {
    const { runDir, store } = project();
    const other = makeService({ name: 'other', command: nodeFixture('forever') });
    const gone = makeService({ name: 'gone', command: nodeFixture('forever') });
    const config = makeConfig(other, gone);
    const reused = await spawnRecorded(other, runDir, store);
    store.write({ ...reused, startTime: reused.startTime - 1 }); // the pid now "belongs to someone else"
    const dead = await spawnRecorded(gone, runDir, store);
    process.kill(-dead.pgid, 'SIGKILL');
    await waitFor(() => !platform.groupAlive(dead.pgid), { message: 'the killed group to be gone' });

    const results = await stopFromRunRecords({ config, store, processTable: table, platform, names: [] });
    expect(results.sort((a, b) => a.service.localeCompare(b.service))).toMatchObject([
      { service: 'gone', pid: dead.pid, outcome: 'not-running', note: 'its process is gone; nothing signalled' },
      { service: 'other', pid: reused.pid, outcome: 'pid-reused', killed: [] },
    ]);
    expect(pidAlive(reused.pid)).toBe(true);
    expect(store.readAll()).toEqual([]);
  });

  it('stops only the named services', async () => {
    const { runDir, store } = project();
    const a = makeService({ name: 'a', command: nodeFixture('forever') });
    const b = makeService({ name: 'b', command: nodeFixture('forever') });
    const config = makeConfig(a, b);
    const recordA = await spawnRecorded(a, runDir, store);
    const recordB = await spawnRecorded(b, runDir, store);
    const results = await stopFromRunRecords({ config, store, processTable: table, platform, names: ['b'] });
    expect(results).toEqual([{ service: 'b', pid: recordB.pid, outcome: 'stopped', killed: [], survivors: [], note: null }]);
    expect(pidAlive(recordA.pid)).toBe(true);
    expect(store.readAll().map((record) => record.service)).toEqual(['a']);
  });

  describe('forged records: nothing signalled, the record removed, the outcome says why', () => {
    /** A process of its own group, started here but unrelated to any record (a stranger to stackctl). */
    async function stranger(): Promise<{ pid: number; info: NonNullable<ReturnType<typeof table.info>> }> {
      const child = platform.spawn({ command: nodeFixture('forever'), cwd: os.tmpdir(), env: {} });
      child.stdout.destroy();
      child.stderr.destroy();
      child.release?.();
      pids.push(child.pid);
      await waitFor(() => table.info(child.pid)?.command.includes('forever.cjs'), { message: 'the stranger started' });
      const info = table.info(child.pid);
      if (info === null) throw new Error('the stranger vanished');
      return { pid: child.pid, info };
    }
    const base = { startedAt: Date.now(), restarts: 0, origin: 'managed' as const, output: null };

    it('a live process with the recorded start time but another command', async () => {
      const { store } = project();
      const { pid, info } = await stranger();
      store.write({ ...base, service: 'api', pid, pgid: pid, startTime: info.startTime, command: 'node api.js' });
      const results = await stopFromRunRecords({ config: makeConfig(makeService({ name: 'api' })), store, processTable: table, platform, names: [] });
      expect(results).toMatchObject([{ service: 'api', outcome: 'unproven', killed: [], note: `pid ${pid} is running another command than recorded; nothing signalled` }]);
      expect(pidAlive(pid)).toBe(true);
      expect(store.readAll()).toEqual([]);
    });

    it('a dead pid whose pgid names a live, unrelated group', async () => {
      const { store } = project();
      const { pid } = await stranger();
      store.write({ ...base, service: 'api', pid: 4_000_000, pgid: pid, startTime: 1, command: 'node api.js' });
      const results = await stopFromRunRecords({ config: makeConfig(makeService({ name: 'api' })), store, processTable: table, platform, names: [] });
      expect(results).toMatchObject([{ service: 'api', outcome: 'not-running', note: 'its process is gone; nothing signalled' }]);
      expect(pidAlive(pid)).toBe(true);
      expect(store.readAll()).toEqual([]);
    });

    it("a live process's true fingerprint with another group's pgid", async () => {
      const { store } = project();
      const first = await stranger();
      const second = await stranger();
      store.write({ ...base, service: 'api', pid: first.pid, pgid: second.pid, startTime: first.info.startTime, command: first.info.command });
      const results = await stopFromRunRecords({ config: makeConfig(makeService({ name: 'api' })), store, processTable: table, platform, names: [] });
      expect(results).toMatchObject([{ service: 'api', outcome: 'unproven', note: `pid ${first.pid} is in another process group than recorded; nothing signalled` }]);
      expect([first.pid, second.pid].map(pidAlive)).toEqual([true, true]);
      expect(store.readAll()).toEqual([]);
    });
  });

  it('the leader gone: stops the recorded members that still match (they left the group), and nothing else', async () => {
    const { runDir, store } = project();
    const service = makeService({ name: 'api', command: nodeFixture('setsid-child') });
    const record = await spawnRecorded(service, runDir, store);
    // The child runs `setsid node … --role=escaped`: wait until setsid has exec'd node (not the fork before
    // setsid's exec, nor setsid itself), so the fingerprint taken is the lasting one.
    const execd = (pid: number): boolean => {
      const command = table.info(pid)?.command ?? '';
      return command.startsWith(`${process.execPath} `) && command.endsWith('--role=escaped');
    };
    await waitFor(() => table.descendants(record.pid).some(execd), { message: 'the setsid child' });
    const escaped = table.descendants(record.pid).find(execd) ?? 0;
    const info = table.info(escaped);
    if (info === null) throw new Error('the setsid child vanished');
    pids.push(escaped);
    store.write({ ...record, members: [{ pid: escaped, startTime: info.startTime, command: info.command }] });
    process.kill(record.pid, 'SIGKILL'); // the leader dies unwatched; its setsid child (own group, parent init) lives on
    await waitFor(() => !pidAlive(record.pid), { message: 'the leader gone' });
    const results = await stopFromRunRecords({ config: makeConfig(service), store, processTable: table, platform, names: [] });
    expect(results).toMatchObject([{ service: 'api', outcome: 'stopped', note: expect.stringMatching(new RegExp(`was gone; signalled only the processes proven its \\(${escaped}\\)`)) }]);
    await expectPidsGone([escaped]);
  });
});
