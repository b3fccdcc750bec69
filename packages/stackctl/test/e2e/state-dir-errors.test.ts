// End-to-end: a full disk, a read-only logs folder and a logs folder the user cannot write are clear errors at `start` (exit 1), never "a bug"; .gitignore is never left empty.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { STRANGER_UID } from '../helpers/as-stranger.js';
import { runCli } from './cli-process.js';
import { cleanUp, cliOk, daemonPids, expectNothingLeft } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const isRoot = process.getuid?.() === 0;
const mounted: string[] = [];
const projects: TempProject[] = [];

const SERVICES = `services:
  api:
    command: ["node", ${fixture('forever.cjs')}]
`;

/** Mounts a tmpfs of `size` at `dir`; false where this machine does not let us (not root, no tmpfs). */
function mountTmpfs(dir: string, options: string): boolean {
  fs.mkdirSync(dir, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.status !== 0) return false;
  mounted.push(dir);
  return true;
}

const canMount = ((): boolean => {
  if (!isRoot || process.platform !== 'linux') return false;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-mount-probe-'));
  const ok = mountTmpfs(probe, 'size=64k');
  if (ok) unmount(mounted.pop() ?? probe);
  fs.rmdirSync(probe);
  return ok;
})();

/** Unmounts (lazily when something still holds it open, as after a failed test). */
function unmount(dir: string): void {
  if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
}

function unmountAll(): void {
  for (const dir of mounted.splice(0).reverse()) unmount(dir);
}

afterEach(() => {
  for (const project of projects) for (const pid of daemonPids(project)) killQuietly(pid);
  unmountAll(); // before the folders holding the mounts are removed
  for (const project of projects.splice(0)) cleanUp(project);
});

afterAll(unmountAll);

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** A project whose folder is a small tmpfs of its own, and a filler file in it. */
function projectOnTmpfs(size: string): { project: TempProject; filler: string } {
  const project = createTempProject(SERVICES);
  projects.push(project);
  const config = fs.readFileSync(path.join(project.dir, 'stackctl.yaml'));
  if (!mountTmpfs(project.dir, `size=${size},mode=0700`)) throw new Error(`cannot mount a tmpfs on ${project.dir}`);
  fs.writeFileSync(path.join(project.dir, 'stackctl.yaml'), config);
  return { project, filler: path.join(project.dir, 'filler') };
}

/** Writes zeros to `file` until the file system is full. */
function fillUp(file: string): void {
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(4096);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
}

function expectCleanFailure(run: { code: number; stdout: string; stderr: string }, code: string, ...mentions: string[]): void {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
  expect(run.stderr).toMatch(new RegExp(`^error\\[${code}\\]: `, 'm'));
  expect(run.stderr).toMatch(/^hint: /m);
  for (const mention of mentions) expect(run.stderr).toContain(mention);
  expect(run.stderr).not.toContain('E_INTERNAL');
  expect(run.stderr).not.toContain('this is a bug');
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe.runIf(canMount)('state folder on a full or read-only disk (real tmpfs mounts, as root)', () => {
  it('a full disk on the first start: E_DISK_FULL naming .gitignore, exit 1, no empty .gitignore left; works once there is room', async () => {
    const { project, filler } = projectOnTmpfs('256k');
    fillUp(filler);
    const run = await runCli(['start'], { cwd: project.dir });
    expectCleanFailure(run, 'E_DISK_FULL', path.join(project.dir, '.stackctl', '.gitignore'), 'no space left');
    const ignoreFile = path.join(project.dir, '.stackctl', '.gitignore');
    expect(fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8') : 'absent').not.toBe('');
    expect(fs.readdirSync(path.join(project.dir, '.stackctl')).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    fs.rmSync(filler);
    await cliOk(project, ['start']);
    expect(fs.readFileSync(ignoreFile, 'utf8')).toMatch(/^\*$/m);
    await cliOk(project, ['stop']);
    await expectNothingLeft(project);
  });

  it('a read-only logs folder at start: E_STATE_DIR_UNWRITABLE naming daemon.out, exit 1', async () => {
    const project = createTempProject(SERVICES);
    projects.push(project);
    const logs = path.join(project.dir, '.stackctl', 'logs');
    expect(mountTmpfs(logs, 'size=64k,mode=0700')).toBe(true);
    expect(spawnSync('mount', ['-o', 'remount,ro', logs]).status).toBe(0);
    const run = await runCli(['start'], { cwd: project.dir });
    expectCleanFailure(run, 'E_STATE_DIR_UNWRITABLE', path.join(logs, 'daemon.out'), 'read-only');
  });
});

describe.runIf(process.platform !== 'win32')('a logs folder the user cannot write (chmod 0500)', () => {
  // Root ignores file modes: as root, the CLI runs as uid 65534 in a project that user owns.
  const asUser = isRoot ? { uid: STRANGER_UID, gid: STRANGER_UID } : null;

  it('start: E_STATE_DIR_UNWRITABLE with permission denied and the path, exit 1', async () => {
    const project = createTempProject(SERVICES);
    projects.push(project);
    const logs = path.join(project.dir, '.stackctl', 'logs');
    fs.mkdirSync(logs, { recursive: true, mode: 0o700 });
    if (asUser !== null) {
      for (const dir of [project.dir, path.join(project.dir, 'stackctl.yaml'), path.join(project.dir, '.stackctl'), logs]) fs.chownSync(dir, asUser.uid, asUser.gid);
    }
    fs.chmodSync(logs, 0o500);
    const run = await runAs(['start'], project.dir, asUser);
    fs.chmodSync(logs, 0o700);
    expectCleanFailure(run, 'E_STATE_DIR_UNWRITABLE', path.join(logs, 'daemon.out'), 'permission denied');
  });
});

/** The built CLI, as `user` when given (spawned with its uid and gid, HOME in /tmp). */
async function runAs(args: readonly string[], cwd: string, user: { uid: number; gid: number } | null): Promise<{ code: number; stdout: string; stderr: string }> {
  if (user === null) return runCli(args, { cwd });
  const { CLI_PATH } = await import('./cli-process.js');
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd,
    uid: user.uid,
    gid: user.gid,
    env: { ...process.env, HOME: os.tmpdir(), NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}
