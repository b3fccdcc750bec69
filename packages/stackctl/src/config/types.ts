// The resolved, read-only configuration the engine runs from: paths absolute, durations in ms, env merged.

export type DependencyCondition = 'started' | 'healthy' | 'completed';
export type RestartPolicy = 'no' | 'on-failure' | 'always';

export type HealthCheckSpec =
  | {
      readonly kind: 'http';
      readonly url: string;
      /** Statuses that count as healthy; empty means any 2xx or 3xx. */
      readonly expectStatus: readonly number[];
    }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'exec'; readonly command: string | readonly string[] };

export interface ResolvedHealth {
  readonly check: HealthCheckSpec;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Consecutive failures (after the start period) before the service is unhealthy. */
  readonly retries: number;
  /** Failures during this period after a start do not count. */
  readonly startPeriodMs: number;
}

/** Size-based rotation of `.stackctl/logs/<service>.log`. */
export interface ResolvedLogs {
  /** Rotate before the current file would grow past this many bytes. */
  readonly maxBytes: number;
  /** Files kept in total, the current one included. */
  readonly maxFiles: number;
}

export interface ResolvedService {
  readonly name: string;
  /** A shell string (run through the shell) or an argv list (run directly). */
  readonly command: string | readonly string[];
  /** Absolute working directory. */
  readonly cwd: string;
  /** The complete environment the process gets: parent env, then env files, then `env`, then STACKCTL_* and PORT. */
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
  readonly health: ResolvedHealth | null;
  /** Dependency name → the condition it must reach before this service starts. */
  readonly dependsOn: Readonly<Record<string, DependencyCondition>>;
  readonly restart: RestartPolicy;
  readonly maxRestarts: number;
  readonly restartWindowMs: number;
  readonly stopSignal: NodeJS.Signals;
  readonly stopTimeoutMs: number;
  readonly logs: ResolvedLogs;
}

export type ConfigSource = 'yaml' | 'json' | 'ts' | 'js' | 'procfile';

export interface ResolvedConfig {
  /** Project name: `name:` or the config folder's name. */
  readonly project: string;
  /** The folder that holds the config (and `.stackctl/`). */
  readonly root: string;
  /** The config file, or the Procfile. */
  readonly configPath: string;
  readonly source: ConfigSource;
  /** Services in declaration order. */
  readonly services: Readonly<Record<string, ResolvedService>>;
}
