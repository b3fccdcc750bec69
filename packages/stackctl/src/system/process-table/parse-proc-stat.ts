// Pure parsers for Linux /proc/<pid>/stat, /proc/<pid>/cmdline and the `btime` line of /proc/stat.

/** The fields of `/proc/<pid>/stat` stackctl uses; times in clock ticks, rss in pages. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  readonly pgid: number;
  readonly utimeTicks: number;
  readonly stimeTicks: number;
  /** Field 22: start time in clock ticks since boot. */
  readonly startTicks: number;
  readonly rssPages: number;
}

/**
 * Parses one `/proc/<pid>/stat` line. The comm field is in parentheses and may itself contain
 * spaces and `)`, so the line is split at the LAST `)`. Returns null when the text is malformed.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const comm = text.slice(open + 1, close);
  // fields[0] is field 3 (state), so field N is fields[N - 3]. Only the first 22 are split off: a
  // daemon parses a line per process on the machine at each look at its services' members, and
  // the ~30 fields after them were most of the garbage an idle daemon made.
  const fields = text.slice(close + 1).trim().split(/\s+/, 22);
  const field = (n: number): number => Number(fields[n - 3]);
  const state = fields[0];
  if (!Number.isInteger(pid) || state === undefined || fields.length < 22) return null;
  const stat: ProcStat = {
    pid,
    comm,
    state,
    ppid: field(4),
    pgid: field(5),
    utimeTicks: field(14),
    stimeTicks: field(15),
    startTicks: field(22),
    rssPages: field(24),
  };
  const numbers = [stat.ppid, stat.pgid, stat.utimeTicks, stat.stimeTicks, stat.startTicks, stat.rssPages];
  return numbers.every(Number.isFinite) ? stat : null;
}

/** Splits `/proc/<pid>/cmdline` (NUL-separated, NUL-terminated) into argv; [] when empty. */
export function parseCmdline(text: string): string[] {
  const trimmed = text.endsWith('\0') ? text.slice(0, -1) : text;
  return trimmed === '' ? [] : trimmed.split('\0');
}

/** The boot time in epoch seconds from the text of `/proc/stat`; null when absent. */
export function parseBootTime(procStatText: string): number | null {
  const match = /^btime\s+(\d+)\s*$/m.exec(procStatText);
  return match?.[1] === undefined ? null : Number(match[1]);
}
