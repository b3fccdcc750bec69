// Each service's env_file list as written in the config, read without resolving it (a missing .env must not stop `env setup`).
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from '../../config/defaults.js';
import { loadModuleSource } from '../../config/module-source.js';
import type { ConfigSource } from '../../config/types.js';
import { parseYamlSource } from '../../config/yaml-source.js';

export interface ConfigEnvFiles {
  /** Service names in declaration order. */
  readonly services: readonly string[];
  /** Service name → its env files (relative to the config, as written); a service without any is absent. */
  readonly envFiles: Readonly<Record<string, readonly string[]>>;
}

export async function readConfigEnvFiles(configPath: string, source: ConfigSource): Promise<ConfigEnvFiles> {
  const text = source === 'ts' || source === 'js' ? null : fs.readFileSync(configPath, 'utf8');
  if (source === 'procfile') {
    const names = (text ?? '').split('\n').flatMap((line) => /^([\w-]+)\s*:/.exec(line)?.[1] ?? []);
    const hasEnv = fs.existsSync(path.join(path.dirname(configPath), DEFAULTS.procfile.envFile));
    return { services: names, envFiles: hasEnv ? Object.fromEntries(names.map((name) => [name, [DEFAULTS.procfile.envFile]])) : {} };
  }
  const parsed = text === null ? await loadModuleSource(configPath) : parseYamlSource(text);
  const services = (parsed.raw as { services?: Record<string, { env_file?: unknown } | null> } | null)?.services ?? {};
  const envFiles: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(services)) {
    const files = service?.env_file;
    if (typeof files === 'string') envFiles[name] = [files];
    else if (Array.isArray(files)) envFiles[name] = files.filter((file): file is string => typeof file === 'string');
  }
  return { services: Object.keys(services), envFiles };
}
