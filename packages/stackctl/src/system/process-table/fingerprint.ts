// Process fingerprints: recognise the process stackctl started even after its PID is reused.
import type { ProcessFingerprint, ProcessInfo, ProcessTable } from './process-table.js';

/**
 * How a recorded fingerprint compares with the process now holding its PID:
 * - `match`: same start time and command — the very process;
 * - `gone`: no living process has that PID (zombies count as gone);
 * - `reused`: a different process (another start time) now has the PID — never signal it;
 * - `command-changed`: same start time, other command — the same process after `exec`
 *   (for example `sh -c 'exec node …'`) or after rewriting its title; the caller decides.
 */
export type FingerprintVerdict = 'match' | 'gone' | 'reused' | 'command-changed';

/** The fingerprint of a process already read. */
export function fingerprintOf(info: ProcessInfo): ProcessFingerprint {
  return { pid: info.pid, pgid: info.pgid, startTime: info.startTime, command: info.command };
}

/** The fingerprint of `pid`, or null when it does not exist. */
export function takeFingerprint(table: ProcessTable, pid: number): ProcessFingerprint | null {
  const info = table.info(pid);
  return info === null ? null : fingerprintOf(info);
}

/** Compares a fingerprint with a freshly read process (null: no process with that PID). */
export function compareFingerprint(current: ProcessInfo | null, recorded: ProcessFingerprint): FingerprintVerdict {
  if (current === null || current.state === 'Z' || current.state === 'X') return 'gone';
  if (current.startTime !== recorded.startTime) return 'reused';
  return current.command === recorded.command ? 'match' : 'command-changed';
}

/** Reads the PID's process now and compares it with the fingerprint. */
export function checkFingerprint(table: ProcessTable, recorded: ProcessFingerprint): FingerprintVerdict {
  return compareFingerprint(table.info(recorded.pid), recorded);
}

/** True only when the PID is alive, started at the recorded time and runs the recorded command. */
export function matchesFingerprint(table: ProcessTable, recorded: ProcessFingerprint): boolean {
  return checkFingerprint(table, recorded) === 'match';
}
