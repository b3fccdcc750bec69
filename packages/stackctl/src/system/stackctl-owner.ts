// Whether a process is a service of a stackctl project (its environment says so), and which config file runs that project.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { configFilesIn } from '../config/config-files.js';

/** A process started by stackctl as one of a project's services (or a child of one: the environment is inherited). */
export interface StackctlOwner {
  /** `STACKCTL_PROJECT` in the process's environment. */
  readonly project: string;
  /** `STACKCTL_SERVICE` in the process's environment. */
  readonly service: string;
  /** The project's config file, found from the process's working folder up; null when none was found. */
  readonly configPath: string | null;
}

export interface ReadStackctlOwnerOptions {
  /** Where procfs is mounted. Default `/proc`. */
  readonly procRoot?: string;
}

/**
 * Reads `/proc/<pid>/environ` (readable for our own processes, or as root): null when the process
 * is not a stackctl service (no `STACKCTL_PROJECT` and `STACKCTL_SERVICE`), is gone, or is not ours
 * to read. `cwd` is the process's working folder, where the project's config is looked for.
 */
export function readStackctlOwner(pid: number, cwd: string | null, options: ReadStackctlOwnerOptions = {}): StackctlOwner | null {
  let environ: string;
  try {
    environ = readFileSync(path.join(options.procRoot ?? '/proc', String(pid), 'environ'), 'utf8');
  } catch {
    return null;
  }
  const project = variable(environ, 'STACKCTL_PROJECT');
  const service = variable(environ, 'STACKCTL_SERVICE');
  if (project === null || project === '' || service === null || service === '') return null;
  return { project, service, configPath: cwd === null ? null : findOwnerConfig(cwd, service) };
}

function variable(environ: string, name: string): string | null {
  const entry = environ.split('\0').find((pair) => pair.startsWith(`${name}=`));
  return entry === undefined ? null : entry.slice(name.length + 1);
}

/**
 * The config of the project that runs `service` with its processes in `cwd`: walking up from
 * `cwd`, the first folder with a config file whose `.stackctl/run/<service>.json` records the
 * service as running; else the nearest config file (the one `stackctl` run there would use).
 */
export function findOwnerConfig(cwd: string, service: string): string | null {
  let nearest: string | null = null;
  for (let folder = path.resolve(cwd); ; folder = path.dirname(folder)) {
    const [config] = configFilesIn(folder);
    if (config !== undefined) {
      if (existsSync(path.join(folder, '.stackctl', 'run', `${service}.json`))) return config;
      nearest ??= config;
    }
    if (path.dirname(folder) === folder) return nearest;
  }
}
