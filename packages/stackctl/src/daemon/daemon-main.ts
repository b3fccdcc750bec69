// The daemon process (`stackctl __daemon -c <config>`): takes the lock, hosts the engine in the background, serves the socket.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { StackctlError } from '../errors/index.js';
import { createFileLogger, logLevelFrom, type FileLogger } from '../logging/logger.js';
import { createEngine, type EngineHandle } from '../supervisor/index.js';
import { ProjectCgroups } from '../system/cgroup/index.js';
import { restoreExtraCaCerts } from '../system/extra-ca-certs.js';
import { createProcessTable } from '../system/process-table/index.js';
import { daemonPathsFor, ensureDaemonDirs } from './daemon-paths.js';
import { removeOwnDaemonPidFile, writeDaemonPidFile } from './daemon-pid-file.js';
import { createEngineHost, type EngineHost } from './engine-host.js';
import { acquireInstanceLock, lockNameFor } from './instance-lock.js';
import { openRunRecordStore } from './run-record-store.js';

export interface DaemonOptions {
  readonly configPath: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Supplies the resolved config, called once the lock is held: the spawning CLI hands over the
   * config it loaded (see config-handoff.ts). Default: load `configPath`, which brings in the
   * whole config pipeline (YAML, zod, jiti), imported only then.
   */
  readonly config?: () => ResolvedConfig;
}

/** Signals that end the daemon; the services keep running (the next daemon re-adopts them). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Resolves with the exit code: 0 after a stop, and 0 at once when another process already holds
 * the project's lock (several CLIs may race to start a daemon; the lock leaves exactly one).
 * Its stdout and stderr are `.stackctl/logs/daemon.out` (the CLI that spawned it set that up).
 */
export async function runDaemon(options: DaemonOptions): Promise<number> {
  restoreExtraCaCerts(options.env);
  // The lock comes first, before the config is even read: the daemons that lose a race end at once.
  const root = projectRootOf(path.resolve(options.cwd, options.configPath));
  const processTable = createProcessTable();
  const lock = await acquireInstanceLock({ projectRoot: root, lockFile: path.join(daemonPathsFor(root).stateDir, 'daemon.lock'), processTable });
  if (lock === null) return 0;
  let config: ResolvedConfig;
  try {
    config = options.config !== undefined ? options.config() : await loadConfigFile(options);
    if (lockNameFor(config.root) !== lockNameFor(root)) {
      throw new StackctlError('E_INTERNAL', `the config ${config.configPath} belongs to ${config.root}, not to ${root}`, {
        hint: 'start the daemon with -c naming the config file itself',
      });
    }
  } catch (error) {
    await lock.release();
    throw error;
  }
  const paths = ensureDaemonDirs(config.root);

  // From here on this process alone owns the socket, the pid file and the run records.
  const logger = createFileLogger({ file: paths.toolLog, level: logLevelFrom(options.env, false) });
  process.on('SIGHUP', () => logger.info({}, 'daemon: SIGHUP ignored'));
  const stopRequested = waitForStopSignal(logger);
  writeDaemonPidFile(paths.pidFile, processTable);
  let host: EngineHost | null = null;
  let engine: EngineHandle | null = null;
  try {
    engine = createEngine({
      config,
      logger,
      processTable,
      output: { mode: 'fifo', dir: paths.runDir },
      runRecords: openRunRecordStore(paths.runDir, logger),
      adopt: true,
      cgroups: ProjectCgroups.locate(config.project, config.root),
    });
    host = createEngineHost({ config, engine, paths, logger, processTable });
    engine.onEvent((event) => logger.info({ event }, `${event.service} ${event.type}`));
    await host.serve();
    logger.info({ project: config.project, configPath: config.configPath, socket: paths.socket }, 'daemon: serving');
    const signal = await stopRequested;
    logger.info({ signal }, 'daemon: stopping; services keep running');
  } finally {
    // Services keep running; the next daemon re-adopts them from the run records.
    await engine?.detach();
    await host?.close();
    removeOwnDaemonPidFile(paths.pidFile);
    await lock.release();
    logger.info({}, 'daemon: stopped');
    logger.flush();
  }
  return 0;
}

async function loadConfigFile(options: DaemonOptions): Promise<ResolvedConfig> {
  const { loadConfig } = await import('../config/index.js');
  return (await loadConfig({ cwd: options.cwd, configPath: options.configPath, parentEnv: options.env })).config;
}

/** The folder a config path stands for: the file's folder, or the folder itself (as `-c` allows both). */
function projectRootOf(configPath: string): string {
  return statSync(configPath, { throwIfNoEntry: false })?.isDirectory() === true ? configPath : path.dirname(configPath);
}

/** Resolves with the first stop signal; a second one ends the process at once. */
function waitForStopSignal(logger: FileLogger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const listener = (signal: NodeJS.Signals): void => {
      if (received) {
        logger.warn({ signal }, 'daemon: second stop signal, exiting at once');
        logger.flush();
        process.exit(1);
      }
      received = true;
      resolve(signal);
    };
    for (const signal of STOP_SIGNALS) process.on(signal, listener);
  });
}
