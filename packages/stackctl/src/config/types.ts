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
  /** How long a start and the dependents waiting on `healthy` wait for it, from its first run. */
  readonly startTimeoutMs: number;
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
  /** A run without a health check counts as up once it has run this long. */
  readonly minUptimeMs: number;
  /** After a run this long the restart backoff starts over. */
  readonly backoffResetMs: number;
  readonly stopSignal: NodeJS.Signals;
  readonly stopTimeoutMs: number;
  readonly logs: ResolvedLogs;
  /**
   * `stackctl setup` for this service: commands run in its cwd, `false` for nothing,
   * undefined to detect (package manager by lockfile, Python virtualenv).
   */
  readonly setup?: readonly (string | readonly string[])[] | false;
}

export type MigrationTool = 'builtin' | 'alembic' | 'prisma' | 'knex' | 'drizzle' | 'sequelize' | 'django';

/** The project's database (`database:`), for `stackctl db` and the migrations `setup` runs. */
export interface ResolvedDatabase {
  /** As written: `sqlite:…` or `postgres://…`, possibly with `${VAR}` references still to expand (see envFile). */
  readonly url: string | null;
  /** Absolute folder of the built-in runner's SQL migrations. */
  readonly migrationsDir: string;
  readonly tool: MigrationTool;
  /** Absolute folder the migration tool runs in. */
  readonly cwd: string;
  /** Run after a reset: a `.sql` file (absolute path) or a shell command. */
  readonly seed: { readonly kind: 'sql'; readonly file: string } | { readonly kind: 'command'; readonly command: string } | null;
  /** Absolute path of the dotenv file that fills `${VAR}` in url (may not exist yet). */
  readonly envFile: string;
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
  /** `database:`, when the config has one. */
  readonly database?: ResolvedDatabase;
}
