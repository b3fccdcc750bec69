// Process liveness for tests: a pid is alive when signal 0 reaches it and (on Linux) it is not a zombie.
import fs from 'node:fs';
import { waitFor } from './wait-for.js';

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Waits until none of `pids` is alive; fails naming the survivors. */
export async function expectPidsGone(pids: Iterable<number>, timeoutMs = 10_000): Promise<void> {
  const list = [...new Set(pids)];
  await waitFor(() => list.every((pid) => !pidAlive(pid)), { timeoutMs }).catch(() => {
    throw new Error(`processes still alive: ${list.filter(pidAlive).join(', ')}`);
  });
}

/** Last resort in cleanup: SIGKILL whatever survived, so one failing test does not leak processes into others. */
export function killSurvivors(pids: Iterable<number>): number[] {
  const survivors = [...new Set(pids)].filter(pidAlive);
  for (const pid of survivors) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return survivors;
}

/**
 * After a test whose code under test had to end `pids`: asserts each gone, SIGKILLs any survivor
 * either way (so one failure does not leak into the next test), and empties the set.
 */
export async function expectPidsGoneAndClear(pids: Set<number>): Promise<void> {
  try {
    await expectPidsGone(pids);
  } finally {
    killSurvivors(pids);
    pids.clear();
  }
}

/** After a test that started `pids` itself (outside any engine): SIGKILLs them, asserts each gone, empties the set. */
export async function killPidsAndClear(pids: Set<number>): Promise<void> {
  killSurvivors(pids);
  try {
    await expectPidsGone(pids);
  } finally {
    pids.clear();
  }
}
