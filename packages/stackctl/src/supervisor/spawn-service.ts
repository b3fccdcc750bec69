// Spawns a service's process (its command, cwd and env, FORCE_COLOR=1 when asked); a spawn that fails becomes the reason the service failed.
import { withForcedColor } from '../config/service-env.js';
import type { ResolvedService } from '../config/types.js';
import { isStackctlError } from '../errors/index.js';
import { errorDetail } from '../health/health-checker.js';
import type { ChildHandle, OutputPaths, Platform } from '../system/platform.js';

export type SpawnResult =
  | { readonly ok: true; readonly child: ChildHandle }
  /** `reason`: `CODE: message`, E_SPAWN_FAILED for an error without a code. */
  | { readonly ok: false; readonly reason: string; readonly error: unknown };

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
    return { ok: false, reason, error };
  }
}
