// Spawns a service's process (its command, cwd and env, FORCE_COLOR=1 when asked); a spawn that fails becomes the reason the service failed (naming a program that does not exist).
import fs from 'node:fs';
import path from 'node:path';
import { withForcedColor } from '../config/service-env.js';
import type { ResolvedService } from '../config/types.js';
import { isStackctlError } from '../errors/index.js';
import { errorDetail } from '../health/health-checker.js';
import type { ChildHandle, OutputPaths, Platform } from '../system/platform.js';
import { commandProgram } from './command-not-found.js';

export type SpawnResult =
  | { readonly ok: true; readonly child: ChildHandle }
  /** `reason`: `CODE: message`, E_SPAWN_FAILED for an error without a code. */
  | {
      readonly ok: false;
      readonly reason: string;
      readonly error: unknown;
      /** The program that does not exist (a command the OS could not find), when that is why. */
      readonly notFound?: string;
    };

export interface SpawnServiceOptions {
  /** The FIFOs to write to; null: anonymous pipes. */
  readonly output: OutputPaths | null;
  readonly forceColor: boolean;
  /** The cgroup folder to start it in (see SpawnSpec.cgroup); null: none. */
  readonly cgroup?: string | null;
}

export function spawnService(platform: Platform, service: ResolvedService, options: SpawnServiceOptions): SpawnResult {
  const { output } = options;
  try {
    const env = options.forceColor ? withForcedColor(service.env) : service.env;
    const spec = {
      command: service.command,
      cwd: service.cwd,
      env,
      ...(output === null ? {} : { output }),
      ...(options.cgroup == null ? {} : { cgroup: options.cgroup }),
    };
    return { ok: true, child: platform.spawn(spec) };
  } catch (error) {
    const reason = isStackctlError(error) ? `${error.code}: ${error.message}` : `E_SPAWN_FAILED: ${errorDetail(error)}`;
    const program = commandProgram(service.command);
    const missing = typeof service.command !== 'string' && program !== null && !programExists(program, service.cwd, service.env.PATH ?? '');
    return { ok: false, reason, error, ...(missing ? { notFound: program } : {}) };
  }
}

/** Whether `program` names an executable: a path (from `cwd`), or a name found on `PATH`. */
function programExists(program: string, cwd: string, pathList: string): boolean {
  const candidates = program.includes('/') ? [path.resolve(cwd, program)] : pathList.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, program));
  return candidates.some((candidate) => {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return fs.statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
