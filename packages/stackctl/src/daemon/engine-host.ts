// What `up` and the daemon both do around the engine: log files, event buffer, cpu/memory sampling, the API socket.
import type { ApiHost, LogReadOptions, RestartOptions } from '../api/api-host.js';
import { startApiServer, type ApiServer } from '../api/api-server.js';
import { EventBuffer } from '../api/event-buffer.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Logger } from '../logging/logger.js';
import { DependencyGraph } from '../supervisor/dependency-graph.js';
import type { EngineHandle, StartOptions, StartOutcome } from '../supervisor/engine-handle.js';
import type { OutputLine } from '../supervisor/types.js';
import { defaultPortInspector, type PortInspector } from '../system/ports/index.js';
import { ServiceCgroup } from '../system/cgroup/index.js';
import type { ProcessTable } from '../system/process-table/index.js';
import { LinuxProcessTable } from '../system/process-table/linux-process-table.js';
import { configSummary } from './config-summary.js';
import type { DaemonPaths } from './daemon-paths.js';
import { createExternalFinder } from './external-holders.js';
import { MetricsSampler } from './metrics-sampler.js';
import { reportLogLoss } from './log-loss-report.js';
import { linuxProcessGroups } from './process-groups.js';
import { ServiceLogFiles } from './service-log-files.js';

export interface EngineHostOptions {
  readonly config: ResolvedConfig;
  readonly engine: EngineHandle;
  readonly paths: DaemonPaths;
  readonly logger: Logger;
  /** For cpu and memory figures; null leaves them unknown. */
  readonly processTable: ProcessTable | null;
  /**
   * Finds the processes stackctl did not start holding the ports of services not running here
   * (status shows them as origin `external`). Default: the inspector for this OS; null: none.
   */
  readonly portInspector?: PortInspector | null;
}

export interface EngineHost {
  /** Every output line goes here; flushed before a start or restart answers. */
  readonly logFiles: ServiceLogFiles;
  /** Serves the API on `.stackctl/daemon.sock`; rejects when the socket cannot be served. */
  serve(): Promise<ApiServer>;
  /** Stops sampling, closes the socket, then writes out and closes the log files. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Subscribes to the engine at once (synchronously), so no line or event emitted after this call
 * is missed; the socket opens with `serve()`. The caller holds the instance lock.
 */
export function createEngineHost(options: EngineHostOptions): EngineHost {
  const { config, engine, paths, logger } = options;
  const logFiles = new ServiceLogFiles({
    config,
    logsDir: paths.logsDir,
    onError: (error) => logger.error({ err: error }, 'log file write failed'),
    onLoss: (service, change) => reportLogLoss(engine, logger, service, change),
  });
  const events = new EventBuffer();
  const unsubscribe = [logFiles.attach(engine), events.attach(engine)];
  const sampler =
    options.processTable === null
      ? null
      : new MetricsSampler({
          processTable: options.processTable,
          groups: options.processTable instanceof LinuxProcessTable ? linuxProcessGroups() : undefined,
          leaders: () => engine.status().flatMap((status) => (status.pid === null ? [] : [status.pid])),
          cgroupMembers: (leader) => {
            const cgroup = engine.status().find((status) => status.pid === leader)?.cgroup;
            return cgroup === undefined ? null : new ServiceCgroup(cgroup).members();
          },
          onError: (error) => logger.warn({ err: error }, 'metrics sampling failed'),
        });
  sampler?.start();
  const inspector = options.portInspector === undefined ? defaultPortInspector() : options.portInspector;
  const findExternal = inspector === null ? undefined : createExternalFinder({ inspector, processTable: options.processTable });
  const graph = new DependencyGraph(config.services);
  const afterFlush = async (outcome: Promise<StartOutcome>): Promise<StartOutcome> => {
    const result = await outcome;
    await logFiles.flush();
    return result;
  };

  const host: ApiHost = {
    // Start and restart answer only once the lines so far are in the files, so a failed start's log is complete.
    engine: withFlushedLogs(engine, afterFlush),
    project: config.project,
    configSummary: () => configSummary(config),
    events,
    metrics: sampler?.lookup,
    logLoss: (service) => logFiles.lossOf(service),
    findExternal,
    readLogs: (service, options) => readServiceLogs(paths.logsDir, service, options, logger),
    restart: (names: readonly string[], { withDependents, forceColor }: RestartOptions) =>
      afterFlush(engine.restart(withDependents ? withTransitiveDependents(graph, names) : names, forceColor === true ? { forceColor } : {})),
    onUnexpectedError: (error) => logger.error({ err: error }, 'API: unexpected error'),
  };

  let server: ApiServer | null = null;
  let closing: Promise<void> | undefined;
  return {
    logFiles,
    async serve() {
      server ??= await startApiServer({ host, socketPath: paths.socket });
      return server;
    },
    close: () =>
      (closing ??= (async () => {
        sampler?.stop();
        await server?.close();
        for (const each of unsubscribe) each();
        await logFiles.close();
      })()),
  };
}

/** `names` (all services when empty) and every service that depends on them, directly or not. */
export function withTransitiveDependents(graph: DependencyGraph, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const found = new Set<string>();
  const visit = (name: string): void => {
    if (found.has(name)) return;
    found.add(name);
    for (const dependent of graph.dependentsOf(name)) visit(dependent);
  };
  names.forEach(visit);
  // In start order; a name the graph does not know stays in, for the engine to reject.
  return [...graph.order.filter((name) => found.has(name)), ...[...found].filter((name) => !graph.order.includes(name))];
}

/**
 * A service's lines for the API's logs route. The log readers (tail, merge, follow) are loaded on
 * the first request: a daemon nobody asks for logs does not hold them in memory.
 */
async function* readServiceLogs(logsDir: string, service: string, options: LogReadOptions, logger: Logger): AsyncGenerator<OutputLine> {
  const { iterateStackLogs } = await import('./stack-log-stream.js');
  yield* iterateStackLogs(logsDir, [service], {
    lines: options.lines,
    since: options.since ?? undefined,
    follow: options.follow,
    signal: options.signal,
    onError: (error) => logger.warn({ err: error, service }, 'reading a log file failed'),
  });
}

/** The engine as the API sees it: start, restart and startDependencies resolve after `after` ran; everything else passes through. */
function withFlushedLogs(engine: EngineHandle, after: (outcome: Promise<StartOutcome>) => Promise<StartOutcome>): EngineHandle {
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'start') return (names?: readonly string[], options?: StartOptions) => after(target.start(names, options));
      if (property === 'restart') return (names?: readonly string[], options?: StartOptions) => after(target.restart(names, options));
      if (property === 'startDependencies') return (name: string, options?: StartOptions) => after(target.startDependencies(name, options));
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
