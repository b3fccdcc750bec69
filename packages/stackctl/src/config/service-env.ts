// The environment a service gets: parent env < env files (in order) < `env` < STACKCTL_* and PORT; the project's bins first on PATH.
import { parseDotenv } from './dotenv.js';
import type { ProjectBins } from './project-bins.js';

export interface ServiceEnvInput {
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
  /** The env files' text, in list order. */
  readonly envFiles: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly service: string;
  readonly project: string;
  readonly ports: readonly number[];
  /** A command that starts several servers (isWrapperCommand): PORT would reach whichever reads it first, so it gets none. */
  readonly wrapper?: boolean;
  /** The project's virtualenv and node_modules/.bin folders (from projectBins); none when undefined. */
  readonly bins?: ProjectBins;
}

export function buildServiceEnv(input: ServiceEnvInput): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.parentEnv)) if (value !== undefined) merged[key] = value;
  const setByService = new Set<string>();
  for (const text of input.envFiles) {
    for (const [key, value] of Object.entries(parseDotenv(text, { scope: merged }))) {
      merged[key] = value;
      setByService.add(key);
    }
  }
  for (const [key, value] of Object.entries(input.env)) {
    merged[key] = value;
    setByService.add(key);
  }
  merged.STACKCTL = '1';
  merged.STACKCTL_SERVICE = input.service;
  merged.STACKCTL_PROJECT = input.project;
  const [onlyPort, ...otherPorts] = input.ports;
  // PORT from the parent shell does not count: a service with one port gets that port — unless it wraps several servers.
  if (onlyPort !== undefined && otherPorts.length === 0 && !setByService.has('PORT') && input.wrapper !== true) merged.PORT = String(onlyPort);
  if (input.bins !== undefined) addProjectBins(merged, input.bins, setByService);
  return merged;
}

/**
 * The bins go before PATH (as `uv run`, `poetry run` and `npm run` put them), and VIRTUAL_ENV names the
 * virtualenv unless the service sets it. With no PATH at all (an export resolved without the shell's
 * environment) nothing is added: a PATH of only the project's folders would hide the system's programs.
 */
function addProjectBins(merged: Record<string, string>, bins: ProjectBins, setByService: ReadonlySet<string>): void {
  if (merged.PATH === undefined || bins.path.length === 0) return;
  const rest = merged.PATH.split(':').filter((entry) => entry !== '' && !bins.path.includes(entry));
  merged.PATH = [...bins.path, ...rest].join(':');
  if (bins.virtualEnv !== null && !setByService.has('VIRTUAL_ENV')) {
    merged.VIRTUAL_ENV = bins.virtualEnv;
    delete merged.PYTHONHOME;
  }
}

/**
 * `env` with FORCE_COLOR=1, unless it already decides colour (FORCE_COLOR or NO_COLOR set): for a
 * service whose output is shown in a terminal although it writes into a pipe (`up` on a terminal,
 * `--separate-terminals`).
 */
export function withForcedColor(env: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  return env.FORCE_COLOR !== undefined || env.NO_COLOR !== undefined ? env : { ...env, FORCE_COLOR: '1' };
}
