// Pure mapping from engine status snapshots to the `status --json` entries the README documents (and `GET /api/services`).
import type { ExternalProcess, LogLossInfo, ServiceStatus, ServiceStatusCore } from '../supervisor/types.js';

/** What a metrics source knows of one process right now; either figure may be unknown. */
export interface ProcessMetrics {
  readonly cpuPercent: number | null;
  readonly memoryBytes: number | null;
}

/** Looks up the latest sample for a pid (synchronous: the monitor samples, this only reads). */
export type MetricsLookup = (pid: number) => ProcessMetrics | null | undefined;

/**
 * Lines of a service's output its log file did not take since the host started (disk full,
 * read-only folder…): `ongoing` while writes still fail; once they work again, a marker line in
 * the log records each gap. Times are epoch ms.
 */
export interface LogLossJson extends LogLossInfo {
  readonly ongoing: boolean;
}

/** The host's count of a service's lost log lines; null when none was lost. */
export type LogLossLookup = (service: string) => LogLossJson | null;

/** The process holding a service's port that stackctl did not start (`origin: "external"`). */
export interface ExternalProcessJson {
  readonly pid: number;
  readonly command: string;
  readonly cwd: string | null;
  /** Epoch ms; null when unknown. */
  readonly started_at: number | null;
  /** The declared port it holds. */
  readonly port: number;
  /** Added field, present only when it is a service of a stackctl project (maybe another one): which, and its config. */
  readonly stackctl?: StackctlOwnerJson | null;
}

/** A port holder that is a service of a stackctl project: which, and the config to stop it with (null when not found). */
export interface StackctlOwnerJson {
  readonly project: string;
  readonly service: string;
  readonly config: string | null;
}

/** One entry of `services` in the README's `status --json`: every field always present, null where unknown. */
export interface ServiceStatusJson extends ServiceStatusCore {
  readonly uptime_ms: number | null;
  readonly cpu_percent: number | null;
  readonly memory_bytes: number | null;
  /** Added field: with origin `external`, the process holding the port; null otherwise. */
  readonly external: ExternalProcessJson | null;
  /** Added field: the service runs in a user's terminal (`stackctl run`), origin `managed`. */
  readonly attached: boolean;
  /** Added field: lines its log file did not take; null when none (or no host runs). */
  readonly log_loss: LogLossJson | null;
}

export interface StatusJson {
  readonly project: string;
  readonly services: readonly ServiceStatusJson[];
}

export function toServiceJson(status: ServiceStatus, now: number, metrics?: MetricsLookup, logLoss?: LogLossLookup): ServiceStatusJson {
  const sample = status.pid === null ? undefined : (metrics?.(status.pid) ?? undefined);
  return {
    name: status.name,
    state: status.state,
    health: status.health,
    origin: status.origin,
    pid: status.pid,
    ports: [...status.ports],
    restarts: status.restarts,
    uptime_ms: status.state === 'running' && status.startedAt !== null ? Math.max(0, now - status.startedAt) : null,
    cpu_percent: sample?.cpuPercent ?? null,
    memory_bytes: sample?.memoryBytes ?? null,
    external: status.external === null ? null : toExternalJson(status.external),
    attached: status.attached,
    log_loss: toLogLossJson(logLoss?.(status.name) ?? null),
  };
}

function toLogLossJson(loss: LogLossJson | null): LogLossJson | null {
  if (loss === null) return null;
  const { lines, stdout, stderr, since, until, code, reason, ongoing } = loss;
  return { lines, stdout, stderr, since, until, code, reason, ongoing };
}

export function toExternalJson(external: ExternalProcess): ExternalProcessJson {
  const owner = external.stackctl;
  return {
    pid: external.pid,
    command: external.command,
    cwd: external.cwd,
    started_at: external.startedAt,
    port: external.port,
    ...(owner === undefined ? {} : { stackctl: { project: owner.project, service: owner.service, config: owner.configPath } }),
  };
}

/** The `services` array, in the engine's (config) order. */
export function toStatusJson(statuses: readonly ServiceStatus[], now: number, metrics?: MetricsLookup, logLoss?: LogLossLookup): ServiceStatusJson[] {
  return statuses.map((status) => toServiceJson(status, now, metrics, logLoss));
}
