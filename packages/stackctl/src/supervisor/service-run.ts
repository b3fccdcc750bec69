// One spawned process of a service: its output lines, health monitor, group termination and exit record.
import type { ResolvedService } from '../config/types.js';
import type { HealthCheckers } from '../health/health-checker.js';
import { HealthMonitor } from '../health/health-monitor.js';
import type { Clock } from '../system/clock.js';
import type { ChildHandle, ExitStatus, Platform } from '../system/platform.js';
import type { SupervisorDefaults } from './defaults.js';
import { captureLines } from './output-capture.js';
import { terminateGroup, type TerminateResult } from './terminate-group.js';
import type { ExitRecord, HealthState, OutputStream } from './types.js';

export interface RunDeps {
  readonly platform: Platform;
  readonly clock: Clock;
  readonly checkers: HealthCheckers;
  readonly defaults: SupervisorDefaults;
}

/** How a run reports back to the runner that owns it. */
export interface RunHooks {
  readonly onOutput: (stream: OutputStream, line: string) => void;
  readonly onHealth: (to: HealthState, detail: string) => void;
  readonly onWarning: (message: string) => void;
}

export class ServiceRun {
  readonly pid: number;
  readonly startedAt: number;
  /** Resolves with the exit record once the leader exited and any termination under way finished. */
  readonly ended: Promise<ExitRecord>;
  readonly #monitor: HealthMonitor | null;
  #stopRequested = false;
  #leaderExited = false;
  #termination: Promise<TerminateResult> | null = null;
  #escalate = (): void => {};
  readonly #escalation = new Promise<void>((resolve) => (this.#escalate = resolve));

  constructor(
    private readonly child: ChildHandle,
    private readonly service: ResolvedService,
    private readonly deps: RunDeps,
    private readonly hooks: RunHooks,
  ) {
    this.pid = child.pid;
    this.startedAt = deps.clock.now();
    this.#monitor = this.#createMonitor();
    this.ended = child.exited.then((status) => {
      this.#leaderExited = true;
      return this.#finish(status);
    });
  }

  /** True once stop() was called. */
  get stopRequested(): boolean {
    return this.#stopRequested;
  }

  get hasMonitor(): boolean {
    return this.#monitor !== null;
  }

  /** Starts reading output and checking health. */
  start(): void {
    const { maxLineLength } = this.deps.defaults;
    void captureLines(this.child.stdout, (line) => this.hooks.onOutput('stdout', line), maxLineLength);
    void captureLines(this.child.stderr, (line) => this.hooks.onOutput('stderr', line), maxLineLength);
    this.#monitor?.start();
  }

  /** stop_signal to the group, SIGKILL after stop_timeout (or at once when `immediate`); escalates a stop under way. */
  stop(immediate: boolean): Promise<TerminateResult> {
    this.#stopRequested = true;
    this.#monitor?.stop();
    return this.#terminate(immediate);
  }

  #terminate(immediate: boolean): Promise<TerminateResult> {
    if (this.#termination !== null) {
      if (immediate) this.#escalate();
      return this.#termination;
    }
    const { platform, clock, defaults } = this.deps;
    this.#termination = terminateGroup({
      platform,
      clock,
      pid: this.pid,
      leaderExited: () => this.#leaderExited,
      leaderExit: this.child.exited,
      signal: this.service.stopSignal,
      timeoutMs: this.service.stopTimeoutMs,
      immediate,
      escalate: this.#escalation,
      pollMs: defaults.stopPollMs,
      killWaitMs: defaults.killWaitMs,
    }).then((result) => {
      if (!result.gone) {
        this.hooks.onWarning(`process group ${this.pid} was still there ${defaults.killWaitMs}ms after SIGKILL`);
      }
      return result;
    });
    return this.#termination;
  }

  async #finish(status: ExitStatus): Promise<ExitRecord> {
    const endedAt = this.deps.clock.now();
    const stoppedByUs = this.#stopRequested;
    this.#monitor?.stop();
    // Descendants that outlive a leader which exited by itself would hold ports and pipes: they go too.
    if (!stoppedByUs && this.#termination === null && this.deps.platform.groupAlive(this.pid)) {
      this.hooks.onWarning(`the process exited, others in its group (${this.pid}) were still running; stopping them`);
      void this.#terminate(false);
    }
    const termination = this.#termination === null ? null : await this.#termination;
    return {
      pid: this.pid,
      code: status.code,
      signal: status.signal,
      startedAt: this.startedAt,
      endedAt,
      durationMs: endedAt - this.startedAt,
      stoppedByUs,
      forced: termination?.forced ?? false,
    };
  }

  #createMonitor(): HealthMonitor | null {
    const health = this.service.health;
    if (health === null) return null;
    return new HealthMonitor({
      health,
      checkers: this.deps.checkers,
      clock: this.deps.clock,
      cwd: this.service.cwd,
      env: this.service.env,
      startedAt: this.startedAt,
      startProbeIntervalMs: this.deps.defaults.startProbeIntervalMs,
      onChange: (_from, to, detail) => this.hooks.onHealth(to, detail),
    });
  }
}
