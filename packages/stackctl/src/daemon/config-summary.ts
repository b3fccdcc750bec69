// What `GET /api/config` shows of the resolved config: everything but secrets, which are masked.
import type { ResolvedConfig, ResolvedService } from '../config/types.js';

export const MASK = '***';

/** Environment variable names whose values are secrets (or may embed one, like a database URL). */
const SECRET_NAME = /(secret|token|passw(or)?d|pwd|private|credential|auth|api[_-]?key|access[_-]?key|_key$|^key$|cookie|session|dsn|database_url|_url$)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function configSummary(config: ResolvedConfig): unknown {
  return {
    project: config.project,
    root: config.root,
    config_path: config.configPath,
    source: config.source,
    services: Object.fromEntries(Object.values(config.services).map((service) => [service.name, serviceSummary(service)])),
  };
}

function serviceSummary(service: ResolvedService): unknown {
  return {
    command: service.command,
    cwd: service.cwd,
    ports: service.ports,
    env: Object.fromEntries(Object.entries(service.env).map(([name, value]) => [name, isSecretName(name) ? MASK : value])),
    health: service.health,
    depends_on: service.dependsOn,
    restart: service.restart,
    max_restarts: service.maxRestarts,
    restart_window_ms: service.restartWindowMs,
    min_uptime_ms: service.minUptimeMs,
    backoff_reset_ms: service.backoffResetMs,
    stop_signal: service.stopSignal,
    stop_timeout_ms: service.stopTimeoutMs,
    logs: { max_bytes: service.logs.maxBytes, max_files: service.logs.maxFiles },
  };
}
