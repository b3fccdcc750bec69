// What the end of a run means for its service: a stop under way takes over, a process stackctl may not restart rests, else the restart policy decides.
import type { ResolvedService } from '../config/types.js';
import type { SupervisorDefaults } from './defaults.js';
import { decideRestart, describeExit, type RestartHistory } from './restart-policy.js';
import type { ServiceOrigin } from './run-record.js';
import type { ExitRecord } from './types.js';

export type ExitOutcome =
  /** The run was being stopped: the stop moves the service on (→ stopped). */
  | { readonly kind: 'stopping' }
  /** No restart: the service rests in `state`, for `reason`. */
  | { readonly kind: 'rest'; readonly state: 'exited' | 'failed'; readonly reason: string }
  /** A restart after `delayMs` (state `backoff` for `reason`), with the history to keep. */
  | {
      readonly kind: 'restart';
      readonly reason: string;
      readonly delayMs: number;
      readonly attempt: number;
      readonly history: RestartHistory;
    };

/** The run that ended, as far as its end matters. */
export interface EndedRun {
  readonly pid: number;
  readonly origin: ServiceOrigin;
  readonly attached: boolean;
  readonly stopRequested: boolean;
}

export interface ExitContext {
  readonly service: ResolvedService;
  readonly history: RestartHistory;
  /** Epoch ms. */
  readonly now: number;
  readonly defaults: SupervisorDefaults;
}

/**
 * An adopted external process is never restarted (stackctl does not know how it was started), nor
 * is one running in a user's terminal; otherwise the restart policy and the crash-loop breaker decide.
 */
export function exitOutcome(run: EndedRun, record: ExitRecord, context: ExitContext): ExitOutcome {
  if (run.stopRequested) return { kind: 'stopping' };
  if (run.origin === 'external') {
    return { kind: 'rest', state: 'exited', reason: `the adopted process ${run.pid} ended; stackctl did not start it, so it is not restarted` };
  }
  if (run.attached) {
    return { kind: 'rest', state: 'exited', reason: `the process ${run.pid} running in a terminal ended; it is not restarted while attached` };
  }
  const { service } = context;
  const decision = decideRestart({
    policy: service.restart,
    exit: record,
    history: context.history,
    now: context.now,
    maxRestarts: service.maxRestarts,
    restartWindowMs: service.restartWindowMs,
    defaults: context.defaults,
  });
  switch (decision.kind) {
    case 'none':
      return { kind: 'rest', state: 'exited', reason: describeExit(record) };
    case 'crash-loop':
      return { kind: 'rest', state: 'failed', reason: decision.reason };
    case 'restart': {
      const { delayMs, attempt, history } = decision;
      return { kind: 'restart', reason: describeExit(record), delayMs, attempt, history };
    }
  }
}
