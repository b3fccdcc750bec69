// Stops everything left in a service's cgroup with no engine around (`stop` with no daemon): stop signal, wait, cgroup.kill.
import type { ServiceCgroup } from './service-cgroup.js';
import { pollUntil } from '../poll-until.js';

export interface CgroupStopOptions {
  /** The polite signal (stop_signal); skipped when `immediate`. */
  readonly signal: NodeJS.Signals;
  readonly timeoutMs: number;
  /** Straight to cgroup.kill (the service already had its stop timeout). */
  readonly immediate: boolean;
  readonly pollMs: number;
  /** After cgroup.kill, how long to wait for the cgroup to be empty. */
  readonly killWaitMs: number;
}

export interface CgroupStopResult {
  /** Processes found in the cgroup when the stop began (0: nothing was done). */
  readonly found: number;
  /** Their pids, ascending. */
  readonly pids: readonly number[];
  /** Processes still there when cgroup.kill came (0: all left after the polite signal). */
  readonly killed: number;
  /** The cgroup was empty at the end (and its folder removed). */
  readonly gone: boolean;
}

/** Each member gets `signal`; whatever is left after `timeoutMs` gets cgroup.kill; the empty folder is removed. */
export async function stopCgroup(cgroup: ServiceCgroup, options: CgroupStopOptions): Promise<CgroupStopResult> {
  const pids = cgroup.members();
  const found = pids.length;
  if (!cgroup.populated()) {
    cgroup.remove();
    return { found, pids, killed: 0, gone: true };
  }
  const empty = (): boolean => !cgroup.populated();
  if (!options.immediate) {
    for (const pid of cgroup.members()) signal(pid, options.signal);
    if (await pollUntil(empty, options.timeoutMs, options.pollMs)) {
      cgroup.remove();
      return { found, pids, killed: 0, gone: true };
    }
  }
  const killed = cgroup.members().length;
  cgroup.kill();
  const gone = await pollUntil(empty, options.killWaitMs, options.pollMs);
  if (gone) cgroup.remove();
  return { found, pids, killed, gone };
}

function signal(pid: number, which: NodeJS.Signals): void {
  if (pid <= 1 || pid === process.pid) return;
  try {
    process.kill(pid, which);
  } catch {
    // gone meanwhile
  }
}
