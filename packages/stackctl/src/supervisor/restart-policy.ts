// Restart policy, exponential backoff and the crash-loop breaker: pure functions of an exit and the history.
import type { RestartPolicy } from '../config/types.js';
import type { SupervisorDefaults } from './defaults.js';
import type { ExitRecord } from './types.js';

/** What the breaker and the backoff remember between runs of one service. */
export interface RestartHistory {
  /** Quick crashes (runs shorter than min_uptime) since the backoff was last reset; the backoff exponent. */
  readonly consecutive: number;
  /** When each restart inside the current window was scheduled (epoch ms). */
  readonly times: readonly number[];
}

export const EMPTY_HISTORY: RestartHistory = { consecutive: 0, times: [] };

export type RestartDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'restart'; readonly delayMs: number; readonly attempt: number; readonly history: RestartHistory }
  | { readonly kind: 'crash-loop'; readonly reason: string };

export interface RestartInput {
  readonly policy: RestartPolicy;
  readonly exit: Pick<ExitRecord, 'code' | 'signal' | 'stoppedByUs' | 'durationMs'>;
  readonly history: RestartHistory;
  readonly now: number;
  readonly maxRestarts: number;
  readonly restartWindowMs: number;
  /** A run at least this long was no quick crash: it restarts at once, and the doubling does not grow. */
  readonly minUptimeMs: number;
  /** A run at least this long also forgets the quick crashes before it (the doubling starts over). */
  readonly backoffResetMs: number;
  readonly defaults: Pick<SupervisorDefaults, 'backoffBaseMs' | 'backoffMaxMs'>;
}

/** `on-failure`: a non-zero code or a signal; `always`: any exit. Never when we stopped it. */
export function restartDue(policy: RestartPolicy, exit: RestartInput['exit']): boolean {
  if (exit.stoppedByUs) return false;
  switch (policy) {
    case 'no':
      return false;
    case 'on-failure':
      return exit.code !== 0 || exit.signal !== null;
    case 'always':
      return true;
  }
}

/**
 * The delay after the `consecutive`-th quick crash in a row, counted from 0: 0 ms for the first (a
 * crash is usually a one-off: the service is back as fast as it can start), then 100 ms, 200 ms,
 * 400 ms… capped (with the default numbers): base × 2^(consecutive − 1).
 */
export function backoffDelayMs(consecutive: number, defaults: RestartInput['defaults']): number {
  if (consecutive <= 0) return 0;
  const delay = defaults.backoffBaseMs * 2 ** Math.min(consecutive - 1, 52);
  return Math.min(delay, defaults.backoffMaxMs);
}

/**
 * Decides what follows an exit: nothing, a restart after a delay, or giving up on a crash loop.
 * A run that lasted `minUptimeMs` restarts at once (it had started fine: a dev server killed by a
 * bad edit, an OOM); only quick crashes in a row back off, doubling; a run of `backoffResetMs`
 * forgets them. The breaker counts every restart within the window, quick or not.
 */
export function decideRestart(input: RestartInput): RestartDecision {
  const { exit, history, now } = input;
  if (!restartDue(input.policy, exit)) return { kind: 'none' };
  const consecutive = exit.durationMs >= input.backoffResetMs ? 0 : history.consecutive;
  const quick = exit.durationMs < input.minUptimeMs;
  const recent = history.times.filter((time) => time > now - input.restartWindowMs);
  if (recent.length >= input.maxRestarts) {
    // The count `status` shows is of restarts made: this crash is one more, with no restart after it.
    const crashes = recent.length + 1;
    const restarts = `${recent.length} ${recent.length === 1 ? 'restart' : 'restarts'}`;
    return { kind: 'crash-loop', reason: `crash loop: crashed ${crashes} ${crashes === 1 ? 'time' : 'times'} within ${formatDuration(input.restartWindowMs)} (${restarts})` };
  }
  return {
    kind: 'restart',
    delayMs: quick ? backoffDelayMs(consecutive, input.defaults) : 0,
    attempt: recent.length + 1,
    history: { consecutive: quick ? consecutive + 1 : consecutive, times: [...recent, now] },
  };
}

/** 60000 → `60s`, 1500 → `1.5s`, 250 → `250ms` (the units config durations use). */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Number((ms / 1000).toFixed(3))}s`;
}

/** How an exit reads in a status line: `exited with code 1`, `killed by SIGSEGV`. */
export function describeExit(exit: Pick<ExitRecord, 'code' | 'signal'>): string {
  return exit.signal === null ? `exited with code ${exit.code ?? 'unknown'}` : `killed by ${exit.signal}`;
}
