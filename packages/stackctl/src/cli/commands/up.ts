// `stackctl up`: hosts the engine in the foreground, prints every service's output, stops all on Ctrl+C.
import path from 'node:path';
import { loadConfig } from '../../config/index.js';
import { createEngine } from '../../supervisor/index.js';
import type { EngineHandle } from '../../supervisor/engine-handle.js';
import type { EngineEvent, ServiceState } from '../../supervisor/types.js';
import { ProjectCgroups } from '../../system/cgroup/index.js';
import { createPlatform } from '../../system/create-platform.js';
import { createPalette, shouldUseColor } from '../../output/colors.js';
import { StackPrinter } from '../../output/stack-printer.js';
import { withChildColors } from '../../output/child-color-env.js';
import { JsonLinePrinter } from '../../output/json-line-printer.js';
import { createFileLogger, logLevelFrom } from '../../logging/logger.js';
import {
  acquireInstanceLock,
  createEngineHost,
  ensureDaemonDirs,
  inspectHost,
  openRunRecordStore,
  trackRestarts,
  type DaemonPaths,
  type RestartTracker,
} from '../../daemon/index.js';
import { StackctlError } from '../../errors/index.js';
import { createProcessTable, type ProcessTable } from '../../system/process-table/index.js';
import type { ResolvedConfig } from '../../config/types.js';
import { DependencyGraph } from '../../supervisor/dependency-graph.js';
import { assertServicesKnown } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';
import { closeRecordedTerminals, describeClose, openServiceTerminals, prepareTerminals, type TerminalFlags, type TerminalSession } from '../separate-terminals.js';
import { BROKEN_PIPE_EXIT_CODE, onBrokenPipe } from '../broken-pipe.js';
import { waitForShutdownSignals } from '../shutdown-signals.js';

export interface UpOptions {
  readonly globals: GlobalOptions;
  readonly services: readonly string[];
  readonly timestamps: boolean;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** `--separate-terminals`: each service's output in a tab of its own; this terminal shows the events only. */
  readonly terminals?: TerminalFlags;
  /** `--use-ide-terminal <service>`: that service runs in this terminal, the rest in the background (see run.ts). */
  readonly useIdeTerminal?: string;
  /** Whether stdout is a terminal (for `--use-ide-terminal`'s progress display). */
  readonly isTTY?: boolean;
}

const LIVE_STATES: ReadonlySet<ServiceState> = new Set(['starting', 'running', 'backoff', 'stopping']);

export async function runUp(options: UpOptions): Promise<number> {
  const { globals } = options;
  if (options.useIdeTerminal !== undefined) {
    const { runRun } = await import('./run.js');
    const { stdout, stderr, isTTY = false } = options;
    return runRun({ globals, stdout, stderr, isTTY, service: options.useIdeTerminal, rest: options.services });
  }
  // Before anything starts: an unknown --terminal is a usage error.
  const terminals = prepareTerminals(options.terminals ?? { separateTerminals: false });
  const { config, warnings } = await loadConfig({
    cwd: process.cwd(),
    configPath: globals.config,
    parentEnv: process.env,
  });
  const paths = ensureDaemonDirs(config.root);
  const processTable = processTableOrNull();
  // The same lock as the daemon's: one host per project, so the socket and the services have one owner.
  const lock = await acquireInstanceLock({
    projectRoot: config.root,
    lockFile: path.join(paths.stateDir, 'daemon.lock'),
    processTable: processTable ?? undefined,
  });
  if (lock === null) throw await alreadyHosted(config, paths, processTable);
  // From here on a closed stdout or stderr does not end the process at once: the services are stopped first.
  const output: OutputWatch = { closed: false, onClose: () => {} };
  const restoreDefault = onBrokenPipe(() => {
    output.closed = true;
    output.onClose();
  });
  try {
    const code = await hostInForeground(options, config, warnings, paths, processTable, terminals, output);
    return output.closed ? BROKEN_PIPE_EXIT_CODE : code;
  } finally {
    await lock.release();
    restoreDefault();
  }
}

/** Whether `up`'s output is gone (the reader of its pipe ended), and what to do when it goes. */
interface OutputWatch {
  closed: boolean;
  onClose: () => void;
}

