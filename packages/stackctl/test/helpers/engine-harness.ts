// Runs a real engine for a test: records events and output, collects every pid (grandchildren too), cleans up.
import type { ResolvedConfig } from '../../src/config/types.js';
import { createEngine, type EngineHandle, type EngineOptions } from '../../src/supervisor/index.js';
import type { EngineEvent, OutputLine, ServiceStatus } from '../../src/supervisor/types.js';
import { expectPidsGone, killSurvivors } from './pids.js';
import { waitFor, type WaitOptions } from './wait-for.js';

/** Fixture lines `pid <role> <n>` announce descendants the engine itself never sees. */
const PID_LINE = /^pid \S+ (\d+)$/;

export class EngineHarness {
  readonly engine: EngineHandle;
  readonly events: EngineEvent[] = [];
  readonly lines: OutputLine[] = [];
  readonly pids = new Set<number>();

  constructor(config: ResolvedConfig, options: Omit<EngineOptions, 'config'> & { keepLines?: boolean } = {}) {
    this.engine = createEngine({ ...options, config });
    const keepLines = options.keepLines ?? true;
    this.engine.onEvent((event) => {
      this.events.push(event);
      if (event.type === 'spawn' || event.type === 'adopt') this.pids.add(event.pid);
    });
    this.engine.onOutput((line) => {
      if (keepLines) this.lines.push(line);
      const match = PID_LINE.exec(line.line);
      if (match?.[1] !== undefined) this.pids.add(Number(match[1]));
    });
  }

  status(name: string): ServiceStatus {
    const found = this.engine.status().find((status) => status.name === name);
    if (found === undefined) throw new Error(`no service ${name}`);
    return found;
  }

  eventsOf<T extends EngineEvent['type']>(type: T, service?: string): Array<Extract<EngineEvent, { type: T }>> {
    return this.events.filter(
      (event): event is Extract<EngineEvent, { type: T }> =>
        event.type === type && (service === undefined || event.service === service),
    );
  }

  /** Waits for an event matching `predicate` (already recorded or still to come). */
  waitForEvent(predicate: (event: EngineEvent) => boolean, options: WaitOptions = {}): Promise<EngineEvent> {
    return waitFor(() => this.events.find(predicate), { message: 'event', ...options });
  }

  waitForState(name: string, state: ServiceStatus['state'], options: WaitOptions = {}): Promise<ServiceStatus> {
    return waitFor(() => (this.status(name).state === state ? this.status(name) : undefined), {
      message: `${name} to be ${state}`,
      ...options,
    });
  }

  /** Waits until the output holds `count` lines matching `pattern` (the pids of a grandchildren fixture, say). */
  waitForLines(pattern: RegExp, count: number, options: WaitOptions = {}): Promise<OutputLine[]> {
    return waitFor(
      () => {
        const found = this.lines.filter((line) => pattern.test(line.line));
        return found.length >= count ? found : undefined;
      },
      { message: `${count} lines matching ${pattern}`, ...options },
    );
  }

  /** Kills whatever is left and asserts every pid seen is gone; SIGKILLs survivors so no test leaks into the next. */
  async dispose(): Promise<void> {
    try {
      await this.engine.kill();
      await expectPidsGone(this.pids);
    } finally {
      killSurvivors(this.pids);
    }
  }
}

/** The harnesses of a test file: `create` one per host in a test, `disposeAll` after it. */
export class EngineHarnesses {
  readonly #created: EngineHarness[] = [];

  create(config: ResolvedConfig, options: Omit<EngineOptions, 'config'> & { keepLines?: boolean } = {}): EngineHarness {
    const harness = new EngineHarness(config, options);
    this.#created.push(harness);
    return harness;
  }

  /** Disposes each, the latest first (an adopting host owns the processes now); every one even when one fails. */
  async disposeAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const harness of this.#created.splice(0).reverse()) await harness.dispose().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  }
}
