// The one-host-per-project lock: exclusive, released on release() and by the kernel when its holder dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock, lockNameFor } from '../../src/daemon/instance-lock.js';
import { LinuxProcessTable } from '../../src/system/process-table/index.js';
import { expectPidsGone, killSurvivors } from '../helpers/pids.js';

const roots: string[] = [];
const children: number[] = [];

function tempRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'stackctl-lock-'));
  roots.push(root);
  return root;
}

afterEach(async () => {
  killSurvivors(children);
  await expectPidsGone(children.splice(0));
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A separate process that binds the same abstract name and says `held`, as a daemon would. */
function holdInChild(root: string): Promise<ChildProcess> {
  const hex = lockNameFor(root).slice(1);
  const script = `require('net').createServer().listen('\\0' + process.argv[1], () => console.log('held')); setInterval(() => {}, 1e6);`;
  const child = spawn(process.execPath, ['-e', script, hex], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child.pid ?? 0);
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => text.includes('held') && resolve(child));
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
}

describe.runIf(process.platform === 'linux')('instance lock on Linux (abstract socket)', () => {
  it('names the lock after the real project path', () => {
    const root = tempRoot();
    expect(lockNameFor(root)).toMatch(/^\0stackctl-[0-9a-f]{24}$/);
    expect(lockNameFor(`${root}/.`)).toBe(lockNameFor(root));
    expect(lockNameFor(tempRoot())).not.toBe(lockNameFor(root));
  });

  it('gives a fixed name per path (CLIs of one version agree), different for thousands of near-identical paths', () => {
    expect(lockNameFor('/nonexistent/stackctl-project')).toBe('\0stackctl-6461b7df929b7f21ddec5de9');
    const names = new Set(Array.from({ length: 5000 }, (_, i) => lockNameFor(`/nonexistent/projects/app-${i}`)));
    expect(names.size).toBe(5000);
  });

  it('admits one holder at a time, in this process and across processes', async () => {
    const root = tempRoot();
    const options = { projectRoot: root, lockFile: path.join(root, 'daemon.lock') };
    const first = await acquireInstanceLock(options);
    expect(first?.kind).toBe('abstract-socket');
    expect(await acquireInstanceLock(options)).toBeNull();
    await first?.release();
    const second = await acquireInstanceLock(options);
    expect(second).not.toBeNull();
    await second?.release();
  });

  it('is freed by the kernel when the holder is killed', async () => {
    const root = tempRoot();
    const options = { projectRoot: root, lockFile: path.join(root, 'daemon.lock') };
    const holder = await holdInChild(root);
    expect(await acquireInstanceLock(options)).toBeNull();
    // Waited for by its exit (waitpid), not by its zombie state: the leader thread turns zombie
    // before the other threads let go of the shared file table, and with it the lock.
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const lock = await acquireInstanceLock(options);
    expect(lock).not.toBeNull();
    await lock?.release();
  });

  it('gives ten racing acquirers exactly one lock', async () => {
    const root = tempRoot();
    const options = { projectRoot: root, lockFile: path.join(root, 'daemon.lock') };
    const locks = await Promise.all(Array.from({ length: 10 }, () => acquireInstanceLock(options)));
    expect(locks.filter((lock) => lock !== null)).toHaveLength(1);
    await Promise.all(locks.map((lock) => lock?.release()));
  });
});

describe.runIf(process.platform === 'linux')('instance lock file (the fallback elsewhere)', () => {
  const table = new LinuxProcessTable();

  it('is exclusive and removed on release', async () => {
    const root = tempRoot();
    const options = { projectRoot: root, lockFile: path.join(root, 'daemon.lock'), platform: 'darwin' as const, processTable: table };
    const lock = await acquireInstanceLock(options);
    expect(lock?.kind).toBe('lock-file');
    expect(await acquireInstanceLock(options)).toBeNull();
    await lock?.release();
    const again = await acquireInstanceLock(options);
    expect(again).not.toBeNull();
    await again?.release();
  });

  it('takes over a lock whose holder is dead, or whose pid now runs something else', async () => {
    const root = tempRoot();
    const lockFile = path.join(root, 'daemon.lock');
    const options = { projectRoot: root, lockFile, platform: 'darwin' as const, processTable: table };
    const self = table.info(process.pid);
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, fingerprint: { pid: process.pid, pgid: 1, startTime: (self?.startTime ?? 0) + 1, command: 'x' } }));
    const lock = await acquireInstanceLock(options);
    expect(lock).not.toBeNull();
    await lock?.release();
    writeFileSync(lockFile, 'half-writ');
    const again = await acquireInstanceLock(options);
    expect(again).not.toBeNull();
    await again?.release();
  });
});
