// Who holds a service's declared ports: the port inspector's listeners, grouped by the process that owns them.
import type { PortInspector, PortListener } from '../system/ports/index.js';
import type { ExternalProcess } from './types.js';

export interface PortHolders {
  /** One entry per distinct holding process, in port order, with the first declared port it holds. */
  readonly holders: readonly ExternalProcess[];
  /** Ports held by processes that are not visible to us (another user's, another namespace). */
  readonly hidden: readonly number[];
}

export const NO_HOLDERS: PortHolders = { holders: [], hidden: [] };

/** Pure: groups listeners by owner, leaving out the owners `isOwn` claims (the service's own processes). */
export function holdersOf(listeners: readonly PortListener[], isOwn: (pid: number) => boolean = () => false): PortHolders {
  const byPid = new Map<number, ExternalProcess>();
  const hidden = new Set<number>();
  for (const listener of [...listeners].sort((a, b) => a.port - b.port)) {
    if (listener.pid === null) {
      hidden.add(listener.port);
      continue;
    }
    if (isOwn(listener.pid) || byPid.has(listener.pid)) continue;
    byPid.set(listener.pid, {
      pid: listener.pid,
      command: listener.command ?? 'unknown command',
      cwd: listener.cwd ?? null,
      startedAt: listener.startedAt ?? null,
      port: listener.port,
      ...(listener.stackctl === undefined ? {} : { stackctl: listener.stackctl }),
    });
  }
  return { holders: [...byPid.values()], hidden: [...hidden] };
}

/** Reads who listens on `ports` now (nothing to read when there are none). */
export async function findPortHolders(
  inspector: PortInspector,
  ports: readonly number[],
  isOwn?: (pid: number) => boolean,
): Promise<PortHolders> {
  if (ports.length === 0) return NO_HOLDERS;
  return holdersOf(await inspector.listeners(ports), isOwn);
}

/**
 * The holder to track when several processes hold the ports (a server and its workers): the first
 * one none of whose ancestors is another holder. `parentOf` walks the process tree.
 */
export function rootHolder(holders: readonly ExternalProcess[], parentOf: (pid: number) => number | null): ExternalProcess | null {
  const pids = new Set(holders.map((holder) => holder.pid));
  const hasHolderAncestor = (pid: number): boolean => {
    const seen = new Set<number>([pid]);
    for (let parent = parentOf(pid); parent !== null && parent > 1 && !seen.has(parent); parent = parentOf(parent)) {
      if (pids.has(parent)) return true;
      seen.add(parent);
    }
    return false;
  };
  return holders.find((holder) => !hasHolderAncestor(holder.pid)) ?? holders[0] ?? null;
}
