// `stackctl stop`: stops services through whoever hosts the stack, or straight from the run records when nobody does.
import path from 'node:path';
import { createApiClient, type ServiceStatusJson } from '../../api/index.js';
import {
  acquireInstanceLock,
  ensureDaemonDirs,
  inspectHost,
  openRunRecordStore,
  ServiceLogFiles,
  stopDaemon,
  stopFromRunRecords,
  type OfflineStopResult,
} from '../../daemon/index.js';
import { StackctlError } from '../../errors/index.js';
import { createFileLogger, logLevelFrom } from '../../logging/logger.js';
import { createPlatform } from '../../system/create-platform.js';
import { createProcessTable, type ProcessTable } from '../../system/process-table/index.js';
import { assertServicesKnown, jsonText, loadCliContext, type CliContext, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';
import { closeRecordedTerminals, describeClose } from '../separate-terminals.js';
import type { CloseResult } from '../../terminals/index.js';

export interface StopOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly services: readonly string[];
}

const LIVE = new Set(['starting', 'running', 'backoff', 'stopping']);

/**
 * With a host: it stops the services; stopping all of them also ends the daemon (`up` ends by
 * itself once nothing runs), so the next `up` can take the project. Without one: from the run records.
 * Then what `--separate-terminals` opened is closed: everything, or the named services' windows.
 */
export async function runStop(options: StopOptions): Promise<number> {
  const context = await loadCliContext(options.globals, options);
  assertServicesKnown(context.config, options.services);
  const table = createProcessTable();
  const host = await inspectHost(context.paths, table);
  const closeTerminals = (): CloseResult | null => closeRecordedTerminals(context.config.root, options.services);
  if (host.kind === 'daemon' || host.kind === 'up') return stopThroughHost(context, options, host.kind, table, closeTerminals);
  return stopWithoutHost(context, options, table, closeTerminals);
}

/** `terminals` in the JSON answer: what was closed, when anything had been opened. */
function terminalsJson(result: CloseResult | null): object {
  if (result === null) return {};
  const { closed, alreadyGone, failed, note } = result;
  return { terminals: { closed, already_gone: alreadyGone, failed, note: note ?? null } };
}

function terminalLines(result: CloseResult | null, context: CliContext): string[] {
  return result === null ? [] : describeClose(result).map((line) => context.palette.dim(line));
}

async function stopThroughHost(
  context: CliContext,
  options: StopOptions,
  kind: 'daemon' | 'up',
  table: ProcessTable,
  closeTerminals: () => CloseResult | null,
): Promise<number> {
  const client = createApiClient(context.paths.socket);
  const before = await client.services();
  const answer = await client.stop(options.services);
  const stopAll = options.services.length === 0;
  let daemon: 'stopped' | 'running' | 'up' = kind === 'up' ? 'up' : 'running';
  if (stopAll && kind === 'daemon') {
    await stopDaemon(context.paths, table);
    daemon = 'stopped';
  }
  const wasLive = new Set(before.services.filter((service) => LIVE.has(service.state)).map((service) => service.name));
  const terminals = closeTerminals();
  const reports = new Map((answer.stopped ?? []).map((report) => [report.name, report]));
  const survived = [...reports.values()].some((report) => report.survivors.length > 0);
  if (options.globals.json) {
    const stopped = answer.stopped ?? [];
    options.stdout(jsonText({ project: context.config.project, services: answer.services, stopped, daemon, ...terminalsJson(terminals) }));
    return survived ? 1 : 0;
  }
  const { palette } = context;
  const lines = answer.services.map((service: ServiceStatusJson) => {
    const report = reports.get(service.name);
    if (report !== undefined) return describeStopReport(service.name, report.killed, report.survivors, context);
    return wasLive.has(service.name) ? `${palette.green('✓')} ${service.name} stopped` : `${palette.dim('·')} ${service.name} was not running`;
  });
  if (daemon === 'stopped') lines.push(palette.dim('daemon stopped'));
  lines.push(...terminalLines(terminals, context));
  options.stdout(`${lines.join('\n')}\n`);
  return survived ? 1 : 0;
}

