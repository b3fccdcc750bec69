// The one-host-per-project lock: exclusive, released on release() and by the kernel when its holder dies, never blocked by another user.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock, currentLockName, lockNameFor } from '../../src/daemon/instance-lock.js';
import { addLockKey } from '../../src/daemon/lock-keys.js';
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

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/**
 * A separate process that binds an abstract name and says `held`: the project's current lock name
 * by default, as a daemon would. With `uid`, it runs as that user (needs root): a stranger.
 */
function holdInChild(root: string, { name = currentLockName(optionsFor(root)), uid }: { name?: string; uid?: number } = {}): Promise<ChildProcess> {
  const drop = uid === undefined ? '' : `process.setgroups([]); process.setgid(${uid}); process.setuid(${uid});`;
  const script = `${drop} require('net').createServer().listen('\\0' + process.argv[1], () => console.log('held')); setInterval(() => {}, 1e6);`;
  const child = spawn(process.execPath, ['-e', script, name.slice(1)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child.pid ?? 0);
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => text.includes('held') && resolve(child));
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
}

function optionsFor(root: string) {
  return { projectRoot: root, lockFile: path.join(root, '.stackctl', 'daemon.lock') };
}

async function killAndWait(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
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
    const options = optionsFor(root);
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
    const options = optionsFor(root);
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
    const options = optionsFor(root);
    const locks = await Promise.all(Array.from({ length: 10 }, () => acquireInstanceLock(options)));
    expect(locks.filter((lock) => lock !== null)).toHaveLength(1);
    await Promise.all(locks.map((lock) => lock?.release()));
  });
});

describe.runIf(process.platform === 'linux')('instance lock on Linux: its key', () => {
  it('keeps its key private: folders 0700, key files 0600, even in a state folder that was 0755', async () => {
    const root = tempRoot();
    const options = optionsFor(root);
    const lock = await acquireInstanceLock(options);
    expect(lock).not.toBeNull();
    const stateDir = path.dirname(options.lockFile);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(stateDir, 'lock-keys')).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.join(stateDir, 'lock-keys'))).toEqual(['0']);
    expect(statSync(path.join(stateDir, 'lock-keys', '0')).mode & 0o777).toBe(0o600);
    expect(currentLockName(options)).toMatch(new RegExp(`^${lockNameFor(root)}-0-[0-9a-f]{32}$`));
    await lock?.release();
  });

  it('another project, or a new key folder, gives another name: the name cannot be guessed from the path', () => {
    const first = tempRoot();
    const again = tempRoot();
    expect(currentLockName({ projectRoot: first, lockFile: path.join(again, '.stackctl', 'daemon.lock') })).not.toBe(currentLockName(optionsFor(first)));
  });

  it('a process of ours holding the name of an older key is the holder: the newer key is not taken meanwhile', async () => {
    // A starter that found the current name taken by a stranger made key 1, while a slower one of
    // ours took key 0's name (freed meanwhile): the lock is that one's.
    const root = tempRoot();
    const options = optionsFor(root);
    const holder = await holdInChild(root);
    addLockKey(path.join(root, '.stackctl', 'lock-keys'), 1);
    expect(currentLockName(options)).toMatch(/-1-[0-9a-f]{32}$/);
    expect(await acquireInstanceLock(options)).toBeNull();
    await killAndWait(holder);
    const lock = await acquireInstanceLock(options);
    expect(lock).not.toBeNull();
    await lock?.release();
  });
});

describe.runIf(process.platform === 'linux' && isRoot)('instance lock on Linux: another user cannot take it (as root: strangers run as uid 65534)', () => {
  it('a stranger holding the name a path alone predicts (the old lock name) blocks nothing', async () => {
    const root = tempRoot();
    children.push((await holdInChild(root, { name: lockNameFor(root), uid: NOBODY })).pid ?? 0);
    const lock = await acquireInstanceLock(optionsFor(root));
    expect(lock?.kind).toBe('abstract-socket');
    await lock?.release();
  });

  it('a stranger squatting the current name (seen in /proc/net/unix while we held it): the next start moves to a new key', async () => {
    const root = tempRoot();
    const options = optionsFor(root);
    const first = await acquireInstanceLock(options);
    const seen = currentLockName(options);
    await first?.release();
    const stranger = await holdInChild(root, { name: seen, uid: NOBODY });
    const started = Date.now();
    const second = await acquireInstanceLock(options);
    expect(second).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(currentLockName(options)).not.toBe(seen);
    expect(currentLockName(options)).toMatch(/-1-[0-9a-f]{32}$/);
    // And the new name is the lock: another acquirer (of ours) is refused while it is held.
    expect(await acquireInstanceLock(options)).toBeNull();
    await second?.release();
    await killAndWait(stranger);
  });

  it('ten racing acquirers on a squatted name still get exactly one lock, all on the same new key', async () => {
    const root = tempRoot();
    const options = optionsFor(root);
    const stranger = await holdInChild(root, { uid: NOBODY });
    const locks = await Promise.all(Array.from({ length: 10 }, () => acquireInstanceLock(options)));
    expect(locks.filter((lock) => lock !== null)).toHaveLength(1);
    expect(readdirSync(path.join(root, '.stackctl', 'lock-keys')).filter((name) => !name.startsWith('.'))).toEqual(['1']);
    await Promise.all(locks.map((lock) => lock?.release()));
    await killAndWait(stranger);
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
