// The service state machine: the allowed transitions and the one place a state changes and is announced.
import { StackctlError } from '../errors/index.js';
import type { Clock } from '../system/clock.js';
import type { EngineEvent, ServiceState, StateCause } from './types.js';

/**
 * stopped  — not running, nothing pending (initial; after a stop).
 * starting — asked to start: waiting for dependencies, or about to spawn again after a backoff.
 * running  — the process is alive.
 * stopping — we signalled the process group and wait for it to be gone.
 * exited   — the process ended by itself and no restart is due.
 * backoff  — the process ended and a restart is scheduled.
 * failed   — gave up: spawn error, dependency failed, or crash loop.
 *
 * Adoption (`EngineHandle.adopt`) alone leaves `stopped` other than by `starting`: a run record whose
 * process is still alive goes straight to `running`, one whose process died while no host watched
 * goes to `exited`.
 */
export const TRANSITIONS: Readonly<Record<ServiceState, readonly ServiceState[]>> = {
  stopped: ['starting', 'running', 'exited'],
  starting: ['running', 'failed', 'stopped'],
  running: ['stopping', 'exited', 'backoff', 'failed'],
  stopping: ['stopped'],
  exited: ['starting', 'stopped'],
  backoff: ['starting', 'stopped'],
  failed: ['starting', 'stopped'],
};

export function canTransition(from: ServiceState, to: ServiceState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Holds one service's state; `transition` is the only way to change it, and it emits the `state` event. */
export class ServiceStateMachine {
  #state: ServiceState = 'stopped';
  #reason: string | null = null;
  #cause: StateCause | null = null;

  constructor(
    private readonly service: string,
    private readonly clock: Clock,
    private readonly emit: (event: EngineEvent) => void,
  ) {}

  get state(): ServiceState {
    return this.#state;
  }

  /** Why the service is failed or exited; null in other states. */
  get reason(): string | null {
    return this.#reason;
  }

  /** Why the service is failed or exited, as a field; null when not named (or in other states). */
  get cause(): StateCause | null {
    return this.#cause;
  }

  /** Changes the state and emits the event; an illegal transition is a bug in the engine and throws E_INTERNAL. */
  transition(to: ServiceState, reason?: string, cause?: StateCause): void {
    const from = this.#state;
    if (!canTransition(from, to)) {
      throw new StackctlError('E_INTERNAL', `illegal state transition for "${this.service}": ${from} → ${to}`);
    }
    this.#state = to;
    const resting = to === 'failed' || to === 'exited';
    this.#reason = resting ? (reason ?? null) : null;
    this.#cause = resting ? (cause ?? null) : null;
    const event: EngineEvent = { type: 'state', service: this.service, time: this.clock.now(), from, to };
    this.emit({ ...event, ...(reason === undefined ? {} : { reason }), ...(cause === undefined ? {} : { cause }) });
  }
}
