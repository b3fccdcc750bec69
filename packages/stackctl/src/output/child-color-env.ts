// When stackctl prints to a colour terminal, services print through a pipe: FORCE_COLOR keeps their own colours on.
import type { ResolvedConfig, ResolvedService } from '../config/types.js';

/** A copy of the config whose services get FORCE_COLOR=1, unless their env already says FORCE_COLOR or NO_COLOR. */
export function withChildColors(config: ResolvedConfig): ResolvedConfig {
  const services: Record<string, ResolvedService> = {};
  for (const [name, service] of Object.entries(config.services)) {
    const decided = service.env.FORCE_COLOR !== undefined || service.env.NO_COLOR !== undefined;
    services[name] = decided ? service : { ...service, env: { ...service.env, FORCE_COLOR: '1' } };
  }
  return { ...config, services };
}
