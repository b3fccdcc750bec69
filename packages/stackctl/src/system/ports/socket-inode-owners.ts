// Maps socket inodes to the PIDs holding them by reading /proc/<pid>/fd links by hand (no lsof/ss).
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface FindSocketOwnersOptions {
  /** Where procfs is mounted. Default `/proc`. */
  readonly procRoot?: string;
  /** Processes read between two yields to the event loop, so a long scan never blocks it. Default 64. */
  readonly batchSize?: number;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;

/**
 * Finds, for each wanted inode, the first process seen holding it. Scans the newest PIDs first
 * (services are usually recent) and stops as soon as every inode is found. Processes that vanish
 * or are not ours to read (ENOENT, EACCES) are skipped, so their sockets stay unattributed.
 */
export async function findSocketOwners(
  inodes: ReadonlySet<number>,
  options: FindSocketOwnersOptions = {},
): Promise<Map<number, number>> {
  const procRoot = options.procRoot ?? '/proc';
  const batchSize = options.batchSize ?? 64;
  const owners = new Map<number, number>();
  if (inodes.size === 0) return owners;

  const pids = listPids(procRoot).sort((a, b) => b - a);
  for (let i = 0; i < pids.length; i += 1) {
    const pid = pids[i] ?? 0;
    for (const inode of socketInodesOf(procRoot, pid)) {
      if (inodes.has(inode) && !owners.has(inode)) owners.set(inode, pid);
    }
    if (owners.size === inodes.size) break;
    if ((i + 1) % batchSize === 0) await nextTurn();
  }
  return owners;
}

function listPids(procRoot: string): number[] {
  try {
    return readdirSync(procRoot)
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** The inodes of the sockets `pid` has open; empty when the process is gone or not readable. */
function socketInodesOf(procRoot: string, pid: number): number[] {
  const fdDir = join(procRoot, String(pid), 'fd');
  let fds: string[];
  try {
    fds = readdirSync(fdDir);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(join(fdDir, fd));
    } catch (error) {
      // EACCES on one link means on all of them: skip the process rather than pay for each throw.
      if (isDenied(error)) break;
      continue; // that fd closed meanwhile
    }
    const match = SOCKET_LINK.exec(target);
    if (match?.[1] !== undefined) found.push(Number(match[1]));
  }
  return found;
}

function isDenied(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM';
}
