// Real cgroup operations: placing processes at spawn, members, populated, signalling strays, cgroup.kill and its fallback, removal, recorded paths.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStackctlError } from '../../../src/errors/index.js';
import { locateCgroupBase, recordedCgroup, ServiceCgroup, stopCgroup } from '../../../src/system/cgroup/index.js';
import { createPosixPlatform } from '../../../src/system/posix-platform.js';
import { CGROUPS_UNAVAILABLE, cgroupOf, TestCgroups } from '../../helpers/cgroups.js';
import { fixturePath, nodeFixture } from '../../helpers/fixtures.js';
import { expectPidsGoneAndClear, pidAlive } from '../../helpers/pids.js';
import { thrown } from '../../helpers/thrown.js';
import { waitFor } from '../../helpers/wait-for.js';
import { collectOutput } from '../../helpers/collect-output.js';

const platform = createPosixPlatform();
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const pids = new Set<number>();
const cgroups = new TestCgroups();
const dirs: string[] = [];

afterEach(async () => {
  try {
    await expectPidsGoneAndClear(pids);
  } finally {
    await cgroups.removeAll();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
});


function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-cgunit-'));
  dirs.push(dir);
  return dir;
}

describe.skipIf(CGROUPS_UNAVAILABLE !== null)(`cgroups for real${CGROUPS_UNAVAILABLE === null ? '' : ` — skipped: ${CGROUPS_UNAVAILABLE}`}`, () => {
  it('finds a writable base here, under our own cgroup', () => {
    const base = locateCgroupBase();
    expect(base).toMatchObject({ available: true, dir: expect.stringMatching(/\/stackctl$/) });
  });

  it('spawns into the cgroup before the command runs: its first fork is inside, its command line is the command\'s at once', async () => {
    const cgroup = cgroups.create().create('svc');
    const command = `sh -c 'echo "pid forked $$"; sleep 30' & echo "pid leader $$"; wait`;
    const child = platform.spawn({ command, cwd: '/', env, cgroup: cgroup.path });
    expect(fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').slice(0, 3)).toEqual(['/bin/sh', '-c', command]);
    const output = collectOutput(child, pids);
    await waitFor(() => /pid forked (\d+)/.exec(output.text()));
    const forked = Number(/pid forked (\d+)/.exec(output.text())?.[1]);
    const inside = `/${path.relative(mountPointOf(cgroup.path), cgroup.path)}`;
    expect(cgroupOf(child.pid)).toBe(inside);
    expect(cgroupOf(forked)).toBe(inside);
    // The leader, the subshell it forked, and the subshell's sleep.
    expect(cgroup.members()).toEqual(expect.arrayContaining([child.pid, forked]));
    expect(cgroup.members()).toHaveLength(3);
    expect(cgroup.populated()).toBe(true);
    expect(cgroup.remove()).toBe(false);
    expect(cgroup.kill()).toBe(true);
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await waitFor(() => !cgroup.populated());
    expect(cgroup.members()).toEqual([]);
    expect(cgroup.remove()).toBe(true);
    expect(fs.existsSync(cgroup.path)).toBe(false);
  });

  it('keeps an argv command\'s exit code, and fails a missing program at spawn as without a cgroup', async () => {
    const cgroup = cgroups.create().create('svc');
    const child = platform.spawn({ command: nodeFixture('exit-with-code', 7), cwd: '/', env, cgroup: cgroup.path });
    collectOutput(child, pids);
    expect(await child.exited).toEqual({ code: 7, signal: null });
    const error = thrown(() => platform.spawn({ command: ['stackctl-no-such-program'], cwd: '/', env, cgroup: cgroup.path }));
    expect(isStackctlError(error) && error.code).toBe('E_SPAWN_FAILED');
    expect((error as Error).message).toMatch(/stackctl-no-such-program not found in PATH/);
    const badCwd = thrown(() => platform.spawn({ command: ['true'], cwd: '/no/such/dir', env, cgroup: cgroup.path }));
    expect((badCwd as Error).message).toMatch(/working directory \/no\/such\/dir does not exist/);
  });

  it('signals only the members outside the process group, and stopCgroup ends with cgroup.kill', async () => {
    const cgroup = cgroups.create().create('svc');
    const child = platform.spawn({ command: nodeFixture('escapes-group'), cwd: '/', env, cgroup: cgroup.path });
    const output = collectOutput(child, pids);
    await waitFor(() => /escaped ready/.test(output.text()));
    expect(cgroup.signalOutsideGroup(child.pid, 'SIGCONT')).toBe(1);
    const found = cgroup.members();
    expect(found).toHaveLength(2);
    // The leader ends on SIGTERM; the escaped child ignores it.
    const result = await stopCgroup(cgroup, { signal: 'SIGTERM', timeoutMs: 300, immediate: false, pollMs: 20, killWaitMs: 2000 });
    expect(result).toEqual({ found: 2, pids: found, killed: 1, gone: true });
    expect(found.filter(pidAlive)).toEqual([]);
    expect(fs.existsSync(cgroup.path)).toBe(false);
  });

  it('trusts a recorded path only when it is this project\'s cgroup for the service, on a cgroup file system', () => {
    const project = cgroups.create('rec');
    const cgroup = project.create('api');
    const expected = { project: 'rec', root: project.root, service: 'api' };
    expect(recordedCgroup(cgroup.path, expected)?.path).toBe(cgroup.path);
    expect(project.open(cgroup.path, 'api')?.path).toBe(cgroup.path);
    const base = path.dirname(project.dir);
    for (const forged of [
      path.dirname(base), // our own cgroup
      '/sys/fs/cgroup/unified',
      cgroup.path.replace('/api', '/web'),
      path.join(base, 'other-12345678', 'api'),
      `${cgroup.path}/../api`,
      'stackctl/x/api',
    ]) {
      expect(recordedCgroup(forged, expected), forged).toBeNull();
    }
    expect(recordedCgroup(cgroup.path, { ...expected, service: 'web' })).toBeNull();
    // The right shape on another file system: never a cgroup.
    const fake = path.join(tempDir(), 'stackctl', path.basename(project.dir), 'api');
    fs.mkdirSync(fake, { recursive: true });
    expect(recordedCgroup(fake, expected)).toBeNull();
  });
});

describe.skipIf(process.platform !== 'linux')('ServiceCgroup without cgroup.kill (an older kernel)', () => {
  it('SIGKILLs each listed member instead', async () => {
    const dir = tempDir();
    const sleeper = spawn(process.execPath, [fixturePath('ignores-sigterm')], { stdio: 'ignore' });
    const pid = sleeper.pid!;
    pids.add(pid);
    fs.writeFileSync(path.join(dir, 'cgroup.procs'), `${pid}\n`);
    const cgroup = new ServiceCgroup(dir);
    expect(cgroup.members()).toEqual([pid]);
    expect(cgroup.kill()).toBe(true);
    await waitFor(() => !pidAlive(pid));
    expect(new ServiceCgroup(path.join(dir, 'gone')).kill()).toBe(false);
  });

  it('says why there is no base where our cgroup cannot be written', () => {
    const dir = tempDir();
    const base = locateCgroupBase({
      platform: 'linux',
      readMountinfo: () => `41 31 0:38 / ${dir} rw - cgroup2 cgroup2 rw\n`,
      readOwnCgroup: () => '0::/\n',
    });
    expect(base).toEqual({ available: false, reason: `our cgroup ${dir} is not writable (ENOENT)` });
  });
});

/** The cgroup2 mount point above a cgroup folder. */
function mountPointOf(dir: string): string {
  let current = dir;
  while (fs.existsSync(path.join(path.dirname(current), 'cgroup.procs')) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}
