// createEngine: builds one runner per service and orchestrates start, stop, restart and kill across them.
import type { ResolvedConfig } from '../config/types.js';
import { StackctlError } from '../errors/index.js';
import { createExecChecker } from '../health/exec-check.js';
import type { HealthCheckers } from '../health/health-checker.js';
import { createHttpChecker } from '../health/http-check.js';
import { createTcpChecker } from '../health/tcp-check.js';
import { systemClock, type Clock } from '../system/clock.js';
import { createPlatform } from '../system/create-platform.js';
import type { Platform } from '../system/platform.js';
import { SUPERVISOR_DEFAULTS, type SupervisorDefaults } from './defaults.js';
import { DependencyGraph } from './dependency-graph.js';
import type { EngineHandle } from './engine-handle.js';
import { silentLogger, type EngineLogger } from './engine-logger.js';
import { Listeners } from './listeners.js';
import { ServiceRunner } from './service-runner.js';
import { startServices } from './start-services.js';
import type { EngineEvent, OutputLine } from './types.js';

export interface EngineOptions {
  /** The resolved configuration; its services' order is the order of `status()`. */
  readonly config: ResolvedConfig;
  /** The OS seam; default: POSIX process groups, or taskkill on Windows. */
  readonly platform?: Platform;
  /** The time seam; default: the system clock and timers. */
  readonly clock?: Clock;
  /** Replaces the built-in http / tcp / exec checkers, one by one. */
  readonly healthCheckers?: Partial<HealthCheckers>;
  /** Debug trail (pino-compatible); default: silent. */
  readonly logger?: EngineLogger;
  /** Overrides of the tuning numbers in defaults.ts (tests shorten them). */
  readonly defaults?: Partial<SupervisorDefaults>;
}

/** Throws E_CONFIG_INVALID when dependencies name unknown services or form a cycle. */
export function createEngine(options: EngineOptions): EngineHandle {
  const platform = options.platform ?? createPlatform();
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const defaults: SupervisorDefaults = { ...SUPERVISOR_DEFAULTS, ...options.defaults };
  const checkers: HealthCheckers = {
    http: createHttpChecker(),
    tcp: createTcpChecker(),
    exec: createExecChecker(platform),
    ...options.healthCheckers,
  };
  const events = new Listeners<EngineEvent>((error) => logger.error({ err: error }, 'an event listener threw'));
  const output = new Listeners<OutputLine>((error) => logger.error({ err: error }, 'an output listener threw'));
  events.subscribe((event) => logger.debug({ ...event }, `${event.service}: ${event.type}`));
  const services = options.config.services;
  const graph = new DependencyGraph(services);
  const emit = events.emit.bind(events);
  const emitOutput = output.emit.bind(output);
  const runnerDeps = { platform, clock, checkers, defaults, logger, emit, emitOutput };
  const runners = new Map<string, ServiceRunner>();
  for (const service of Object.values(services)) runners.set(service.name, new ServiceRunner(service, runnerDeps));
  const runner = (name: string): ServiceRunner => {
    const found = runners.get(name);
    if (found === undefined) throw unknownService(name, [...runners.keys()]);
    return found;
  };
  /** Validated, deduplicated names; all services when none are given. */
  const resolveNames = (names: readonly string[] | undefined): string[] => {
    if (names === undefined || names.length === 0) return [...runners.keys()];
    for (const name of names) runner(name);
    return [...new Set(names)];
  };
  const subscribe = events.subscribe.bind(events);

  /** Dependents in the set stop before the services they depend on; independent ones in parallel. */
  const stop = async (names?: readonly string[]): Promise<void> => {
    const wanted = new Set(resolveNames(names));
    const tasks = new Map<string, Promise<void>>();
    const stopOne = (name: string): Promise<void> => {
      let task = tasks.get(name);
      if (task === undefined) {
        const dependents = graph.dependentsOf(name).filter((dependent) => wanted.has(dependent));
        task = Promise.all(dependents.map(stopOne)).then(() => runner(name).stop());
        tasks.set(name, task);
      }
      return task;
    };
    await Promise.all(graph.reverseOrder([...wanted]).map(stopOne));
  };

  const start = async (names?: readonly string[]) => startServices({ graph, runner, subscribe }, resolveNames(names));

  return {
    start,
    stop,
    async restart(names) {
      const targets = resolveNames(names);
      await stop(targets);
      return start(targets);
    },
    async kill() {
      await Promise.all([...runners.values()].map((each) => each.kill()));
    },
    status: () => [...runners.values()].map((each) => each.status()),
    onEvent: (listener) => events.subscribe(listener),
    onOutput: (listener) => output.subscribe(listener),
  };
}

function unknownService(name: string, known: readonly string[]): StackctlError {
  return new StackctlError('E_SERVICE_UNKNOWN', `unknown service "${name}"`, {
    hint: known.length === 0 ? 'the configuration defines no services' : `known services: ${known.join(', ')}`,
  });
}
