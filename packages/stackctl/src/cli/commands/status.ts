// `stackctl status`: every service's state, health, pid, ports, uptime, restarts, cpu, memory and origin; `--watch` refreshes.
import type { StatusJson } from '../../api/index.js';
import { createApiClient } from '../../api/index.js';
import { createExternalFinder, ensureDaemon, liveRunRecords, offlineStatus, openRunRecordStore, probeHost, type ExternalHolders } from '../../daemon/index.js';
import { formatStatusTable } from '../../output/status-table.js';
import { defaultPortInspector } from '../../system/ports/index.js';
import { createProcessTable, type ProcessTable } from '../../system/process-table/index.js';
import { jsonText, loadCliContext, type CliContext, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';

export interface StatusOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly watch: boolean;
  /** `--watch` refresh interval. */
  readonly intervalMs?: number;
}

export async function runStatus(options: StatusOptions): Promise<number> {
  const context = await loadCliContext(options.globals, options);
  if (!options.watch) {
    const status = await readStatus(context);
    options.stdout(options.globals.json ? jsonText(status) : formatStatusTable(status, context.palette));
    return 0;
  }
  return watchStatus(context, options);
}

/**
 * From the host when one answers. Without one: when run records show live services (a daemon was
 * stopped or died), a daemon is started to re-adopt them and answers; else all are `stopped` —
 * those whose port a process holds shown with origin `external` and its pid (read here, on this machine).
 */
export async function readStatus(context: CliContext): Promise<StatusJson> {
  if ((await probeHost(context.paths)) !== null) return createApiClient(context.paths.socket).services();
  const table = createProcessTable();
  const live = liveRunRecords(openRunRecordStore(context.paths.runDir), table);
  if (live.length === 0) return offlineStatus(context.config, [], Date.now(), await externalHolders(context, table));
  const { client } = await ensureDaemon({ config: context.config });
  return client.services();
}

async function externalHolders(context: CliContext, table: ProcessTable): Promise<ExternalHolders> {
  const inspector = defaultPortInspector();
  if (inspector === null) return new Map();
  const statuses = Object.values(context.config.services).map((service) => ({
    name: service.name,
    state: 'stopped' as const,
    ports: service.ports,
    pid: null,
    origin: 'managed' as const,
  }));
  return createExternalFinder({ inspector, processTable: table, cacheMs: 0 })(statuses);
}

/** Redraws in place on a terminal (plain text blocks elsewhere; one JSON document a line with --json) until Ctrl+C. */
async function watchStatus(context: CliContext, options: StatusOptions): Promise<number> {
  const interval = options.intervalMs ?? 1000;
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let drawn = 0;
  try {
    while (!stop.signal.aborted) {
      const status = await readStatus(context);
      if (options.globals.json) {
        options.stdout(`${JSON.stringify(status)}\n`);
      } else {
        const time = new Date().toLocaleTimeString();
        const text = `${context.palette.dim(`${status.project} · ${time} · every ${interval / 1000}s · Ctrl+C to quit`)}\n${formatStatusTable(status, context.palette)}`;
        // Up to the first line drawn, then clear to the end of the screen: the new table replaces the old one.
        const clear = drawn === 0 ? '' : options.isTTY ? `\u001b[${drawn}A\r\u001b[J` : '\n';
        options.stdout(clear + text);
        drawn = text.split('\n').length - 1;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        stop.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return 0;
}
