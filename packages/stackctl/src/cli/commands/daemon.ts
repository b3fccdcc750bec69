// `stackctl daemon status|stop` and the hidden `stackctl __daemon` that is the daemon process itself.
import path from 'node:path';
import { inspectHost, runDaemon, stopDaemon } from '../../daemon/index.js';
import { formatUptime } from '../../output/format-figures.js';
import { createProcessTable } from '../../system/process-table/index.js';
import { jsonText, loadCliContext, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';

export interface DaemonCommandOptions extends CommandIO {
  readonly globals: GlobalOptions;
}

export async function runDaemonStatus(options: DaemonCommandOptions): Promise<number> {
  const { config, paths, palette } = await loadCliContext(options.globals, options);
  const host = await inspectHost(paths, createProcessTable());
  const socket = path.relative(process.cwd(), paths.socket) || paths.socket;
  if (options.globals.json) {
    const pid = host.kind === 'none' ? null : host.pid;
    const uptime = host.kind === 'daemon' || host.kind === 'up' ? host.uptimeMs : null;
    options.stdout(jsonText({ project: config.project, running: host.kind !== 'none', host: host.kind, pid, uptime_ms: uptime, socket: paths.socket, log: paths.toolLog }));
    return 0;
  }
  switch (host.kind) {
    case 'none':
      options.stdout(`${palette.dim('●')} no daemon is running for project ${config.project}\n`);
      break;
    case 'unresponsive':
      options.stdout(`${palette.yellow('●')} the daemon (pid ${host.pid}) is alive but does not answer on ${socket}\n`);
      break;
    case 'daemon':
    case 'up': {
      const what = host.kind === 'daemon' ? 'daemon running' : '`stackctl up` running in the foreground';
      options.stdout(`${palette.green('●')} ${what} for project ${host.project} (pid ${host.pid}, up ${formatUptime(host.uptimeMs)})\n`);
      options.stdout(`  socket: ${socket}\n  log:    ${path.relative(process.cwd(), paths.toolLog) || paths.toolLog}\n`);
    }
  }
  return 0;
}

export async function runDaemonStop(options: DaemonCommandOptions): Promise<number> {
  const { config, paths, palette } = await loadCliContext(options.globals, options);
  const result = await stopDaemon(paths, createProcessTable());
  if (options.globals.json) {
    options.stdout(jsonText({ project: config.project, stopped: result.stopped, pid: result.stopped ? result.pid : null }));
  } else if (!result.stopped) {
    options.stdout(`${palette.dim('●')} no daemon is running for project ${config.project}\n`);
  } else {
    const how = result.forced ? ' (it did not exit in time: killed)' : '';
    options.stdout(`${palette.green('✓')} daemon stopped (pid ${result.pid})${how}; services keep running — the next command starts a daemon that takes them over\n`);
  }
  return 0;
}

/** The daemon process: its output is `.stackctl/logs/daemon.out`, its log `.stackctl/logs/stackctl.log`. */
export async function runDaemonProcess(options: { readonly configPath: string | undefined }): Promise<number> {
  const configPath = options.configPath ?? process.cwd();
  return runDaemon({ configPath, cwd: process.cwd(), env: process.env });
}
