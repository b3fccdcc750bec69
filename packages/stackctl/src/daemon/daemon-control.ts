// `stackctl daemon status|stop`: who serves the project's socket, and stopping the daemon (its services keep running).
import { StackctlError } from '../errors/index.js';
import type { ProcessTable } from '../system/process-table/index.js';
import type { DaemonPaths } from './daemon-paths.js';
import { checkDaemonPid, readDaemonPidFile } from './daemon-pid-file.js';
import { probeHost } from './ensure-daemon.js';
import { pollUntil } from '../system/poll-until.js';

export type HostInfo =
  | { readonly kind: 'none' }
  /** The background daemon. */
  | { readonly kind: 'daemon'; readonly pid: number; readonly uptimeMs: number; readonly project: string }
  /** `stackctl up` in some terminal. */
  | { readonly kind: 'up'; readonly pid: number; readonly uptimeMs: number; readonly project: string }
  /** daemon.pid names a live daemon that does not answer on the socket (starting, or hung). */
  | { readonly kind: 'unresponsive'; readonly pid: number };

export async function inspectHost(paths: DaemonPaths, table: ProcessTable): Promise<HostInfo> {
  const health = await probeHost(paths);
  const record = readDaemonPidFile(paths.pidFile);
  const recordAlive = record !== null && checkDaemonPid(table, record) === 'match';
  if (health === null) return recordAlive ? { kind: 'unresponsive', pid: record.pid } : { kind: 'none' };
  const isDaemon = (recordAlive && record.pid === health.pid) || (table.info(health.pid)?.argv.includes('__daemon') ?? false);
  return { kind: isDaemon ? 'daemon' : 'up', pid: health.pid, uptimeMs: health.uptime_ms, project: health.project };
}

export interface StopDaemonOptions {
  /** How long to wait for it to exit after SIGTERM before SIGKILL. Default 10 s. */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

export type StopDaemonResult =
  | { readonly stopped: false; readonly reason: 'none' }
  | { readonly stopped: true; readonly pid: number; readonly forced: boolean };

/**
 * SIGTERM to the daemon named by daemon.pid, only if its fingerprint matches; the daemon then
 * detaches from its services (they keep running), closes the socket and exits. Throws E_USAGE
 * when the project is hosted by `stackctl up` (that one is stopped with Ctrl+C in its terminal).
 */
export async function stopDaemon(paths: DaemonPaths, table: ProcessTable, options: StopDaemonOptions = {}): Promise<StopDaemonResult> {
  const host = await inspectHost(paths, table);
  if (host.kind === 'up') {
    throw new StackctlError('E_USAGE', `project "${host.project}" is run by \`stackctl up\` in the foreground (pid ${host.pid}), not by a daemon`, {
      hint: 'stop it with Ctrl+C in its terminal, or stop its services with `stackctl stop`',
    });
  }
  if (host.kind === 'none') return { stopped: false, reason: 'none' };
  const record = readDaemonPidFile(paths.pidFile);
  if (record === null || record.pid !== host.pid || checkDaemonPid(table, record) !== 'match') {
    throw new StackctlError('E_INTERNAL', `the daemon answering on ${paths.socket} (pid ${host.pid}) does not match ${paths.pidFile}`, {
      hint: `stop it by hand: kill ${host.pid}`,
    });
  }
  const alive = (): boolean => checkDaemonPid(table, record) === 'match';
  signal(record.pid, 'SIGTERM');
  const { timeoutMs = 10_000, pollMs = 25 } = options;
  if (await pollUntil(() => !alive(), timeoutMs, pollMs)) return { stopped: true, pid: record.pid, forced: false };
  if (alive()) signal(record.pid, 'SIGKILL');
  await pollUntil(() => !alive(), 2000, pollMs);
  return { stopped: true, pid: record.pid, forced: true };
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
