// createEngine: builds one runner per service and orchestrates start, stop, restart and kill across them.
import type { ResolvedConfig } from '../config/types.js';
import { StackctlError } from '../errors/index.js';
import { createExecChecker } from '../health/exec-check.js';
import type { HealthCheckers } from '../health/health-checker.js';
import { createHttpChecker } from '../health/http-check.js';
import { createTcpChecker } from '../health/tcp-check.js';
import type { ProjectCgroups } from '../system/cgroup/index.js';
import { systemClock, type Clock } from '../system/clock.js';
import { createPlatform } from '../system/create-platform.js';
import type { Platform } from '../system/platform.js';
import { defaultPortInspector, type PortInspector } from '../system/ports/index.js';
import { createProcessTable, fingerprintOf, type ProcessTable } from '../system/process-table/index.js';
import { adoptRecords, type AdoptOutcome } from './adoption.js';
import { SUPERVISOR_DEFAULTS, type SupervisorDefaults } from './defaults.js';
import { DependencyGraph } from './dependency-graph.js';
import type { EngineHandle, StartOptions, TrackOptions } from './engine-handle.js';
import { silentLogger, type EngineLogger } from './engine-logger.js';
import { Listeners } from './listeners.js';
import { OutputListeners } from './output-listeners.js';
import { PortPreflight, type PortConflictMode } from './port-preflight.js';
import { RunLedger } from './run-ledger.js';
import type { RunRecordStore } from './run-record.js';
import { ServiceRunner } from './service-runner.js';
import { startServices } from './start-services.js';
import type { EngineEvent, ServiceStatus } from './types.js';

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
  /**
   * Where live processes are recorded (`.stackctl/run/`, see createRunRecordFileStore): written
   * on every spawn, removed when the process is gone; default: nowhere.
   */
  readonly runRecords?: RunRecordStore;
  /**
   * `pipe` (default): output through pipes that end with this process. `fifo`: through named
   * pipes `<dir>/<service>.stdout|.stderr` (see system/fifo.ts), which outlive this process so a new
   * host can reopen them and lose no line; a process then blocks once 64 KiB wait unread.
   */
  readonly output?: { readonly mode: 'pipe' } | { readonly mode: 'fifo'; readonly dir: string };
  /** Re-adopt the live processes named by `runRecords` right after creation (see EngineHandle.adopt); default false. */
  readonly adopt?: boolean;
  /**
   * The OS process table, read for the fingerprint checked before every signal; default: the one
   * for this OS. Null (the default where there is none, Windows): signals go unchecked and `adopt`
   * cannot verify any record.
   */
  readonly processTable?: ProcessTable | null;
  /**
   * Who listens on the declared ports: checked before each start's spawn (a held port fails the
   * start, or is adopted / replaced, see StartOptions) and after each run's start period (a port
   * never opened gets a warning). Default: the inspector for this OS (Linux: /proc, macOS: lsof);
   * null: no port checks.
   */
  readonly portInspector?: PortInspector | null;
  /**
   * Linux: every spawn gets its own cgroup here (`<base>/stackctl/<project>-<hash>/<service>`, see
   * system/cgroup/): stop then reaches processes that left the service's process group, and ends
   * with cgroup.kill. Default null: none (the hosts pass one where the cgroup tree is writable).
   */
  readonly cgroups?: ProjectCgroups | null;
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
  const output = new OutputListeners((error) => logger.error({ err: error }, 'an output listener threw'));
  events.subscribe((event) => logger.debug({ ...event }, `${event.service}: ${event.type}`));
  const services = options.config.services;
  const graph = new DependencyGraph(services);
  const emit = events.emit.bind(events);
  const emitOutput = output.emit.bind(output);
  const warn = (service: string, message: string): void => {
    logger.warn({ service }, message);
    emit({ type: 'warning', service, time: clock.now(), message });
  };
  const processTable = options.processTable === undefined ? defaultProcessTable() : options.processTable;
  const ledger = new RunLedger({
    store: options.runRecords ?? null,
    processTable,
    fifoDir: options.output?.mode === 'fifo' ? options.output.dir : null,
    warn,
  });
  const inspector = options.portInspector === undefined ? defaultPortInspector() : options.portInspector;
  const cgroups = options.cgroups ?? null;
  const runnerDeps = { platform, clock, checkers, defaults, logger, emit, emitOutput, ledger, processTable, inspector, cgroups };
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
  const preflight = new PortPreflight({
    inspector,
    processTable,
    platform,
    clock,
    defaults,
    logger,
    serviceOf: (pid) => [...runners.values()].find((each) => each.ownsProcess(pid))?.name ?? null,
    onReplaced: warn,
  });

  let adoption: Promise<AdoptOutcome> | null = null;
  let detached = false;
  const adopt = (): Promise<AdoptOutcome> => {
    if (detached) return Promise.reject(detachedError('adopt'));
    adoption ??= Promise.resolve().then(() => adoptRecords({ ledger, platform, runner: (name) => runners.get(name), warn, cgroups }));
    return adoption;
  };
  /** Every other method waits for an adoption under way, so none races it. */
  const adopted = async (): Promise<void> => {
    await adoption?.catch(() => {});
  };
  if (options.adopt === true) {
    adopt().catch((error: unknown) => logger.error({ err: error }, 'adoption failed'));
  }

  /** Dependents in the set stop before the services they depend on; independent ones in parallel. */
  const stop = async (names?: readonly string[]): Promise<void> => {
    await adopted();
    if (detached) return;
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

  const startContext = (asked: ReadonlySet<string>, startOptions: StartOptions) => {
    // The mode applies to the services asked for; the dependencies they pull in always fail on a held port.
    const mode: PortConflictMode = startOptions.portConflict ?? 'fail';
    return {
      graph,
      runner,
      subscribe,
      clock,
      forceColor: startOptions.forceColor === true,
      modeFor: (name: string) => (asked.has(name) ? mode : 'fail'),
      checkPorts: (each: ServiceRunner, eachMode: PortConflictMode) =>
        inspector === null || each.service.ports.length === 0 ? null : preflight.decide(each.service, eachMode),
    };
  };

  const start = async (names?: readonly string[], startOptions: StartOptions = {}) => {
    await adopted();
    if (detached) throw detachedError('start');
    const targets = resolveNames(names);
    return startServices(startContext(new Set(targets), startOptions), targets);
  };

  const startDependencies = async (name: string, startOptions: StartOptions = {}) => {
    await adopted();
    if (detached) throw detachedError('startDependencies');
    runner(name);
    const conditions = graph.dependenciesOf(name);
    if (conditions.size === 0) return { started: [], failed: [] };
    const targets = [...conditions.keys()];
    return startServices(startContext(new Set(targets), startOptions), targets, conditions);
  };

  const track = async (name: string, pid: number, _options: TrackOptions): Promise<ServiceStatus> => {
    await adopted();
    if (detached) throw detachedError('track');
    const each = runner(name);
    // A stop under way (say, of the background run `stackctl run` replaces) finishes first.
    await each.settled();
    if (!each.idle) {
      const { pid: current } = each.status();
      throw new StackctlError('E_ALREADY_RUNNING', `service ${name} is already ${each.state}${current === null ? '' : ` (pid ${current})`}`, {
        hint: `stop it first: stackctl stop ${name}`,
      });
    }
    const info = Number.isSafeInteger(pid) && pid > 1 ? processTable?.info(pid) : undefined;
    if (processTable === null) throw new StackctlError('E_USAGE', 'tracking a process needs a process table, which this OS does not offer');
    if (info === undefined || info === null || info.state === 'Z') throw new StackctlError('E_USAGE', `pid ${pid} is not a running process`);
    const { ticket } = each.prepareStart();
    each.attachProcess(ticket, fingerprintOf(info));
    return each.status();
  };

  return {
    start,
    startDependencies,
    track,
    stop,
    async restart(names, startOptions) {
      const targets = resolveNames(names);
      await adopted();
      if (detached) throw detachedError('restart');
      await stop(targets);
      return start(targets, startOptions);
    },
    async kill() {
      await adopted();
      if (detached) return;
      await Promise.all([...runners.values()].map((each) => each.kill()));
    },
    adopt,
    async detach() {
      await adopted();
      if (detached) return;
      detached = true;
      await Promise.all([...runners.values()].map((each) => each.settled()));
      for (const each of runners.values()) each.detach();
    },
    status: () => [...runners.values()].map((each) => each.status()),
    warn(name, message, detail) {
      runner(name);
      emit({ type: 'warning', service: name, time: clock.now(), message, ...detail });
    },
    onEvent: (listener) => events.subscribe(listener),
    onOutput: (listener) => output.onLine(listener),
    onOutputBatch: (listener) => output.onBatch(listener),
  };
}

/** The OS process table, or null where stackctl has none (Windows). */
function defaultProcessTable(): ProcessTable | null {
  return process.platform === 'win32' ? null : createProcessTable();
}

function detachedError(method: string): StackctlError {
  return new StackctlError('E_INTERNAL', `${method}: this engine was detached from its processes`);
}

function unknownService(name: string, known: readonly string[]): StackctlError {
  return new StackctlError('E_SERVICE_UNKNOWN', `unknown service "${name}"`, {
    hint: known.length === 0 ? 'the configuration defines no services' : `known services: ${known.join(', ')}`,
  });
}
