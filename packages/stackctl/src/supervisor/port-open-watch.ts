// Once per run, after its start period: a warning when a declared port was never opened by the service's own processes.
import type { ResolvedService } from '../config/types.js';
import type { Clock } from '../system/clock.js';
import type { PortInspector } from '../system/ports/index.js';
import type { ProcessTable } from '../system/process-table/index.js';
import { formatSpan } from './describe-holder.js';

/** The wait of a service without a health check, or whose check has no start period. */
export const PORT_OPEN_GRACE_MS = 10_000;

/** The health check's start period when it has one, else PORT_OPEN_GRACE_MS. */
export function portOpenGraceMs(service: ResolvedService): number {
  const period = service.health?.startPeriodMs ?? 0;
  return period > 0 ? period : PORT_OPEN_GRACE_MS;
}

export interface PortOpenWatchOptions {
  readonly service: ResolvedService;
  /** The run's leader and process group. */
  readonly run: { readonly pid: number; readonly pgid: number };
  readonly inspector: PortInspector;
  /** Finds the run's other processes; null: any listener counts as the service's own. */
  readonly processTable: ProcessTable | null;
  readonly clock: Clock;
  /** Still the run being watched, running and not being stopped. */
  readonly current: () => boolean;
  readonly warn: (message: string) => void;
  readonly onError: (error: unknown) => void;
}

/** `port 4000 was not opened within 10s`, or `ports 4000, 9229 were not opened within 10s`. */
export function portsNotOpenedMessage(ports: readonly number[], graceMs: number): string {
  const within = `within ${formatSpan(graceMs)}`;
  return ports.length === 1 ? `port ${ports[0]} was not opened ${within}` : `ports ${ports.join(', ')} were not opened ${within}`;
}

/** Starts the wait; returns a function that cancels it (the run ended, the host detached). */
export function watchPortOpening(options: PortOpenWatchOptions): () => void {
  const { service, clock } = options;
  if (service.ports.length === 0) return () => {};
  const graceMs = portOpenGraceMs(service);
  let cancelled = false;
  const live = (): boolean => !cancelled && options.current();
  const check = async (): Promise<void> => {
    if (!live()) return;
    try {
      const listeners = await options.inspector.listeners(service.ports);
      if (!live()) return;
      const own = ownProcesses(options);
      const opened = (port: number): boolean =>
        listeners.some((listener) => listener.port === port && (own === null || (listener.pid !== null && own.has(listener.pid))));
      const missing = service.ports.filter((port) => !opened(port));
      if (missing.length > 0) options.warn(portsNotOpenedMessage(missing, graceMs));
    } catch (error) {
      options.onError(error);
    }
  };
  const timer = clock.setTimeout(() => void check(), graceMs);
  return () => {
    cancelled = true;
    clock.clearTimeout(timer);
  };
}

/** The leader, its group and its descendants (some leave the group); null without a process table. */
function ownProcesses(options: PortOpenWatchOptions): Set<number> | null {
  const { processTable: table, run } = options;
  if (table === null) return null;
  return new Set([run.pid, ...table.groupMembers(run.pgid), ...table.descendants(run.pid)]);
}
