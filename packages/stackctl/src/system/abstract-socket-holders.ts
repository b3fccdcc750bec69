// Who holds an abstract Unix socket name (Linux): its inodes from /proc/net/unix, the processes holding them and their uid.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSocketOwners } from './ports/socket-inode-owners.js';

/** `own`: a process running as `uid` holds the name; `other`: only someone else does (or a holder we cannot see). */
export type AbstractSocketHolder = 'own' | 'other';

/**
 * For each of `names` (abstract names, with or without their leading NUL) that is bound right now,
 * who holds it. Names nobody binds are absent from the map. A bound name whose holding process
 * cannot be found (another user's process, unreadable without root; a process in another PID
 * namespace; a holder dying at this instant) counts as `other`.
 */
export async function abstractSocketHolders(names: readonly string[], uid: number, procRoot = '/proc'): Promise<Map<string, AbstractSocketHolder>> {
  const holders = new Map<string, AbstractSocketHolder>();
  const inodesByName = boundAbstractNames(readText(join(procRoot, 'net', 'unix')), names);
  const inodes = new Set([...inodesByName.values()].flat());
  if (inodes.size === 0) return holders;
  const owners = await findSocketOwners(inodes, { procRoot });
  for (const [name, nameInodes] of inodesByName) {
    const own = nameInodes.some((inode) => {
      const pid = owners.get(inode);
      return pid !== undefined && effectiveUidOf(procRoot, pid) === uid;
    });
    holders.set(name, own ? 'own' : 'other');
  }
  return holders;
}

/**
 * The socket inodes bound to each wanted name, from the text of /proc/net/unix (columns `Num RefCount
 * Protocol Flags Type St Inode Path`; an abstract name shows as `@name`, with its NULs as `@`; names
 * ending in a NUL cannot be told from their padding, ours never do).
 * Keys are the names as given.
 */
export function boundAbstractNames(table: string, names: readonly string[]): Map<string, number[]> {
  const wanted = new Map(names.map((name) => [`@${(name.startsWith('\0') ? name.slice(1) : name).replaceAll('\0', '@')}`, name]));
  const found = new Map<string, number[]>();
  for (const row of table.split('\n').slice(1)) {
    const columns = row.trim().split(/\s+/);
    // libuv binds an abstract name with the whole sun_path, NUL-padded: `@name@@@…`.
    const name = wanted.get((columns[7] ?? '').replace(/@+$/, ''));
    const inode = Number(columns[6]);
    if (name === undefined || !Number.isInteger(inode) || inode <= 0) continue;
    found.set(name, [...(found.get(name) ?? []), inode]);
  }
  return found;
}

/** The effective uid from /proc/<pid>/status, or null when the process is gone. */
function effectiveUidOf(procRoot: string, pid: number): number | null {
  const match = /^Uid:\s+\d+\s+(\d+)/m.exec(readText(join(procRoot, String(pid), 'status')));
  return match?.[1] === undefined ? null : Number(match[1]);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}
