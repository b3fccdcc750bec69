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
}

const OK: ConditionResult = { ok: true };
const fail = (reason: string): ConditionResult => ({ ok: false, reason });

/**
 * `null` while the outcome is still open. A service without a health check counts as healthy while
 * running. An `unhealthy` service is still open: it runs, and may yet pass its check (a first
 * compile); only an end for good (failed, stopped, exited with no restart due) fails a condition.
 */
export function evaluateCondition(condition: DependencyCondition, s: ConditionSubject): ConditionResult | null {
  if (s.state === 'failed') return fail(s.reason ?? 'failed');
  if (s.state === 'stopping' || s.state === 'stopped') return fail('it was stopped');
  const exitedOk = s.state === 'exited' && s.lastExit?.code === 0;
  switch (condition) {
    case 'started':
      if (s.state === 'running' || exitedOk) return OK;
      return s.state === 'exited' ? fail(s.reason ?? 'exited') : null;
    case 'healthy':
      if (s.state === 'exited') return fail(`${s.reason ?? 'exited'} before becoming healthy`);
      if (s.state !== 'running') return null;
      return !s.hasHealthCheck || s.health === 'healthy' ? OK : null;
    case 'completed':
      if (exitedOk) return OK;
      return s.state === 'exited' ? fail(s.reason ?? 'exited') : null;
  }
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
  const now = evaluateCondition(condition, subject);
  if (now !== null) return Promise.resolve(now);
  if (signal?.aborted === true) return Promise.resolve(fail('no longer needed'));
  return new Promise((resolve) => {
    let timer: unknown = null;
    let lastPending: string | null = null;
    const settle = (result: ConditionResult): void => {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      if (timer !== null) clock?.clearTimeout(timer);
      timer = null;
      resolve(result);
    };
    const onAbort = (): void => settle(fail('no longer needed'));
    const armTimeout = (): void => {
      const limit = subject.startTimeoutMs;
      if (timer !== null || clock === undefined || condition !== 'healthy' || limit === null || subject.startedAt === null) return;
      const remaining = Math.max(0, subject.startedAt + limit - clock.now());
      timer = clock.setTimeout(() => {
        timer = null;
        const result = evaluateCondition(condition, subject);
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
      const result = completed ? OK : evaluateCondition(condition, subject);
      if (result !== null) return settle(result);
      armTimeout();
      notePending();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    armTimeout();
    notePending();
  });
}
