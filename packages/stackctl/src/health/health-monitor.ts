// Runs one service's health checks on its interval and turns results into healthy / unhealthy changes.
import type { ResolvedHealth } from '../config/types.js';
import type { Clock } from '../system/clock.js';
import type { HealthState } from '../supervisor/types.js';
import { errorDetail, runCheck, type HealthCheckers, type HealthResult } from './health-checker.js';

export interface HealthMonitorOptions {
  readonly health: ResolvedHealth;
  readonly checkers: HealthCheckers;
  readonly clock: Clock;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** When the process was spawned (epoch ms); the start period counts from here. */
  readonly startedAt: number;
  /** Interval while never healthy yet and inside the start period (see SupervisorDefaults.startProbeIntervalMs). */
  readonly startProbeIntervalMs: number;
  /** Called on every change of the health state (starting → healthy, healthy → unhealthy, …). */
  readonly onChange: (from: HealthState, to: HealthState, detail: string) => void;
}

/**
 * Docker's rules: one success → healthy; `retries` consecutive failures → unhealthy (at least one);
 * failures inside the start period do not count until the service has been healthy once.
 * A check that outlives `timeoutMs` is aborted and fails.
 */
export class HealthMonitor {
  #state: HealthState = 'starting';
  #failures = 0;
  #everHealthy = false;
  #stopped = false;
  #timer: unknown = null;
  #inFlight: AbortController | null = null;

  constructor(private readonly options: HealthMonitorOptions) {}

  get state(): HealthState {
    return this.#state;
  }

  start(): void {
    // The first check comes after a short pause: one right at spawn would only ever fail.
    this.#schedule(Math.min(this.options.health.intervalMs, this.options.startProbeIntervalMs));
  }

  /** Stops checking: cancels the next check and aborts the one in flight. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.options.clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#inFlight?.abort(new Error('health monitoring stopped'));
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = this.options.clock.setTimeout(() => {
      this.#timer = null;
      void this.#runOnce();
    }, delayMs);
  }

  async #runOnce(): Promise<void> {
    const { health, clock } = this.options;
    const controller = new AbortController();
    this.#inFlight = controller;
    const timeout = clock.setTimeout(
      () => controller.abort(new Error(`timed out after ${health.timeoutMs}ms`)),
      health.timeoutMs,
    );
    const aborted = new Promise<HealthResult>((resolve) => {
      const onAbort = (): void => resolve({ ok: false, detail: errorDetail(controller.signal.reason) });
      controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    let result: HealthResult;
    try {
      const context = { cwd: this.options.cwd, env: this.options.env, signal: controller.signal };
      // Racing the abort keeps a checker that ignores its signal from stalling the monitor.
      result = await Promise.race([runCheck(this.options.checkers, health.check, context), aborted]);
    } catch (error) {
      result = { ok: false, detail: errorDetail(error) };
    } finally {
      clock.clearTimeout(timeout);
      this.#inFlight = null;
    }
    if (this.#stopped) return;
    this.#record(result);
    this.#schedule(this.#nextDelay());
  }

  #record(result: HealthResult): void {
    const { health, clock, startedAt } = this.options;
    if (result.ok) {
      this.#failures = 0;
      this.#everHealthy = true;
      this.#set('healthy', result.detail);
      return;
    }
    const inStartPeriod = clock.now() - startedAt < health.startPeriodMs;
    if (inStartPeriod && !this.#everHealthy) return;
    this.#failures += 1;
    if (this.#failures >= Math.max(1, health.retries)) this.#set('unhealthy', result.detail);
  }

  /**
   * Until the first success, checks come every `startProbeIntervalMs` (or at the interval when
   * shorter) — for as long as the start period or the start timeout runs, whichever is longer —
   * so readiness is noticed quickly; then at the interval.
   */
  #nextDelay(): number {
    const { health, clock, startedAt, startProbeIntervalMs } = this.options;
    const starting = clock.now() - startedAt < Math.max(health.startPeriodMs, health.startTimeoutMs);
    return starting && !this.#everHealthy ? Math.min(health.intervalMs, startProbeIntervalMs) : health.intervalMs;
  }

  #set(to: HealthState, detail: string): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.options.onChange(from, to, detail);
  }
}
