// Turns the parsed config into the engine's ResolvedConfig: absolute paths, merged env, normalised checks, deeply frozen.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from './defaults.js';
import type { ProblemDraft } from './problem.js';
import type { ParsedConfig, ParsedDatabase, ParsedHealth, ParsedService } from './schema.js';
import { projectBins } from './project-bins.js';
import { buildServiceEnv } from './service-env.js';
import { isWrapperCommand } from './wrapper-command.js';
import type { ConfigSource, HealthCheckSpec, ResolvedConfig, ResolvedDatabase, ResolvedHealth, ResolvedService } from './types.js';

export interface ResolveContext {
  /** Absolute path of the config file; its folder is the project root. */
  readonly configPath: string;
  readonly source: ConfigSource;
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
  /** Read a missing env_file as empty (the rules already warned): for `setup`, `db` and `doctor`, which run before it exists. */
  readonly tolerateMissingEnvFiles?: boolean;
}

export interface ResolveResult {
  readonly config: ResolvedConfig;
  /** Env files that could not be read (missing ones are caught earlier by the rules). */
  readonly problems: readonly ProblemDraft[];
}

export function resolveConfig(parsed: ParsedConfig, context: ResolveContext): ResolveResult {
  const root = path.dirname(context.configPath);
  const project = parsed.name ?? path.basename(root);
  const problems: ProblemDraft[] = [];
  const services: Record<string, ResolvedService> = {};
  for (const [name, service] of Object.entries(parsed.services)) {
    const envFiles = readEnvFiles(root, name, service.env_file ?? [], problems, context.tolerateMissingEnvFiles === true);
    services[name] = resolveService(name, service, { root, project, envFiles, parentEnv: context.parentEnv });
  }
  const config: ResolvedConfig = {
    project,
    root,
    configPath: context.configPath,
    source: context.source,
    services,
    ...(parsed.database === undefined ? {} : { database: resolveDatabase(parsed.database, root) }),
  };
  return { config: deepFreeze(config), problems };
}

interface ServiceContext {
  readonly root: string;
  readonly project: string;
  readonly envFiles: readonly string[];
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
}

function resolveService(name: string, service: ParsedService, context: ServiceContext): ResolvedService {
  const ports = service.port !== undefined ? [service.port] : (service.ports ?? []);
  const cwd = path.resolve(context.root, service.cwd ?? DEFAULTS.cwd);
  return {
    name,
    command: service.command,
    cwd,
    env: buildServiceEnv({
      parentEnv: context.parentEnv,
      envFiles: context.envFiles,
      env: service.env ?? {},
      service: name,
      project: context.project,
      ports,
      bins: projectBins(cwd, context.root),
      wrapper: isWrapperCommand(service.command, cwd),
    }),
    ports,
    health: service.health ? resolveHealth(service.health) : null,
    dependsOn: service.depends_on ?? {},
    restart: service.restart,
    maxRestarts: service.max_restarts,
    restartWindowMs: service.restart_window,
    minUptimeMs: service.min_uptime,
    backoffResetMs: service.backoff_reset,
    stopSignal: service.stop_signal,
    stopTimeoutMs: service.stop_timeout,
    logs: { maxBytes: service.logs.max_size, maxFiles: service.logs.max_files },
    ...(service.setup === undefined ? {} : { setup: service.setup }),
  };
}

function resolveDatabase(database: ParsedDatabase, root: string): ResolvedDatabase {
  const seed = database.seed;
  return {
    url: database.url ?? null,
    migrationsDir: path.resolve(root, database.migrations_dir),
    tool: database.tool ?? 'builtin',
    cwd: path.resolve(root, database.cwd ?? DEFAULTS.cwd),
    seed: seed === undefined ? null : seed.endsWith('.sql') ? { kind: 'sql', file: path.resolve(root, seed) } : { kind: 'command', command: seed },
    envFile: path.resolve(root, database.env_file),
  };
}

function resolveHealth(health: ParsedHealth): ResolvedHealth | null {
  let check: HealthCheckSpec;
  if (health.http !== undefined) check = { kind: 'http', url: health.http, expectStatus: health.expect_status ?? [] };
  else if (health.tcp !== undefined) check = { kind: 'tcp', host: health.tcp.host, port: health.tcp.port };
  else if (health.exec !== undefined) check = { kind: 'exec', command: health.exec };
  else return null;
  return {
    check,
    intervalMs: health.interval,
    timeoutMs: health.timeout,
    retries: health.retries,
    startPeriodMs: health.start_period,
    startTimeoutMs: health.start_timeout,
  };
}

/** Env files are relative to the config file's folder, like cwd. */
function readEnvFiles(root: string, service: string, files: readonly string[], problems: ProblemDraft[], tolerateMissing: boolean): string[] {
  return files.map((file, index) => {
    const absolute = path.resolve(root, file);
    try {
      return fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      if (tolerateMissing && (error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      const keyPath = files.length > 1 ? ['services', service, 'env_file', index] : ['services', service, 'env_file'];
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problems.push({ path: keyPath, message: `cannot read ${absolute} (${reason})` });
      return '';
    }
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
