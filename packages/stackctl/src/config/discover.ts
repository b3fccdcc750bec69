// Finds the config: --config, else the first stackctl config in the working folder or its nearest parent, else a Procfile.
import fs from 'node:fs';
import path from 'node:path';
import { StackctlError } from '../errors/index.js';
import { CONFIG_FILE_NAMES, PROCFILE_NAME } from './config-files.js';
import { configNotFoundHint } from './configs-below.js';
import type { ConfigSource } from './types.js';

export { CONFIG_FILE_NAMES, PROCFILE_NAME };

export interface DiscoveredConfig {
  /** Absolute path of the config file or Procfile. */
  readonly path: string;
  readonly source: ConfigSource;
  /** Other config files in the same folder, ignored because an earlier name won. */
  readonly shadowed: readonly string[];
}

export interface DiscoverOptions {
  /** The working folder (absolute). */
  readonly cwd: string;
  /** `--config PATH`, relative to cwd: a file, or a folder to look in (without climbing). */
  readonly configPath?: string | undefined;
}

export function discoverConfig(options: DiscoverOptions): DiscoveredConfig {
  if (options.configPath !== undefined) return explicitConfig(path.resolve(options.cwd, options.configPath));
  for (let folder = options.cwd; ; folder = path.dirname(folder)) {
    const found = configInFolder(folder);
    if (found) return found;
    if (path.dirname(folder) === folder) break;
  }
  const procfile = path.join(options.cwd, PROCFILE_NAME);
  if (exists(procfile)) return { path: procfile, source: 'procfile', shadowed: [] };
  const message = `no stackctl.yaml (or another stackctl config) in ${options.cwd} or its parents, and no Procfile`;
  throw new StackctlError('E_CONFIG_NOT_FOUND', message, { hint: configNotFoundHint(options.cwd) });
}

/** The format of a config file, from its name; an unknown extension is read as YAML. */
export function sourceOf(file: string): ConfigSource {
  const base = path.basename(file);
  if (base === PROCFILE_NAME || base.startsWith(`${PROCFILE_NAME}.`)) return 'procfile';
  const extension = path.extname(base).toLowerCase();
  if (extension === '.json') return 'json';
  if (['.ts', '.mts', '.cts'].includes(extension)) return 'ts';
  if (['.js', '.mjs', '.cjs'].includes(extension)) return 'js';
  return 'yaml';
}

/**
 * A file, or a folder to look in. Anything else that exists (a FIFO, a device such as /dev/zero, a
 * socket, a broken link) is returned too: reading it refuses it with a message that says what it is.
 */
function explicitConfig(file: string): DiscoveredConfig {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    const found = configInFolder(file);
    if (found) return found;
    const procfile = path.join(file, PROCFILE_NAME);
    if (exists(procfile)) return { path: procfile, source: 'procfile', shadowed: [] };
    throw new StackctlError('E_CONFIG_NOT_FOUND', `no stackctl config or Procfile in ${file}`, {
      hint: 'run stackctl init there, or pass --config with the path of a config file',
    });
  }
  if (exists(file)) return { path: file, source: sourceOf(file), shadowed: [] };
  throw new StackctlError('E_CONFIG_NOT_FOUND', `config file not found: ${file}`, {
    hint: 'check the --config path (it is relative to the working folder)',
  });
}

/** The first config name present in the folder, whatever it is (a FIFO named stackctl.yaml is refused, not skipped). */
function configInFolder(folder: string): DiscoveredConfig | null {
  const [first, ...shadowed] = CONFIG_FILE_NAMES.map((name) => path.join(folder, name)).filter(exists);
  return first === undefined ? null : { path: first, source: sourceOf(first), shadowed };
}

function exists(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
}
