// The CLI hands the config it already resolved to the daemon it spawns, on the daemon's stdin, as JSON.
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { ResolvedConfig } from '../config/types.js';
import { StackctlError } from '../errors/index.js';

/*
 * Why: the config pipeline (YAML, zod, jiti, dotenv) is most of the daemon's memory (~20 MB of its
 * resident size) and is needed once. The CLI that starts the daemon has just run it, so the daemon
 * takes the result instead of loading those modules at all. The config travels through a pipe, not
 * a file or argv: it holds every service's environment, secrets included. It is the same data the
 * daemon would resolve itself (same files, same parent environment: the daemon inherits the CLI's).
 */

/** The `__daemon` flag that says "the resolved config comes on stdin". */
export const CONFIG_STDIN_FLAG = '--config-stdin';

/** Writes the config and closes the pipe; a daemon that lost the lock race exits unread, so EPIPE is expected. */
export function writeConfigHandoff(stream: Writable, config: ResolvedConfig): void {
  stream.on('error', () => {});
  stream.end(JSON.stringify(config));
}

/** Reads the config from stdin (fd 0) to its end; throws E_INTERNAL when it is missing or malformed. */
export function readConfigHandoff(fd = 0): ResolvedConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(fd, 'utf8'));
  } catch (error) {
    throw new StackctlError('E_INTERNAL', `the daemon could not read its config from stdin: ${(error as Error).message}`, { cause: error });
  }
  if (!isResolvedConfig(value)) throw new StackctlError('E_INTERNAL', 'the daemon got something that is not a resolved config on stdin');
  return value;
}

function isResolvedConfig(value: unknown): value is ResolvedConfig {
  if (typeof value !== 'object' || value === null) return false;
  const config = value as Record<string, unknown>;
  return (
    typeof config.project === 'string' &&
    typeof config.root === 'string' &&
    typeof config.configPath === 'string' &&
    typeof config.services === 'object' &&
    config.services !== null
  );
}
