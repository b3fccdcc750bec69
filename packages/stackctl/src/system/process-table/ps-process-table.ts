// macOS (BSD) process table read from `ps`, behind the same interface as the Linux /proc reader.
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { PS_COLUMNS, parsePsOutput, type PsRow } from './parse-ps-output.js';
import type { ProcessInfo, ProcessTable } from './process-table.js';
import { collectDescendants } from './process-tree.js';

/** Runs `ps` with these arguments and returns its stdout ('' when it failed or found nothing). */
export type PsRunner = (args: readonly string[]) => string;

/** Spawns the system `ps` synchronously, with the C locale so `lstart` month names are English. */
export const systemPs: PsRunner = (args) => {
  const result = spawnSync('ps', [...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return typeof result.stdout === 'string' ? result.stdout : '';
};

/**
 * A process table built on `ps` output. Limits: argv is the command split at spaces (ps joins the
 * arguments), cwd is unknown (null), CPU time is the user+system total, start time has 1 s precision.
 */
export class PsProcessTable implements ProcessTable {
  constructor(private readonly runPs: PsRunner = systemPs) {}

  info(pid: number): ProcessInfo | null {
    if (!Number.isSafeInteger(pid) || pid <= 0) return null;
    const row = parsePsOutput(this.runPs(['-ww', '-p', String(pid), '-o', PS_COLUMNS])).find((r) => r.pid === pid);
    return row === undefined ? null : toProcessInfo(row);
  }

  children(pid: number): number[] {
    return this.scan()
      .filter((row) => row.ppid === pid)
      .map((row) => row.pid)
      .sort((a, b) => a - b);
  }

  descendants(pid: number): number[] {
    return collectDescendants(this.scan(), pid);
  }

  groupMembers(pgid: number): number[] {
    return this.scan()
      .filter((row) => row.pgid === pgid)
      .map((row) => row.pid)
      .sort((a, b) => a - b);
  }

  private scan(): PsRow[] {
    return parsePsOutput(this.runPs(['-A', '-ww', '-o', PS_COLUMNS])).filter((row) => row.state !== 'Z');
  }
}

function toProcessInfo(row: PsRow): ProcessInfo {
  const argv = row.command === '' ? [] : row.command.split(' ');
  const name = basename(argv[0] ?? '');
  return {
    pid: row.pid,
    ppid: row.ppid,
    pgid: row.pgid,
    state: row.state,
    startTime: Math.floor(row.startedAt / 1000),
    startedAt: row.startedAt,
    name,
    argv: argv.length > 0 ? argv : [name],
    command: row.command,
    cwd: null,
    rssBytes: row.rssBytes,
    cpuTimeMs: row.cpuTimeMs,
    cpuUserMs: null,
    cpuSystemMs: null,
  };
}
