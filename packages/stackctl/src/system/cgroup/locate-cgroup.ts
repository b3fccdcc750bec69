// Finds where this process may create cgroups: the cgroup v2 mount, our own cgroup in it, and a `stackctl` folder there we can write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseUnifiedCgroup } from './parse-cgroup-files.js';
import { parseCgroup2Mounts } from './parse-mountinfo.js';

/** Where services' cgroups go, or why they do not get any here. */
export type CgroupBase =
  | {
      readonly available: true;
      /** `<our own cgroup>/stackctl`: project folders are made in it. */
      readonly dir: string;
      /** Whether the kernel has `cgroup.kill` (5.14+); without it stop SIGKILLs member by member. */
      readonly canKill: boolean;
    }
  | { readonly available: false; readonly reason: string };

/** What the locator reads: the real files by default, captured text in tests. */
export interface CgroupLocatorSources {
  readonly platform: NodeJS.Platform;
  readMountinfo(): string;
  /** /proc/self/cgroup */
  readOwnCgroup(): string;
}

export const SYSTEM_CGROUP_SOURCES: CgroupLocatorSources = {
  platform: process.platform,
  readMountinfo: () => fs.readFileSync('/proc/self/mountinfo', 'utf8'),
  readOwnCgroup: () => fs.readFileSync('/proc/self/cgroup', 'utf8'),
};

/** The folder of our own cgroup in the mounted cgroup v2 tree, or why there is none (pure but for `sources`). */
export function ownCgroupDir(sources: CgroupLocatorSources): { dir: string } | { reason: string } {
  if (sources.platform !== 'linux') return { reason: `cgroups are a Linux feature (this is ${sources.platform})` };
  let mountinfo: string;
  let own: string;
  try {
    mountinfo = sources.readMountinfo();
    own = sources.readOwnCgroup();
  } catch (error) {
    return { reason: `cannot read /proc (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  const mounts = parseCgroup2Mounts(mountinfo);
  if (mounts.length === 0) return { reason: 'no cgroup v2 file system is mounted (cgroup v1 only)' };
  const cgroup = parseUnifiedCgroup(own);
  if (cgroup === null) return { reason: 'this process is in no cgroup v2 it can see' };
  // The mount whose root holds our cgroup: `/` normally, a sub-tree in some containers.
  const mount = mounts.find((each) => each.root === '/' || cgroup === each.root || cgroup.startsWith(`${each.root}/`));
  if (mount === undefined) return { reason: `our cgroup ${cgroup} is outside every mounted cgroup v2 tree` };
  const relative = mount.root === '/' ? cgroup : cgroup.slice(mount.root.length);
  const dir = path.join(mount.mountPoint, relative);
  return { dir: dir.length > 1 ? dir.replace(/\/+$/, '') : dir };
}

/**
 * Where this process may place services: `<own cgroup>/stackctl`, made when missing. Our own
 * cgroup must be writable — as root, or inside a systemd user session's delegated part
 * (user@UID.service, such as a desktop terminal's app scope, or `systemd-run --user --scope`).
 * A login's session-N.scope (an ssh login, a text console) belongs to root: no cgroups there.
 * Writability is tried, not guessed: the folder is made, and moving a process needs write access
 * to our own cgroup's cgroup.procs (the common parent of where a process starts and where it goes).
 */
export function locateCgroupBase(sources: CgroupLocatorSources = SYSTEM_CGROUP_SOURCES, options: { readonly create?: boolean } = {}): CgroupBase {
  const own = ownCgroupDir(sources);
  if ('reason' in own) return { available: false, reason: own.reason };
  const dir = path.join(own.dir, 'stackctl');
  try {
    fs.accessSync(path.join(own.dir, 'cgroup.procs'), fs.constants.W_OK);
    // create false (doctor): look without making anything; access(2) tells a read-only mount too.
    if (options.create !== false) fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(fs.existsSync(dir) ? dir : own.dir, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { available: false, reason: `our cgroup ${own.dir} is not writable (${code})` };
  }
  return { available: true, dir, canKill: hasCgroupKill(os.release()) };
}

/** cgroup.kill came with Linux 5.14 (the root cgroup has none, so no file tells before a child exists). */
export function hasCgroupKill(release: string): boolean {
  const [major = 0, minor = 0] = release.split(/[.-]/).map(Number);
  return major > 5 || (major === 5 && minor >= 14);
}