async function hostInForeground(
  options: UpOptions,
  config: ResolvedConfig,
  warnings: Awaited<ReturnType<typeof loadConfig>>['warnings'],
  paths: DaemonPaths,
  processTable: ProcessTable | null,
  terminals: TerminalSession | null,
  output: OutputWatch,
): Promise<number> {
  const { globals } = options;
  const names = Object.keys(config.services);
  if (terminals !== null) assertServicesKnown(config, options.services);
  const colour =
    !globals.json &&
    shouldUseColor({ noColorFlag: !globals.color, env: process.env, isTTY: process.stdout.isTTY === true });
  // Tabs are terminals: the services print their colours into the log files the tabs follow.
  const tabs = terminals?.choice.kind === 'chosen';
  const printer = globals.json
    ? new JsonLinePrinter(options.stdout)
    : new StackPrinter({ services: names, palette: createPalette(colour), timestamps: options.timestamps, write: options.stdout });
  const logger = createFileLogger({
    file: paths.toolLog,
    level: logLevelFrom(process.env, globals.debug),
    echo: globals.debug ? (level, message) => printer.note(`[${level}] ${message}`) : undefined,
  });
  for (const warning of warnings) printer.note(`config warning: ${warning.formatted}`, 'warn');

  // Run records as the daemon writes them: `stop` and `status` find the processes even if this `up` is killed.
  const engine = createEngine({
    config: colour || tabs ? withChildColors(config) : config,
    platform: createPlatform(),
    logger,
    runRecords: openRunRecordStore(paths.runDir, logger),
    cgroups: ProjectCgroups.locate(config.project, config.root),
  });
  // A restart asked through the socket stops, then starts again: `up` hosts the new processes, it does not end.
  const restarts = trackRestarts(engine);
  // Log files, metrics and the API socket, as the daemon has them: other terminals can `status`, `logs -f`, `restart`.
  const host = createEngineHost({ config, engine: restarts.engine, paths, logger, processTable });
  // With a tab per service, this terminal shows the events only.
  let opened = false;
  engine.onOutput((line) => {
    if (!opened) printer.line(line);
  });
  engine.onEvent((event) => {
    printer.event(event);
    logger.info({ event }, `${event.service} ${event.type}`);
  });
  logger.info({ project: config.project, services: names, configPath: config.configPath }, 'up: starting');
  try {
    await host.serve();
  } catch (error) {
    // The stack still runs; only other terminals cannot reach it.
    const reason = error instanceof Error ? error.message : String(error);
    printer.note(`other terminals cannot reach this stack: ${reason}`, 'warn');
    logger.warn({ err: error }, 'up: not serving the API socket');
  }

  if (terminals !== null) opened = openTabs(terminals, config, options.services, printer);
  try {
    return await superviseUntilDone(engine, restarts, options.services, printer, output, config);
  } finally {
    if (opened) for (const line of describeClose(closeRecordedTerminals(config.root) ?? emptyClose)) printer.note(line);
    printer.flush();
    await host.close();
    logger.info({}, 'up: finished');
    logger.flush();
  }
}

const emptyClose = { closed: [], alreadyGone: [], failed: [], remaining: undefined };

/** A tab per service of this `up` (the requested ones and their dependencies, all when none), before they start. */
function openTabs(terminals: TerminalSession, config: ResolvedConfig, requested: readonly string[], printer: Notes): boolean {
  const graph = new DependencyGraph(config.services);
  const services = requested.length === 0 ? [...graph.order] : graph.closure(requested);
  const outcome = openServiceTerminals(terminals, config, services);
  for (const line of outcome.lines) printer.note(line, outcome.warning ? 'warn' : 'plain');
  return outcome.opened;
}

function processTableOrNull(): ProcessTable | null {
  try {
    return createProcessTable();
  } catch {
    return null; // no process table on this OS: no cpu/memory figures
  }
}

async function alreadyHosted(config: ResolvedConfig, paths: DaemonPaths, table: ProcessTable | null): Promise<StackctlError> {
  const host = table === null ? null : await inspectHost(paths, table);
  const who =
    host?.kind === 'up'
      ? `\`stackctl up\` in another terminal (pid ${host.pid})`
      : host?.kind === 'daemon' || host?.kind === 'unresponsive'
        ? `the background daemon (pid ${host.pid})`
        : 'another stackctl';
  return new StackctlError('E_ALREADY_RUNNING', `project "${config.project}" is already run by ${who}`, {
    hint:
      host?.kind === 'up'
        ? 'use that terminal, or `stackctl status` / `stackctl logs -f` from here'
        : 'watch it with `stackctl status` and `stackctl logs -f`, or `stackctl stop` it first to run it here with `stackctl up`',
  });
}

interface Notes {
  note(text: string, style?: 'plain' | 'warn' | 'error'): void;
}

interface Printer extends Notes {
  killedBy(what: string): void;
}

/**
 * Starts the stack, then waits for Ctrl+C / SIGTERM or until no service runs any more: each ended
 * on its own or was stopped. A service between the stop and the start of a restart still counts.
 * The summary says what is true now, and again when it changes (a failed service that comes up);
 * the exit code after Ctrl+C is 1 only if a service is failed at that moment.
 */
