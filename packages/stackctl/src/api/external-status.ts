// Pure: statuses with the external holders of their ports filled in (origin `external`, the holder's pid).
import type { ExternalProcess, ServiceStatus } from '../supervisor/types.js';
import type { ApiHost } from './api-host.js';

/**
 * A service found not running under the host whose port another process holds is reported with
 * origin `external`, that process's pid and `external`; its state stays what it is (`stopped`…).
 */
export function withExternalHolders(statuses: readonly ServiceStatus[], holders: ReadonlyMap<string, ExternalProcess>): ServiceStatus[] {
  return statuses.map((status) => {
    const holder = holders.get(status.name);
    if (holder === undefined || status.origin === 'external') return status;
    return { ...status, origin: 'external', pid: holder.pid, external: holder };
  });
}

/** The engine's statuses, enriched by the host's external finder when it has one. */
export async function currentStatuses(host: Pick<ApiHost, 'engine' | 'findExternal'>): Promise<ServiceStatus[]> {
  const statuses = host.engine.status();
  if (host.findExternal === undefined) return [...statuses];
  return withExternalHolders(statuses, await host.findExternal(statuses));
}