/** ✓ only when nothing of the service is left; what needed SIGKILL and what survived it, by pid and command. */
function describeStopReport(name: string, killed: readonly ProcessRef[], survivors: readonly ProcessRef[], context: CliContext, pid?: number): string {
  const { palette } = context;
  const which = pid === undefined ? '' : ` (pid ${pid})`;
  const list = (refs: readonly ProcessRef[]): string => refs.map((each) => `${each.pid} ${each.command}`).join(', ');
  if (survivors.length > 0) {
    const lines = [`${palette.red('✗')} ${name} is still running after SIGKILL: ${list(survivors)}`];
    if (killed.length > 0) lines.push(`  ${palette.dim(`killed: ${list(killed)}`)}`);
    return lines.join('\n');
  }
  if (killed.length > 0) return `${palette.yellow('✓')} ${name} killed after its stop timeout${which}: ${list(killed)}`;
  return `${palette.green('✓')} ${name} stopped${which}`;
}

interface ProcessRef {
  readonly pid: number;
  readonly command: string;
}

/** No daemon: the lock keeps one from starting (and adopting what is being stopped) meanwhile. */
async function stopWithoutHost(
  context: CliContext,
  options: StopOptions,
  table: ProcessTable,
  closeTerminals: () => CloseResult | null,
): Promise<number> {
  const paths = ensureDaemonDirs(context.config.root);
  const lock = await acquireInstanceLock({ projectRoot: paths.projectRoot, lockFile: path.join(paths.stateDir, 'daemon.lock'), processTable: table });
  if (lock === null) {
    throw new StackctlError('E_DAEMON_UNREACHABLE', 'a stackctl host is starting for this project right now', {
      hint: 'run `stackctl stop` again in a moment',
    });
  }
  const logger = createFileLogger({ file: paths.toolLog, level: logLevelFrom(process.env, options.globals.debug) });
  const logFiles = new ServiceLogFiles({ config: context.config, logsDir: paths.logsDir, onError: (error) => logger.warn({ err: error }, 'log write failed') });
  let results: OfflineStopResult[];
  try {
    results = await stopFromRunRecords({
      config: context.config,
      store: openRunRecordStore(paths.runDir, logger),
      processTable: table,
      platform: createPlatform(),
      names: options.services,
      logFiles,
    });
  } finally {
    await logFiles.close();
    await lock.release();
  }
  for (const result of results) logger.info({ ...result }, 'stop without a daemon');
  logger.flush();
  const terminals = closeTerminals();
  if (options.globals.json) {
    options.stdout(jsonText({ project: context.config.project, daemon: 'none', stopped: results, ...terminalsJson(terminals) }));
  } else {
    options.stdout(describeOfflineStop(results, context) + terminalLines(terminals, context).map((line) => `${line}\n`).join(''));
  }
  // Never ✓ over a survivor: listed above by pid and command, and the exit code says it.
  return results.some((result) => result.outcome === 'survived') ? 1 : 0;
}

function describeOfflineStop(results: readonly OfflineStopResult[], context: CliContext): string {
  const { palette } = context;
  if (results.length === 0) return `${palette.dim('nothing is running (no daemon, no run records)')}\n`;
  const lines = results.map(({ service, pid, outcome, killed, survivors, note }) => {
    const detail = note === null ? '' : `\n  ${palette.dim(`${service}: ${note}`)}`;
    switch (outcome) {
      case 'stopped':
      case 'killed':
      case 'survived':
        return describeStopReport(service, killed, survivors, context, pid) + detail;
      case 'not-running':
        return `${palette.dim('·')} ${service} was not running: its process is gone; nothing signalled, removed its stale run record`;
      case 'pid-reused':
        return `${palette.yellow('!')} ${service}: pid ${pid} now belongs to another process; not signalled, removed its stale run record`;
      case 'unproven':
        return `${palette.yellow('!')} ${service}: ${note ?? `pid ${pid} does not match its run record`}; removed its run record`;
    }
  });
  return `${lines.join('\n')}\n`;
}
