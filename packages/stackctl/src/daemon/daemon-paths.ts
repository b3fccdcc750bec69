// Where the daemon keeps its files in `.stackctl/`: the socket, its pid file, run records and FIFOs, logs.
import path from 'node:path';
import { fileSystemError } from '../errors/index.js';
import { ensureStateDir, stateDirFor } from '../project/state-dir.js';
import { ensurePrivateDir } from '../system/private-files.js';

export interface DaemonPaths {
  /** The project root (the config file's folder). */
  readonly projectRoot: string;
  /** `.stackctl/` */
  readonly stateDir: string;
  /** `.stackctl/daemon.sock`: the API, mode 0600. */
  readonly socket: string;
  /** `.stackctl/daemon.pid`: the daemon's pid and fingerprint. */
  readonly pidFile: string;
  /** `.stackctl/run/`: one run record per live service process, and the FIFOs of their output. */
  readonly runDir: string;
  /** `.stackctl/logs/`: `<service>.log` and stackctl's own logs. */
  readonly logsDir: string;
  /** `.stackctl/logs/stackctl.log`: the structured log of the CLI, `up` and the daemon. */
  readonly toolLog: string;
  /** `.stackctl/logs/daemon.out`: the daemon's stdout and stderr (crashes end up here). */
  readonly daemonOut: string;
}

export function daemonPathsFor(projectRoot: string): DaemonPaths {
  const state = stateDirFor(projectRoot);
  return {
    projectRoot,
    stateDir: state.root,
    socket: path.join(state.root, 'daemon.sock'),
    pidFile: path.join(state.root, 'daemon.pid'),
    runDir: path.join(state.root, 'run'),
    logsDir: state.logsDir,
    toolLog: state.toolLog,
    daemonOut: path.join(state.logsDir, 'daemon.out'),
  };
}

/** Creates `.stackctl/` (with its .gitignore), `logs/` and `run/` when missing, all private (see ensureStateDir). */
export function ensureDaemonDirs(projectRoot: string): DaemonPaths {
  ensureStateDir(projectRoot);
  const paths = daemonPathsFor(projectRoot);
  try {
    ensurePrivateDir(paths.runDir);
  } catch (error) {
    throw fileSystemError(error, paths.runDir, 'create') ?? error;
  }
  return paths;
}
