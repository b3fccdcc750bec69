// `.stackctl/daemon.pid`: the daemon's pid on the first line (for `kill $(head -1 …)`), its fingerprint as JSON on the second.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { checkFingerprint, takeFingerprint, type FingerprintVerdict, type ProcessFingerprint, type ProcessTable } from '../system/process-table/index.js';

export interface DaemonPidRecord {
  readonly pid: number;
  /** Null where the process table could not read our own process. */
  readonly fingerprint: ProcessFingerprint | null;
  /** Epoch ms when the daemon started. */
  readonly startedAt: number;
}

/** Written by the lock holder only, atomically (temp file + rename). */
export function writeDaemonPidFile(file: string, table: ProcessTable, startedAt = Date.now()): DaemonPidRecord {
  const record: DaemonPidRecord = { pid: process.pid, fingerprint: takeFingerprint(table, process.pid), startedAt };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${record.pid}\n${JSON.stringify(record)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  return record;
}

/** Null when there is no (readable) pid file. */
export function readDaemonPidFile(file: string): DaemonPidRecord | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const [first, second] = text.split('\n');
  try {
    const parsed = JSON.parse(second ?? '') as Partial<DaemonPidRecord>;
    if (typeof parsed.pid === 'number') {
      return { pid: parsed.pid, fingerprint: parsed.fingerprint ?? null, startedAt: parsed.startedAt ?? 0 };
    }
  } catch {
    // an older or hand-written file: the pid alone
  }
  const pid = Number(first);
  return Number.isSafeInteger(pid) && pid > 0 ? { pid, fingerprint: null, startedAt: 0 } : null;
}

/** Removes the pid file if it still names this process (a successor may have written its own). */
export function removeOwnDaemonPidFile(file: string): void {
  if (readDaemonPidFile(file)?.pid !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Whether the recorded daemon is the process now holding its pid. A record without a fingerprint
 * is never trusted enough to signal (`reused`).
 */
export function checkDaemonPid(table: ProcessTable, record: DaemonPidRecord): FingerprintVerdict {
  if (record.fingerprint === null) return table.info(record.pid) === null ? 'gone' : 'reused';
  return checkFingerprint(table, record.fingerprint);
}
