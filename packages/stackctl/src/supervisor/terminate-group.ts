// The stop policy: signal the process group (and its cgroup's strays), wait for leader, group and cgroup to be gone, SIGKILL (cgroup.kill) after the timeout.
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
  /**
   * The service's cgroup (Linux, where one could be made): the service is gone only once it is
   * empty too, its members outside the process group get the polite signal as well, and the
   * final step is cgroup.kill. Absent: the process group alone counts.
   */
  readonly cgroup?: CgroupControl;
}

/** What terminateGroup needs of a cgroup (see system/cgroup/service-cgroup.ts). */
export interface CgroupControl {
  /** True while any live process is in it. */
  populated(): boolean;
  /** Its live processes. */
  members(): readonly number[];
  /** Sends the signal to its members that left the process group (setsid, setpgid). */
  signalStrays(signal: NodeJS.Signals): void;
  /** SIGKILLs every member at once. */
  kill(): void;
}

export interface TerminateResult {
  /** SIGKILL was needed. */
  readonly forced: boolean;
  /** False when the group (or the cgroup) was still there after SIGKILL and `killWaitMs` (the caller warns). */
  readonly gone: boolean;
  /** With a cgroup: how many processes were still in it when SIGKILL came (0 without SIGKILL); null without a cgroup. */
  readonly killed: number | null;
}

export async function terminateGroup(options: TerminateOptions): Promise<TerminateResult> {
  const { cgroup } = options;
  const clean: TerminateResult = { forced: false, gone: true, killed: cgroup === undefined ? null : 0 };
  if (!options.immediate) {
    options.signalGroup(options.signal);
    cgroup?.signalStrays(options.signal);
    if (await waitUntilGone(options, options.timeoutMs, options.escalate)) return clean;
  }
  if (isGone(options)) return clean;
  const killed = cgroup === undefined ? null : cgroup.members().length;
  options.signalGroup('SIGKILL');
  cgroup?.kill();
  const gone = await waitUntilGone(options, options.killWaitMs, new Promise<void>(() => {}));
  return { forced: true, gone, killed };
}

function isGone(options: TerminateOptions): boolean {
  return options.leaderExited() && !options.groupAlive() && options.cgroup?.populated() !== true;
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
