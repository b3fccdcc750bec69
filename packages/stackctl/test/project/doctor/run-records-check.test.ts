// The run-records check with real processes: a record of a dead pid, one whose pid this live process has, stale daemon files; --fix.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/supervisor/run-record.js';
import { LinuxProcessTable } from '../../../src/system/process-table/index.js';
import { createRunRecordFileStore } from '../../../src/system/run-record-file-store.js';
import { expectPidsGone, pidAlive } from '../../helpers/pids.js';
import { waitFor } from '../../helpers/wait-for.js';
import { doctor, findingWith, findings, project, spawnServer, track, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

const record = (service: string, pid: number, extra: Partial<RunRecord> = {}): RunRecord => ({
  service,
  pid,
  pgid: pid,
  startTime: 1,
  command: 'node server.js',
  startedAt: Date.now(),
  restarts: 0,
  origin: 'managed',
  output: null,
  ...extra,
});

/** The pid of a process that has ended (and been reaped). */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(result.stdout);
  expect(pidAlive(pid)).toBe(false);
  return pid;
}

describe.runIf(process.platform === 'linux')('run-records check', () => {
  it('warns about a record of a dead pid and one whose pid another program has now; --fix removes both and their FIFOs', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n  worker:\n    command: node worker.js\n' });
    const runDir = path.join(root, '.stackctl', 'run');
    const store = createRunRecordFileStore(runDir);
    const dead = deadPid();
    const fifos = { stdout: path.join(runDir, 'api.stdout'), stderr: path.join(runDir, 'api.stderr') };
    store.write(record('api', dead, { output: fifos }));
    for (const file of Object.values(fifos)) fs.writeFileSync(file, '');
    // This test process is alive, but it is not the process the record describes (another start time).
    store.write(record('worker', process.pid));

    const report = await doctor(root, { checks: ['run-records'] });
    expect(findingWith(report, 'run-records', 'api')).toMatchObject({
      status: 'warn',
      message: `stale run record .stackctl/run/api.json: api pid ${dead}, which is not running`,
      fix: '`stackctl doctor --fix` removes it',
    });
    const reused = findingWith(report, 'run-records', 'worker');
    expect(reused.status).toBe('warn');
    expect(reused.message).toMatch(new RegExp(`^stale run record \\.stackctl/run/worker\\.json: worker pid ${process.pid}, now another program \\(.+\\)$`));

    const fixed = await doctor(root, { checks: ['run-records'], fix: true });
    expect(fixed.fixed).toEqual(['removed the stale run record .stackctl/run/api.json', 'removed the stale run record .stackctl/run/worker.json']);
    expect(findings(fixed, 'run-records').map((entry) => [entry.status, entry.message])).toEqual([
      ['ok', 'fixed: removed the stale run record .stackctl/run/api.json'],
      ['ok', 'fixed: removed the stale run record .stackctl/run/worker.json'],
    ]);
    expect(fs.readdirSync(runDir)).toEqual([]);
    expect(pidAlive(process.pid)).toBe(true);
    expect(findings(await doctor(root, { checks: ['run-records'] }), 'run-records')).toEqual([expect.objectContaining({ status: 'ok', message: 'no run records' })]);
  });

  it('leaves the record of a running process alone', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n' });
    const server = await spawnServer(root);
    const info = new LinuxProcessTable().info(server.pid);
    if (info === null) throw new Error('server not in the process table');
    createRunRecordFileStore(path.join(root, '.stackctl', 'run')).write(record('api', server.pid, { pgid: info.pgid, startTime: info.startTime, command: info.command }));
    const report = await doctor(root, { checks: ['run-records'], fix: true });
    expect(findings(report, 'run-records')).toEqual([expect.objectContaining({ status: 'ok', message: '1 run record, each of a running process' })]);
    expect(fs.existsSync(path.join(root, '.stackctl', 'run', 'api.json'))).toBe(true);
  });

  it('warns about daemon.pid and daemon.sock left by a daemon that died; --fix removes them', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n' });
    const stateDir = path.join(root, '.stackctl');
    fs.mkdirSync(stateDir, { mode: 0o700 });
    const socket = path.join(stateDir, 'daemon.sock');
    // A process that listens on the socket and is then killed: the socket file stays, nobody listens.
    const holder = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(socket)}, () => console.log('up'))`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (holder.pid === undefined) throw new Error('no pid');
    track(holder.pid);
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    // While something listens, the socket is not stale.
    expect(findings(await doctor(root, { checks: ['run-records'] }), 'run-records')).toEqual([expect.objectContaining({ status: 'ok', message: 'no run records' })]);
    holder.kill('SIGKILL');
    await expectPidsGone([holder.pid]);
    await waitFor(() => fs.existsSync(socket));
    const dead = deadPid();
    fs.writeFileSync(path.join(stateDir, 'daemon.pid'), `${dead}\n${JSON.stringify({ pid: dead, fingerprint: { pid: dead, pgid: dead, startTime: 5, command: 'node stackctl __daemon' }, startedAt: 0 })}\n`);

    const report = await doctor(root, { checks: ['run-records'] });
    expect(findingWith(report, 'run-records', 'daemon.pid')).toMatchObject({ status: 'warn', message: `stale .stackctl/daemon.pid: the daemon pid ${dead} is not running` });
    expect(findingWith(report, 'run-records', 'daemon.sock')).toMatchObject({ status: 'warn', message: 'stale .stackctl/daemon.sock: no daemon listens on it' });

    const fixed = await doctor(root, { checks: ['run-records'], fix: true });
    expect(fixed.fixed).toEqual(['removed the stale .stackctl/daemon.pid', 'removed the stale .stackctl/daemon.sock']);
    expect(fs.existsSync(socket)).toBe(false);
    expect(fs.existsSync(path.join(stateDir, 'daemon.pid'))).toBe(false);
  });
});
