// Whether a service has met a dependency condition (started, healthy, completed), failed it for good, or is still on its way.
import type { DependencyCondition } from '../config/types.js';
import type { Clock } from '../system/clock.js';
import { formatDuration } from './restart-policy.js';
import type { EngineEvent, ExitRecord, HealthState, ServiceState } from './types.js';

export type ConditionResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** What the evaluation looks at; a ServiceRunner provides it. */
export interface ConditionSubject {
  readonly name: string;
  readonly state: ServiceState;
  readonly health: HealthState;
  readonly healthDetail: string;
  readonly hasHealthCheck: boolean;
  readonly lastExit: ExitRecord | null;
  readonly reason: string | null;
  /** Epoch ms the current run started; null when none runs. */
  readonly startedAt: number | null;
  /** `health.start_timeout`: how long a dependent waits for it to become healthy; null without a check. */
  readonly startTimeoutMs: number | null;
  /** `min_uptime`: without a health check, `healthy` means running for this long. */
  readonly minUptimeMs: number;
}

const OK: ConditionResult = { ok: true };
const fail = (reason: string): ConditionResult => ({ ok: false, reason });

/**
 * `null` while the outcome is still open. A service without a health check counts as healthy once
 * it has run for its `min_uptime` (measured when `now` is given; else as soon as it runs). An
 * `unhealthy` service is still open: it runs, and may yet pass its check (a first compile); only an
 * end for good (failed, stopped, exited with no restart due) fails a condition.
 */
export function evaluateCondition(condition: DependencyCondition, s: ConditionSubject, now?: number): ConditionResult | null {
  if (s.state === 'failed') return fail(s.reason ?? 'failed');
  if (s.state === 'stopping' || s.state === 'stopped') return fail('it was stopped');
  const exitedOk = s.state === 'exited' && s.lastExit?.code === 0;
  switch (condition) {
    case 'started':
      if (s.state === 'running' || exitedOk) return OK;
      return s.state === 'exited' ? fail(s.reason ?? 'exited') : null;
    case 'healthy':
      // Without a check, a clean exit that needs no restart is a job done (it ran as it should), not a failed start.
      if (exitedOk && !s.hasHealthCheck) return OK;
      if (s.state === 'exited') return fail(`${s.reason ?? 'exited'} before becoming healthy`);
      if (s.state !== 'running') return null;
      if (s.hasHealthCheck) return s.health === 'healthy' ? OK : null;
      return settleLeftMs(s, now) > 0 ? null : OK;
    case 'completed':
      if (exitedOk) return OK;
      return s.state === 'exited' ? fail(s.reason ?? 'exited') : null;
  }
}

/** How much longer a running service without a health check must run to count as up (0: it does). */
function settleLeftMs(s: ConditionSubject, now: number | undefined): number {
  if (now === undefined || s.hasHealthCheck) return 0;
  // No run while still `running`: its exit is being handled (the exit event comes before the next state).
  if (s.startedAt === null) return s.minUptimeMs;
  return Math.max(0, s.startedAt + s.minUptimeMs - now);
}

/** What a wait still open is waiting on, in words (`unhealthy (HTTP 503)`); null when there is nothing worth saying. */
export function pendingReason(condition: DependencyCondition, s: ConditionSubject): string | null {
  if (s.state === 'backoff') {
    const exit = s.lastExit;
    const how = exit === null ? '' : exit.signal === null ? ` (exited with code ${exit.code ?? 'unknown'})` : ` (killed by ${exit.signal})`;
    return `restarting${how}`;
  }
  if (condition === 'healthy' && s.state === 'running' && s.health === 'unhealthy') {
    return s.healthDetail === '' ? 'unhealthy' : `unhealthy (${s.healthDetail})`;
  }
  return null;
}

export interface WaitOptions {
  /** Aborting resolves the wait with a failure and unsubscribes. */
  readonly signal?: AbortSignal;
  /**
   * Enforces the subject's `startTimeoutMs` for `healthy`: counted from the start of the first run
   * seen during the wait (restarts do not reset it), it fails the wait when it runs out.
   */
  readonly clock?: Clock;
  /** Called when what the wait waits on changes (see pendingReason). */
  readonly onPending?: (reason: string) => void;
}

/**
 * Resolves when `subject` meets or fails `condition`, re-evaluating on each of its events.
 * A successful exit also satisfies `completed` when the policy restarts it (`always`): it then never rests in `exited`.
 */
export function waitForCondition(
  subject: ConditionSubject,
  condition: DependencyCondition,
  subscribe: (listener: (event: EngineEvent) => void) => () => void,
  options: WaitOptions = {},
): Promise<ConditionResult> {
  const { signal, clock, onPending } = options;
  const evaluate = (): ConditionResult | null => evaluateCondition(condition, subject, clock?.now());
  const now = evaluate();
  if (now !== null) return Promise.resolve(now);
  if (signal?.aborted === true) return Promise.resolve(fail('no longer needed'));
  return new Promise((resolve) => {
    let timer: unknown = null;
    let settleTimer: unknown = null;
    let lastPending: string | null = null;
    const settle = (result: ConditionResult): void => {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      if (timer !== null) clock?.clearTimeout(timer);
      if (settleTimer !== null) clock?.clearTimeout(settleTimer);
      timer = null;
      settleTimer = null;
      resolve(result);
    };
    // A run without a check counts once it has lasted min_uptime: looked at again then (an exit meanwhile comes as an event).
    const armSettle = (): void => {
      if (clock === undefined || condition !== 'healthy' || subject.state !== 'running') return;
      const left = settleLeftMs(subject, clock.now());
      if (left <= 0) return;
      if (settleTimer !== null) clock.clearTimeout(settleTimer);
      settleTimer = clock.setTimeout(() => {
        settleTimer = null;
        const result = evaluate();
        if (result !== null) settle(result);
        else armSettle();
      }, left);
    };
    const onAbort = (): void => settle(fail('no longer needed'));
    const armTimeout = (): void => {
      const limit = subject.startTimeoutMs;
      if (timer !== null || clock === undefined || condition !== 'healthy' || limit === null || subject.startedAt === null) return;
      const remaining = Math.max(0, subject.startedAt + limit - clock.now());
      timer = clock.setTimeout(() => {
        timer = null;
        const result = evaluate();
        const state = subject.health === 'unhealthy' && subject.healthDetail !== '' ? `unhealthy (${subject.healthDetail})` : 'not healthy';
        settle(result ?? fail(`${state} within ${formatDuration(limit)} (health.start_timeout)`));
      }, remaining);
    };
    const notePending = (): void => {
      const reason = pendingReason(condition, subject);
      if (reason === null || reason === lastPending) return;
      lastPending = reason;
      onPending?.(reason);
    };
    const unsubscribe = subscribe((event) => {
      if (event.service !== subject.name) return;
      const completed =
        condition === 'completed' && event.type === 'exit' && event.exit.code === 0 && !event.exit.stoppedByUs;
      const result = completed ? OK : evaluate();
      if (result !== null) return settle(result);
      armTimeout();
      armSettle();
      notePending();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    armTimeout();
    armSettle();
    notePending();
  });
}
