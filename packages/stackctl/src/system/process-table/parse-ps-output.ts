// Pure parser for BSD/macOS `ps -o pid=,ppid=,pgid=,state=,rss=,time=,lstart=,command=` output.

/** The `-o` list the parser expects, in this order; `command` must stay last (it has spaces). */
export const PS_COLUMNS = 'pid=,ppid=,pgid=,state=,rss=,time=,lstart=,command=';

export interface PsRow {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** The first letter of `state` (R, S, I, T, U, Z); the flags that follow are dropped. */
  readonly state: string;
  readonly rssBytes: number;
  readonly cpuTimeMs: number;
  /** `lstart` in epoch milliseconds (whole seconds), read in the local time zone as ps prints it. */
  readonly startedAt: number;
  /** The command line as ps shows it: arguments joined by spaces. */
  readonly command: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const ROW = new RegExp(
  [
    /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+/.source, // pid ppid pgid state rss time
    /\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})\s+/.source, // lstart: Tue Mar  5 09:12:33 2024
    /(.*?)\s*$/.source, // command
  ].join(''),
);

/** Parses every well-formed row; lines that do not fit (headers, blanks) are skipped. */
export function parsePsOutput(text: string): PsRow[] {
  const rows: PsRow[] = [];
  for (const line of text.split('\n')) {
    const row = parsePsLine(line);
    if (row !== null) rows.push(row);
  }
  return rows;
}

/** Parses one row, or null when it does not fit the expected columns (LC_ALL=C is assumed). */
export function parsePsLine(line: string): PsRow | null {
  const m = ROW.exec(line);
  if (m === null) return null;
  const [, pid, ppid, pgid, state, rssKib, time, month, day, hh, mm, ss, year, command] = m;
  const monthIndex = MONTHS.indexOf(month ?? '');
  const cpuTimeMs = parseCpuTime(time ?? '');
  if (monthIndex < 0 || cpuTimeMs === null) return null;
  const started = new Date(Number(year), monthIndex, Number(day), Number(hh), Number(mm), Number(ss));
  return {
    pid: Number(pid),
    ppid: Number(ppid),
    pgid: Number(pgid),
    state: (state ?? '?').charAt(0),
    rssBytes: Number(rssKib) * 1024,
    cpuTimeMs,
    startedAt: started.getTime(),
    command: command ?? '',
  };
}

/**
 * Parses ps's cumulative CPU time: BSD `m:ss.cc` (minutes may pass 59), or `[d-]hh:mm:ss[.cc]`.
 * Returns milliseconds, or null when malformed.
 */
export function parseCpuTime(text: string): number | null {
  const m = /^(?:(\d+)-)?((?:\d+:){0,2})(\d+(?:\.\d+)?)$/.exec(text);
  if (m === null) return null;
  const days = Number(m[1] ?? 0);
  const upper = (m[2] ?? '').split(':').filter((part) => part !== '').map(Number);
  const seconds = Number(m[3]);
  const [hours, minutes] = upper.length === 2 ? [upper[0] ?? 0, upper[1] ?? 0] : [0, upper[0] ?? 0];
  return Math.round((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000);
}
