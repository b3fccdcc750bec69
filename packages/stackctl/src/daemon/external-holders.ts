// Finds, for the services not running under this host, a process stackctl did not start that holds a declared port.
import type { ExternalProcess, ServiceStatus } from '../supervisor/types.js';
import { holdersOf } from '../supervisor/port-holders.js';
import type { PortInspector, PortListener } from '../system/ports/index.js';
import type { ProcessTable } from '../system/process-table/index.js';

/** Service name → the external process holding one of its ports (services without one are left out). */
export type ExternalHolders = ReadonlyMap<string, ExternalProcess>;

/** What the finder reads of each service's status. */
export type StatusForExternal = Pick<ServiceStatus, 'name' | 'state' | 'ports' | 'pid' | 'origin'>;

/** Looks at the services `statuses` shows resting (stopped, exited, failed). */
export type ExternalFinder = (statuses: readonly StatusForExternal[]) => Promise<ExternalHolders>;

/** States in which a service has no process under this host: a listener on its port is someone else's. */
const RESTING = new Set<ServiceStatus['state']>(['stopped', 'exited', 'failed']);

/** Default time the listeners read are reused: `status --watch` and the dashboard ask every second or more. */
export const EXTERNAL_CACHE_MS = 1000;

export interface ExternalFinderOptions {
  readonly inspector: PortInspector;
  /** Tells our own processes apart by group; null: only the services' pids count as ours. */
  readonly processTable?: ProcessTable | null;
  /** How long one reading of the listeners serves later calls. Default EXTERNAL_CACHE_MS; 0: read every time. */
  readonly cacheMs?: number;
  /** Epoch ms; Date.now by default. */
  readonly now?: () => number;
}

/**
 * The listeners on all declared ports are read at most once per `cacheMs` (concurrent calls share
 * one reading), so asking often stays cheap; a failed reading finds nothing and is not kept.
 */
export function createExternalFinder(options: ExternalFinderOptions): ExternalFinder {
  const { inspector, processTable = null, cacheMs = EXTERNAL_CACHE_MS, now = Date.now } = options;
  let cached: { readonly at: number; readonly key: string; readonly listeners: Promise<PortListener[]> } | null = null;
  const read = (ports: readonly number[]): Promise<PortListener[]> => {
    const key = ports.join(',');
    const at = now();
    if (cached !== null && cached.key === key && at - cached.at < cacheMs) return cached.listeners;
    const listeners = inspector.listeners(ports).catch(() => {
      cached = null;
      return [];
    });
    cached = { at, key, listeners };
    return listeners;
  };
  return async (statuses) => {
    const resting = statuses.filter((status) => RESTING.has(status.state) && status.ports.length > 0);
    if (resting.length === 0) return new Map();
    const ports = [...new Set(statuses.flatMap((status) => status.ports))].sort((a, b) => a - b);
    const listeners = await read(ports);
    const ours = ownership(statuses, processTable);
    // A reading up to cacheMs old may name a process gone since (just stopped): skip it.
    const isOwn = (pid: number): boolean => ours(pid) || (processTable !== null && processTable.info(pid) === null);
    const found = new Map<string, ExternalProcess>();
    for (const status of resting) {
      const wanted = new Set(status.ports);
      const [holder] = holdersOf(listeners.filter((listener) => wanted.has(listener.port)), isOwn).holders;
      if (holder !== undefined) found.set(status.name, holder);
    }
    return found;
  };
}

/** A pid is ours when it is a live managed service's process, or in the group such a process leads. */
function ownership(statuses: readonly StatusForExternal[], table: ProcessTable | null): (pid: number) => boolean {
  const managed = new Set(statuses.flatMap((status) => (status.pid !== null && status.origin === 'managed' && !RESTING.has(status.state) ? [status.pid] : [])));
  return (pid) => {
    if (managed.has(pid)) return true;
    const pgid = table?.info(pid)?.pgid;
    return pgid !== undefined && managed.has(pgid);
  };
}
