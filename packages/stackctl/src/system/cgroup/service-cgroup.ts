// One service's cgroup v2 folder: its members, whether anything still lives in it, kill-all and removal.
import fs from 'node:fs';
import path from 'node:path';
import { parseProcStat } from '../process-table/parse-proc-stat.js';
import { parsePopulated, parseProcs } from './parse-cgroup-files.js';

/** How many rounds the SIGKILL-each-member fallback (no cgroup.kill) goes before giving up. */
const KILL_ROUNDS = 50;

/**
 * A cgroup holds exactly the processes placed in it and everything they fork — whatever process
 * group or session they move to — so its members are provably the service's. Every method is
 * synchronous, reads the kernel's files afresh, and treats a missing folder as an empty cgroup.
 */
export class ServiceCgroup {
  constructor(readonly path: string) {}

  /** Makes the folder (and its parents) when missing. Throws the file system's error. */
  static create(dir: string): ServiceCgroup {
    fs.mkdirSync(dir, { recursive: true });
    return new ServiceCgroup(dir);
  }

  exists(): boolean {
    return fs.existsSync(path.join(this.path, 'cgroup.procs'));
  }

  /** The live processes in it (ascending); zombies are not listed. */
  members(): number[] {
    const text = readOrNull(path.join(this.path, 'cgroup.procs'));
    return text === null ? [] : parseProcs(text);
  }

  /** True while any live process is in it (or below it). */
  populated(): boolean {
    const events = readOrNull(path.join(this.path, 'cgroup.events'));
    if (events === null) return false;
    return parsePopulated(events) ?? this.members().length > 0;
  }

  /**
   * SIGKILLs every process in it at once through `cgroup.kill` (Linux 5.14+), which also catches
   * one forking at that moment. Without cgroup.kill: SIGKILL member by member, again until none is
   * listed (or KILL_ROUNDS passed). False when the cgroup is gone.
   */
  kill(): boolean {
    try {
      // r+: never create the file (on a kernel without it, ENOENT leads to the fallback).
      fs.writeFileSync(path.join(this.path, 'cgroup.kill'), '1', { flag: 'r+' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !this.exists()) return false;
    }
    for (let round = 0; round < KILL_ROUNDS; round += 1) {
      const members = this.members();
      if (members.length === 0) break;
      for (const pid of members) signalPid(pid, 'SIGKILL');
    }
    return true;
  }

  /**
   * Sends `signal` to each member outside process group `pgid`: those that left the service's group
   * (setsid, setpgid), which a signal to the group misses, except the pids in `skip` (already
   * signalled). Returns how many were signalled.
   */
  signalOutsideGroup(pgid: number, signal: NodeJS.Signals, skip: ReadonlySet<number> = new Set()): number {
    let sent = 0;
    for (const pid of this.members()) {
      if (skip.has(pid)) continue;
      const stat = readOrNull(`/proc/${pid}/stat`);
      const parsed = stat === null ? null : parseProcStat(stat);
      if (parsed === null || parsed.pgid === pgid) continue;
      if (signalPid(pid, signal)) sent += 1;
    }
    return sent;
  }

  /** Removes the folder once nothing lives in it; false while processes remain (EBUSY). A missing folder counts as removed. */
  remove(): boolean {
    try {
      fs.rmdirSync(this.path);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT';
    }
  }
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** kill(2); false when the process is gone. */
function signalPid(pid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}
