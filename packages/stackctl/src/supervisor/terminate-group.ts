// The stop policy: signal the process group, wait for leader and group to be gone, SIGKILL after the timeout.
import type { Clock } from '../system/clock.js';

export interface TerminateOptions {
  readonly clock: Clock;
  /** Signals the process group — the caller checks the fingerprint first and may refuse. */
  readonly signalGroup: (signal: NodeJS.Signals) => void;
  /** True while any process of the group is alive. */
  readonly groupAlive: () => boolean;
  /** True once the leader has exited. */
  readonly leaderExited: () => boolean;
  /** Resolves when the leader exits: the wait re-checks then instead of at the next poll. */
  readonly leaderExit: Promise<unknown>;
  /** The polite signal (stop_signal); skipped when `immediate`. */
  readonly signal: NodeJS.Signals;
  readonly timeoutMs: number;
  /** SIGKILL straight away (kill()). */
  readonly immediate: boolean;
  /** Resolves when the caller wants SIGKILL now, without waiting out the timeout (a kill() during a stop). */
  readonly escalate: Promise<void>;
  readonly pollMs: number;
  readonly killWaitMs: number;
}

export interface TerminateResult {
  /** SIGKILL was needed. */
  readonly forced: boolean;
  /** False when the group was still there after SIGKILL and `killWaitMs` (the caller warns). */
  readonly gone: boolean;
}

export async function terminateGroup(options: TerminateOptions): Promise<TerminateResult> {
  if (!options.immediate) {
    options.signalGroup(options.signal);
    if (await waitUntilGone(options, options.timeoutMs, options.escalate)) return { forced: false, gone: true };
  }
  if (isGone(options)) return { forced: false, gone: true };
  options.signalGroup('SIGKILL');
  const gone = await waitUntilGone(options, options.killWaitMs, new Promise<void>(() => {}));
  return { forced: true, gone };
}

function isGone(options: TerminateOptions): boolean {
  return options.leaderExited() && !options.groupAlive();
}

/** Polls every `pollMs` until the group is gone (true), the time is up or `interrupt` resolves (false). */
async function waitUntilGone(options: TerminateOptions, timeoutMs: number, interrupt: Promise<void>): Promise<boolean> {
  const { clock } = options;
  const deadline = clock.now() + timeoutMs;
  let interrupted = false;
  let wake: (() => void) | null = null;
  void interrupt.then(() => {
    interrupted = true;
    wake?.();
  });
  void options.leaderExit.then(() => wake?.());
  for (;;) {
    if (isGone(options)) return true;
    const remaining = deadline - clock.now();
    if (interrupted || remaining <= 0) return false;
    await new Promise<void>((resolve) => {
      const timer = clock.setTimeout(resolve, Math.min(options.pollMs, remaining));
      wake = () => {
        clock.clearTimeout(timer);
        resolve();
      };
    });
    wake = null;
  }
}
