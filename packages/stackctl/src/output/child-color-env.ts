// When stackctl prints to a colour terminal, services print through a pipe: FORCE_COLOR keeps their own colours on.
import { withForcedColor } from '../config/service-env.js';
import type { ResolvedConfig, ResolvedService } from '../config/types.js';

/** A copy of the config whose services get FORCE_COLOR=1, unless their env already says FORCE_COLOR or NO_COLOR. */
export function withChildColors(config: ResolvedConfig): ResolvedConfig {
  const services: Record<string, ResolvedService> = {};
  for (const [name, service] of Object.entries(config.services)) services[name] = { ...service, env: withForcedColor(service.env) };
  return { ...config, services };
}
