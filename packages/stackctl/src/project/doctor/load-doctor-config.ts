// Loads the config for the doctor without ever throwing: the config, or why there is none (and the project folder if known).
import path from 'node:path';
import { ConfigInvalidError } from '../../config/config-invalid-error.js';
import { discoverConfig } from '../../config/discover.js';
import { loadConfig } from '../../config/load-config.js';
import { isStackctlError } from '../../errors/index.js';
import type { ConfigState } from './doctor-check.js';

export interface LoadDoctorConfigOptions {
  readonly cwd: string;
  readonly configPath?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A missing env_file is tolerated (the env check reports it, with the command that creates it). */
export async function loadDoctorConfig(options: LoadDoctorConfigOptions): Promise<ConfigState> {
  let file: string;
  try {
    file = discoverConfig({ cwd: options.cwd, configPath: options.configPath }).path;
  } catch (error) {
    return { kind: 'not-found', message: (error as Error).message, hint: isStackctlError(error) ? (error.hint ?? null) : null };
  }
  const root = path.dirname(file);
  try {
    const { config, warnings } = await loadConfig({ cwd: options.cwd, configPath: options.configPath, parentEnv: options.env, tolerateMissingEnvFiles: true });
    return { kind: 'loaded', config, warnings };
  } catch (error) {
    if (error instanceof ConfigInvalidError) return { kind: 'invalid', file, root, problems: error.problems };
    return { kind: 'error', file, root, message: (error as Error).message, hint: isStackctlError(error) ? (error.hint ?? null) : null };
  }
}
