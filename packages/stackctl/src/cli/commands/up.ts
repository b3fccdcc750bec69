// `stackctl up`: hosts the engine in the foreground, prints every service's output, stops all on Ctrl+C.
import { loadConfig } from '../../config/index.js';
import { createEngine } from '../../supervisor/index.js';
import type { EngineHandle } from '../../supervisor/engine-handle.js';
import type { ServiceState } from '../../supervisor/types.js';
import { createPlatform } from '../../system/create-platform.js';
import { createPalette, shouldUseColor } from '../../output/colors.js';
import { StackPrinter } from '../../output/stack-printer.js';
import { JsonLinePrinter } from '../../output/json-line-printer.js';
import { createFileLogger, logLevelFrom } from '../../logging/logger.js';
import { ensureStateDir } from '../../project/state-dir.js';
import type { GlobalOptions } from '../global-options.js';
import { waitForShutdownSignals } from '../shutdown-signals.js';

export interface UpOptions {
  readonly globals: GlobalOptions;
  readonly services: readonly string[];
  readonly timestamps: boolean;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const LIVE_STATES: ReadonlySet<ServiceState> = new Set(['starting', 'running', 'backoff', 'stopping']);

export async function runUp(options: UpOptions): Promise<number> {
  const { globals } = options;
  const { config, warnings } = await loadConfig({
    cwd: process.cwd(),
    configPath: globals.config,
    parentEnv: process.env,
  });
  const stateDir = ensureStateDir(config.root);
  const names = Object.keys(config.services);
  const printer = globals.json
    ? new JsonLinePrinter(options.stdout)
    : new StackPrinter({
        services: names,
        palette: createPalette(
          shouldUseColor({ noColorFlag: !globals.color, env: process.env, isTTY: process.stdout.isTTY === true }),
        ),
        timestamps: options.timestamps,
        write: options.stdout,
      });
  const logger = createFileLogger({
    file: stateDir.toolLog,
    level: logLevelFrom(process.env, globals.debug),
    echo: globals.debug ? (level, message) => printer.note(`[${level}] ${message}`) : undefined,
  });
  for (const warning of warnings) printer.note(`config warning: ${warning.formatted}`, 'warn');

  const engine = createEngine({ config, platform: createPlatform(), logger });
  engine.onOutput((line) => printer.line(line));
  engine.onEvent((event) => {
    printer.event(event);
    logger.info({ event }, `${event.service} ${event.type}`);
  });
  logger.info({ project: config.project, services: names, configPath: config.configPath }, 'up: starting');

  try {
    return await superviseUntilDone(engine, options.services, printer);
  } finally {
    printer.flush();
    logger.info({}, 'up: finished');
    logger.flush();
  }
}

interface Notes {
  note(text: string, style?: 'plain' | 'warn' | 'error'): void;
}

/** Starts the stack, then waits for Ctrl+C / SIGTERM or for every service to end on its own. */
async function superviseUntilDone(engine: EngineHandle, requested: readonly string[], printer: Notes): Promise<number> {
  let startFailed = false;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const signals = waitForShutdownSignals({
    onGraceful: async (signal) => {
      printer.note(`${signal === 'SIGINT' ? 'Ctrl+C' : signal}: stopping all services (press Ctrl+C again to kill them at once)`);
      await engine.stop();
      printer.note('all services stopped');
      finish(startFailed ? 1 : 0);
    },
    onForced: async () => {
      printer.note('killing all services now', 'warn');
      await engine.kill();
      finish(130);
    },
  });

  const checkAllEnded = (): void => {
    if (signals.triggered()) return;
    const statuses = engine.status();
    if (statuses.some((service) => LIVE_STATES.has(service.state))) return;
    const cleanly = statuses.every((service) => service.state !== 'failed' && (service.lastExit?.code ?? 0) === 0);
    printer.note('no service is running any more', cleanly ? 'plain' : 'warn');
    finish(startFailed || !cleanly ? 1 : 0);
  };

  try {
    const outcome = await engine.start(requested);
    for (const failure of outcome.failed) printer.note(`${failure.name} failed to start: ${failure.reason}`, 'error');
    startFailed = outcome.failed.length > 0;
    if (!signals.triggered()) {
      const started = outcome.started.length;
      printer.note(
        startFailed
          ? `${started} service(s) up, ${outcome.failed.length} failed; press Ctrl+C to stop`
          : `all ${started} service(s) up; press Ctrl+C to stop`,
        startFailed ? 'warn' : 'plain',
      );
    }
    const unsubscribe = engine.onEvent((event) => {
      if (event.type === 'state') checkAllEnded();
    });
    checkAllEnded();
    const code = await finished;
    unsubscribe();
    return code;
  } catch (error) {
    await engine.stop().catch(() => {});
    throw error;
  } finally {
    signals.dispose();
  }
}
