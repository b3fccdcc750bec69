// Linux process table read straight from /proc by hand — no `ps` spawned — for speed and control.
import { closeSync, openSync, readFileSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import { parseBootTime, parseCmdline, parseProcStat, type ProcStat } from './parse-proc-stat.js';
import type { ProcessInfo, ProcessTable } from './process-table.js';
import { collectDescendants } from './process-tree.js';

export interface LinuxProcessTableOptions {
  /** Where procfs is mounted; tests point this at a fake tree. Default `/proc`. */
  readonly procRoot?: string;
  /**
   * Clock ticks per second (USER_HZ, `getconf CLK_TCK`). Node cannot call sysconf(); the kernel
   * fixes USER_HZ at 100 for user space on x86, arm and arm64 (alpha and ia64 differ), so 100 is
   * assumed unless given.
   */
  readonly clockTicksPerSecond?: number;
  /** Memory page size in bytes; by default read once from `/proc/self/smaps`, else 4096. */
  readonly pageSize?: number;
}

const DEFAULT_CLOCK_TICKS = 100;
const DEFAULT_PAGE_SIZE = 4096;

/*
 * Paths are put together by hand, not with path.join: a daemon refreshes its services' members
 * every few seconds, one stat file per process on the machine each time, and that many calls make
 * V8 optimize Node's path normalization, whose first optimized function pages in ~4 MB of the
 * compiler for good (bench/daemon-rss.js, 10 idle services 15 s after start: 54.6 → 48.0 MB).
 */

export class LinuxProcessTable implements ProcessTable {
  private readonly procRoot: string;
  /** The latest scan, kept until the current synchronous job ends (see scan). */
  private scanned: ProcStat[] | null = null;
  private readonly ticksPerSecond: number;
  private pageSizeBytes: number | undefined;
  private bootTimeMs: number | undefined;

  constructor(options: LinuxProcessTableOptions = {}) {
    this.procRoot = (options.procRoot ?? '/proc').replace(/(?<=.)\/+$/, '');
    this.ticksPerSecond = options.clockTicksPerSecond ?? DEFAULT_CLOCK_TICKS;
    this.pageSizeBytes = options.pageSize;
  }

  info(pid: number): ProcessInfo | null {
    if (!isPid(pid)) return null;
    const stat = this.readStat(String(pid));
    if (stat === null) return null;
    const dir = `${this.procRoot}/${pid}`;
    const argvRead = parseCmdline(readOrEmpty(`${dir}/cmdline`));
    const argv = argvRead.length > 0 ? argvRead : [stat.comm];
    const msPerTick = 1000 / this.ticksPerSecond;
    const cpuUserMs = stat.utimeTicks * msPerTick;
    const cpuSystemMs = stat.stimeTicks * msPerTick;
    return {
      pid: stat.pid,
      ppid: stat.ppid,
      pgid: stat.pgid,
      state: stat.state,
      startTime: stat.startTicks,
      startedAt: Math.round(this.bootTime() + stat.startTicks * msPerTick),
      name: stat.comm,
      argv,
      command: argv.join(' '),
      cwd: readLinkOrNull(`${dir}/cwd`),
      rssBytes: stat.rssPages * this.pageSize(),
      cpuTimeMs: cpuUserMs + cpuSystemMs,
      cpuUserMs,
      cpuSystemMs,
    };
  }

  children(pid: number): number[] {
    return this.scan()
      .filter((stat) => stat.ppid === pid)
      .map((stat) => stat.pid)
      .sort((a, b) => a - b);
  }

  descendants(pid: number): number[] {
    return collectDescendants(this.scan(), pid);
  }

  groupMembers(pgid: number): number[] {
    return this.scan()
      .filter((stat) => stat.pgid === pgid)
      .map((stat) => stat.pid)
      .sort((a, b) => a - b);
  }

  /**
   * Every living process's stat, in one pass over /proc (this machine's tree has no `children`
   * files). One plan asks for a group's members and for descendants in the same synchronous job:
   * both get the same pass, which is dropped once that job ends (so any later call reads /proc anew).
   */
  private scan(): ProcStat[] {
    if (this.scanned !== null) return this.scanned;
    const stats: ProcStat[] = [];
    for (const entry of listPidDirs(this.procRoot)) {
      const stat = this.readStat(entry);
      if (stat !== null && stat.state !== 'Z' && stat.state !== 'X') stats.push(stat);
    }
    this.scanned = stats;
    queueMicrotask(() => {
      this.scanned = null;
    });
    return stats;
  }

  private readStat(pidDir: string): ProcStat | null {
    const text = readOrNull(`${this.procRoot}/${pidDir}/stat`);
    return text === null ? null : parseProcStat(text);
  }

  private bootTime(): number {
    if (this.bootTimeMs === undefined) {
      const btime = parseBootTime(readOrEmpty(`${this.procRoot}/stat`));
      this.bootTimeMs = btime === null ? 0 : btime * 1000;
    }
    return this.bootTimeMs;
  }

  private pageSize(): number {
    this.pageSizeBytes ??= readKernelPageSize(this.procRoot) ?? DEFAULT_PAGE_SIZE;
    return this.pageSizeBytes;
  }
}

/** The numeric entries of the proc root: one per process (threads are hidden). */
export function listPidDirs(procRoot: string): string[] {
  try {
    return readdirSync(procRoot).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
}

function isPid(pid: number): boolean {
  return Number.isSafeInteger(pid) && pid > 0;
}

/** Reads a small proc file; null when the process vanished or the file is not ours to read. */
function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readOrEmpty(path: string): string {
  return readOrNull(path) ?? '';
}

function readLinkOrNull(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/** The page size from the first mapping in `smaps` (its first 4 KiB suffice); null if unreadable. */
function readKernelPageSize(procRoot: string): number | null {
  let fd: number | undefined;
  try {
    fd = openSync(`${procRoot}/self/smaps`, 'r');
    const buffer = Buffer.alloc(4096);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const match = /KernelPageSize:\s+(\d+) kB/.exec(buffer.toString('latin1', 0, length));
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