async function superviseUntilDone(
  engine: EngineHandle,
  restarts: RestartTracker,
  requested: readonly string[],
  printer: Printer,
  output: OutputWatch,
  config: ResolvedConfig,
): Promise<number> {
  const failing = new FailingServices(config);
  let summarised = false;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const signals = waitForShutdownSignals({
    onGraceful: async (signal) => {
      const why = signal === 'SIGINT' ? 'Ctrl+C' : signal === 'SIGPIPE' ? 'output closed' : signal;
      printer.note(`${why}: stopping all services (press Ctrl+C again to kill them at once)`);
      const failedBefore = failing.size > 0;
      await engine.stop();
      printer.note('all services stopped');
      finish(failedBefore ? 1 : 0);
    },
    onForced: async (signal) => {
      const why = signal === 'SIGINT' ? 'the second Ctrl+C' : `a second ${signal}`;
      printer.killedBy(why);
      printer.note(`${why}: killing all services now`, 'warn');
      await engine.kill();
      finish(130);
    },
  });

  // Nobody reads the output any more (`stackctl up | head`): stop as on Ctrl+C, so the pipeline ends.
  output.onClose = () => signals.trigger('SIGPIPE');
  if (output.closed) output.onClose();

  const checkAllEnded = (): void => {
    if (signals.triggered() || restarts.busy()) return;
    const statuses = engine.status();
    if (statuses.some((service) => LIVE_STATES.has(service.state))) return;
    const cleanly = statuses.every((service) => service.state !== 'failed' && (service.lastExit?.code ?? 0) === 0);
    if (summarised) printer.note('no service is running any more', cleanly ? 'plain' : 'warn');
    finish(failing.size > 0 || !cleanly ? 1 : 0);
  };

  try {
    const outcome = await engine.start(requested);
    for (const failure of outcome.failed) printer.note(`${failure.name} failed to start: ${failure.reason}`, 'error');
    failing.begin(outcome.started, outcome.failed.map((failure) => failure.name));
    // A service that fails, or comes up after all, changes the summary: said again, as it is now.
    const watchSummary = engine.onEvent((event) => {
      if (!summarised || signals.triggered() || !failing.apply(event)) return;
      const live = engine.status().some((service) => LIVE_STATES.has(service.state));
      if (live) printer.note(failing.summary(), failing.size > 0 ? 'warn' : 'plain');
    });
    if (!signals.triggered()) {
      const live = engine.status().some((service) => LIVE_STATES.has(service.state));
      const failed = failing.size;
      if (live || restarts.busy()) printer.note(`${failing.summary()}; press Ctrl+C to stop`, failed > 0 ? 'warn' : 'plain');
      else if (failed > 0) printer.note(`${failed} service(s) failed to start and none is running: nothing to supervise, exiting`, 'error');
      // Every service ended cleanly already (one-off jobs): checkAllEnded says so.
      summarised = live || restarts.busy() || failed === 0;
    }
    const unsubscribe = [
      watchSummary,
      engine.onEvent((event) => {
        if (event.type === 'state') checkAllEnded();
      }),
      restarts.onSettled(checkAllEnded),
    ];
    checkAllEnded();
    const code = await finished;
    for (const each of unsubscribe) each();
    return code;
  } catch (error) {
    await engine.stop().catch(() => {});
    throw error;
  } finally {
    output.onClose = () => {};
    signals.dispose();
  }
}

/**
 * Which services of `up`'s start are failed right now: those the start reported, until they come
 * up after all (healthy; or running, without a health check), and any that fails later.
 */
class FailingServices {
  readonly #failed = new Set<string>();
  #total = 0;

  constructor(private readonly config: ResolvedConfig) {}

  get size(): number {
    return this.#failed.size;
  }

  begin(started: readonly string[], failed: readonly string[]): void {
    this.#total = started.length + failed.length;
    for (const name of failed) this.#failed.add(name);
  }

  /** Takes the event into account; true when the set changed. */
  apply(event: EngineEvent): boolean {
    const { service } = event;
    const checked = (this.config.services[service]?.health ?? null) !== null;
    const up = (event.type === 'health' && event.to === 'healthy') || (event.type === 'state' && event.to === 'running' && !checked);
    if (up && this.#failed.delete(service)) return true;
    if (event.type === 'state' && event.to === 'failed' && !this.#failed.has(service)) {
      this.#failed.add(service);
      return true;
    }
    return false;
  }

  /** `all 3 service(s) up`, `2 service(s) up, 1 failed (api)`. */
  summary(): string {
    const failed = this.#failed.size;
    if (failed === 0) return `all ${this.#total} service(s) up`;
    return `${this.#total - failed} service(s) up, ${failed} failed (${[...this.#failed].join(', ')})`;
  }
}
