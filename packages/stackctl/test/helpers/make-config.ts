// Builds ResolvedConfig / ResolvedService values for tests, with sane defaults and no config loader.
import os from 'node:os';
import type { ResolvedConfig, ResolvedHealth, ResolvedService } from '../../src/config/types.js';

type ServiceInput = Partial<Omit<ResolvedService, 'health'>> & {
  readonly name: string;
  readonly health?: (Partial<ResolvedHealth> & Pick<ResolvedHealth, 'check'>) | null;
};

export function makeService(input: ServiceInput): ResolvedService {
  const { health, ...rest } = input;
  return {
    command: 'true',
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', STACKCTL: '1', STACKCTL_SERVICE: input.name },
    ports: [],
    dependsOn: {},
    restart: 'no',
    maxRestarts: 5,
    restartWindowMs: 60_000,
    minUptimeMs: 0,
    backoffResetMs: 60_000,
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 5_000,
    logs: { maxBytes: 10 * 1024 * 1024, maxFiles: 5 },
    ...rest,
    health:
      health === undefined || health === null
        ? null
        : { intervalMs: 100, timeoutMs: 1_000, retries: 3, startPeriodMs: 0, startTimeoutMs: 120_000, ...health },
  };
}

export function makeConfig(...services: readonly ResolvedService[]): ResolvedConfig {
  return {
    project: 'test',
    root: os.tmpdir(),
    configPath: `${os.tmpdir()}/stackctl.yaml`,
    source: 'yaml',
    services: Object.fromEntries(services.map((service) => [service.name, service])),
  };
}

/** What the config loader fills in for a service that sets nothing but its command (the defaults the README documents; cwd, env and logs aside). */
export const DOCUMENTED_SERVICE_DEFAULTS = {
  ports: [],
  health: null,
  dependsOn: {},
  restart: 'on-failure',
  maxRestarts: 5,
  restartWindowMs: 60_000,
  minUptimeMs: 1_000,
  backoffResetMs: 10_000,
  stopSignal: 'SIGTERM',
  stopTimeoutMs: 10_000,
} as const satisfies Partial<ResolvedService>;

/** A service as a config that sets only `input` resolves: the documented defaults, no env of its own, the temp folder as cwd. */
export function configuredService(input: Partial<ResolvedService> & Pick<ResolvedService, 'name' | 'command'>): ResolvedService {
  return { cwd: os.tmpdir(), env: {}, logs: { maxBytes: 10 * 1024 * 1024, maxFiles: 5 }, ...DOCUMENTED_SERVICE_DEFAULTS, ...input };
}
