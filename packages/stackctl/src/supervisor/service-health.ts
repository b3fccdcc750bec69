// A service's health as its runs report it: the current state and its detail, with a `health` event on every change.
import type { RunnerDeps } from './runner-deps.js';
import type { HealthState } from './types.js';

export class ServiceHealth {
  #state: HealthState = 'none';
  #detail = '';

  constructor(
    private readonly service: string,
    private readonly deps: Pick<RunnerDeps, 'clock' | 'emit'>,
  ) {}

  get state(): HealthState {
    return this.#state;
  }

  /** What the last check (or the last change) said. */
  get detail(): string {
    return this.#detail;
  }

  /** Keeps `detail`; when the state changes, emits `health` with the time since `startedAt` (the run's start). */
  set(to: HealthState, startedAt: number, detail: string): void {
    const from = this.#state;
    this.#detail = detail;
    if (from === to) return;
    this.#state = to;
    const time = this.deps.clock.now();
    this.deps.emit({ type: 'health', service: this.service, time, from, to, sinceStartMs: time - startedAt, detail });
  }
}
