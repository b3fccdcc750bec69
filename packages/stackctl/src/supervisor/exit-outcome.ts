// What the end of a run means for its service: a stop under way takes over, a process stackctl may not restart rests, else the restart policy decides.
import type { ResolvedService } from '../config/types.js';
import type { SupervisorDefaults } from './defaults.js';
import { decideRestart, describeExit, type RestartHistory } from './restart-policy.js';
import type { ServiceOrigin } from './run-record.js';
import type { ExitRecord, StateCause } from './types.js';
import { commandProgram, NOT_FOUND_EXIT_CODE, notFoundHint } from './command-not-found.js';

export type ExitOutcome =
  /** The run was being stopped: the stop moves the service on (→ stopped). */
  | { readonly kind: 'stopping' }
  /** No restart: the service rests in `state`, for `reason`. */
  | { readonly kind: 'rest'; readonly state: 'exited' | 'failed'; readonly reason: string; readonly cause?: StateCause }
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
  /** The program a shell said it could not find during the run (`sh: 1: uvicorn: not found`); null if none. */
  readonly missingProgram?: string | null;
}

/**
 * An adopted external process is never restarted (stackctl does not know how it was started), nor
 * is one running in a user's terminal. A program that does not exist fails the service at once
 * (`command_not_found`, no restart: it would only fail the same way). Otherwise the restart policy
 * and the crash-loop breaker decide.
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
  const notFound = missingCommand(record, context);
  if (notFound !== null) {
    const hint = notFoundHint(notFound, service.cwd);
    return { kind: 'rest', state: 'failed', reason: `command not found: ${notFound}${hint === null ? '' : `; ${hint}`}`, cause: 'command_not_found' };
  }
  const decision = decideRestart({
    policy: service.restart,
    exit: record,
    history: context.history,
    now: context.now,
    maxRestarts: service.maxRestarts,
    restartWindowMs: service.restartWindowMs,
    minUptimeMs: service.minUptimeMs,
    backoffResetMs: service.backoffResetMs,
    defaults: context.defaults,
  });
  switch (decision.kind) {
    case 'none':
      return { kind: 'rest', state: 'exited', reason: describeExit(record) };
    case 'crash-loop':
      return { kind: 'rest', state: 'failed', reason: decision.reason, cause: 'crash_loop' };
    case 'restart': {
      const { delayMs, attempt, history } = decision;
      return { kind: 'restart', reason: describeExit(record), delayMs, attempt, history };
    }
  }
}

/**
 * The program that was not found, when that is how the run ended: exit 127 (the shell's code for
 * it), or a failing exit after the shell said the command's own program was not found.
 */
function missingCommand(record: ExitRecord, context: ExitContext): string | null {
  if (record.stoppedByUs || record.signal !== null) return null;
  const program = commandProgram(context.service.command);
  const missing = context.missingProgram ?? null;
  if (record.code === NOT_FOUND_EXIT_CODE) return missing ?? program ?? 'unknown';
  if (record.code !== 0 && missing !== null && missing === program) return missing;
  return null;
}
