// A ProcessTable over a fixed list of rows, for unit tests of decisions made from a process table.
import { collectDescendants, type ProcessInfo, type ProcessTable } from '../../src/system/process-table/index.js';

/** The fields a test cares about; the rest of ProcessInfo is filled in. */
export interface ProcessRow {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly startTime: number;
  readonly command: string;
  /** Default `S`; `Z` for a zombie. */
  readonly state?: string;
}

export function tableFromRows(rows: readonly ProcessRow[]): ProcessTable {
  const byPid = new Map(rows.map((row) => [row.pid, row]));
  const live = () => rows.filter((row) => row.state !== 'Z' && row.state !== 'X');
  return {
    info(pid) {
      const row = byPid.get(pid);
      return row === undefined ? null : toInfo(row);
    },
    children: (pid) => live().filter((row) => row.ppid === pid).map((row) => row.pid).sort((a, b) => a - b),
    descendants: (pid) => collectDescendants(live(), pid),
    groupMembers: (pgid) => live().filter((row) => row.pgid === pgid).map((row) => row.pid).sort((a, b) => a - b),
  };
}

function toInfo(row: ProcessRow): ProcessInfo {
  return {
    pid: row.pid,
    ppid: row.ppid,
    pgid: row.pgid,
    state: row.state ?? 'S',
    startTime: row.startTime,
    startedAt: row.startTime,
    name: row.command.split(' ')[0] ?? '',
    argv: row.command.split(' '),
    command: row.command,
    cwd: null,
    rssBytes: 1,
    cpuTimeMs: 0,
    cpuUserMs: null,
    cpuSystemMs: null,
  };
}
