// Whether a service has met a dependency condition (started, healthy, completed), failed it, or is still on its way.
import type { DependencyCondition } from '../config/types.js';
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
}

const OK: ConditionResult = { ok: true };
const fail = (reason: string): ConditionResult => ({ ok: false, reason });

/** `null` while the outcome is still open. A service without a health check counts as healthy while running. */
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
      if (!s.hasHealthCheck || s.health === 'healthy') return OK;
      return s.health === 'unhealthy' ? fail(`health check failed: ${s.healthDetail}`) : null;
    case 'completed':
      if (exitedOk) return OK;
      return s.state === 'exited' ? fail(s.reason ?? 'exited') : null;
  }
}

/**
 * Resolves when `subject` meets or fails `condition`, re-evaluating on each of its events.
 * A successful exit also satisfies `completed` when the policy restarts it (`always`): it then never rests in `exited`.
 * Aborting `signal` resolves with a failure and unsubscribes.
 */
export function waitForCondition(
  subject: ConditionSubject,
  condition: DependencyCondition,
  subscribe: (listener: (event: EngineEvent) => void) => () => void,
  signal?: AbortSignal,
): Promise<ConditionResult> {
  const now = evaluateCondition(condition, subject);
  if (now !== null) return Promise.resolve(now);
  if (signal?.aborted === true) return Promise.resolve(fail('no longer needed'));
  return new Promise((resolve) => {
    const settle = (result: ConditionResult): void => {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = (): void => settle(fail('no longer needed'));
    const unsubscribe = subscribe((event) => {
      if (event.service !== subject.name) return;
      const completed =
        condition === 'completed' && event.type === 'exit' && event.exit.code === 0 && !event.exit.stoppedByUs;
      const result = completed ? OK : evaluateCondition(condition, subject);
      if (result !== null) settle(result);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
