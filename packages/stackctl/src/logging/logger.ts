// The tool's own structured log: JSON lines in .stackctl/logs/stackctl.log, written synchronously, rotated by size, level from STACKCTL_LOG_LEVEL.
import { closeSync, fstatSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { formatLogRecord, LEVEL_NUMBERS, type LogLevelName } from './log-record.js';
import { RecordRateLimit } from './record-rate-limit.js';
import { rotateFileSync } from './rotate-file-sync.js';

/*
 * Why not pino: the log gets a few lines a minute, and pino (with its serializers, redaction and
 * stream modules) was the largest single part of the daemon's memory that it loaded for itself:
 * about 4 MB of its resident size with 10 idle services (bench/daemon-rss.js). The records keep
 * pino's shape, so the file reads the same. Each record is one append (O_APPEND, one write): lines
 * from the daemon and from a CLI writing at the same time never interleave, and nothing waits in
 * memory, so a daemon killed with SIGKILL loses no record.
 */

export type LogFields = Record<string, unknown>;

/** The logging seam the engine and hosts write to. */
export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** A level name as STACKCTL_LOG_LEVEL takes it: pino's names, `silent` writing nothing. */
export type Level = LogLevelName | 'silent';

const LEVELS: readonly string[] = [...Object.keys(LEVEL_NUMBERS), 'silent'];

/** The level named by STACKCTL_LOG_LEVEL, or `info`; `--debug` lowers it to `debug`. */
export function logLevelFrom(env: Readonly<Record<string, string | undefined>>, debug: boolean): Level {
  const wanted = env.STACKCTL_LOG_LEVEL?.toLowerCase();
  if (wanted !== undefined && LEVELS.includes(wanted)) return wanted as Level;
  return debug ? 'debug' : 'info';
}

export interface FileLoggerOptions {
  readonly file: string;
  readonly level: Level;
  /** Also hands every debug-or-higher record to this callback (used by `--debug` to echo engine lines). */
  readonly echo?: (level: string, message: string, fields: LogFields) => void;
  /** Rotation: a record that would make the file larger than this first moves it to `.1` (default 1 MiB). */
  readonly maxBytes?: number;
  /** Files kept in total, the current one included (default 3: `stackctl.log`, `.1`, `.2`). */
  readonly maxFiles?: number;
  /** Warnings and errors of one kind (level and message) written at most once per this window (default a minute). */
  readonly rateWindowMs?: number;
  /** Epoch ms (tests pass a fake clock). */
  readonly now?: () => number;
}

export const TOOL_LOG_DEFAULTS = { maxBytes: 1024 * 1024, maxFiles: 3, rateWindowMs: 60_000 } as const;

export interface FileLogger extends Logger {
  /** Writes what is still held back (the counts of suppressed records); call before exiting. Records themselves are written at once. */
  flush(): void;
}

/**
 * Opens (creating its folder) the log file on the first record. A record that cannot be written is
 * dropped: logging never fails the caller; the file is opened again for the next one.
 *
 * Bounded: the file is rotated by size (`maxBytes` × `maxFiles`); before it rotates, the logger
 * checks that the name still is its file (the daemon and CLIs append to the same one: whoever
 * rotated first, the others follow into the new file). Warnings and errors are rate-limited per
 * kind (level and message): one per `rateWindowMs`, then, with the next one of that kind (or at
 * `flush()`), a record saying how many were suppressed — a failure repeating in a loop gives a few
 * records a minute, not hundreds of stack traces a second.
 */
export function createFileLogger({ file, level, echo, ...options }: FileLoggerOptions): FileLogger {
  const threshold = level === 'silent' ? Number.POSITIVE_INFINITY : LEVEL_NUMBERS[level];
  const maxBytes = options.maxBytes ?? TOOL_LOG_DEFAULTS.maxBytes;
  const maxFiles = options.maxFiles ?? TOOL_LOG_DEFAULTS.maxFiles;
  const now = options.now ?? Date.now;
  const limit = new RecordRateLimit(options.rateWindowMs ?? TOOL_LOG_DEFAULTS.rateWindowMs);
  let fd: number | null = null;
  let size = 0;
  const open = (): number => {
    if (fd !== null) return fd;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fd = openSync(file, 'a', 0o600); // private, as everything in .stackctl/
    size = fstatSync(fd).size;
    return fd;
  };
  const close = (): void => {
    if (fd !== null) closeQuietly(fd);
    fd = null;
  };
  /** Makes room for `bytes` more: rotates, unless another writer did already (then follows it into the new file). */
  const makeRoom = (bytes: number): void => {
    if (size === 0 || size + bytes <= maxBytes || fd === null) return;
    const own = fstatSync(fd);
    const named = statSync(file, { throwIfNoEntry: false });
    close();
    if (named !== undefined && named.ino === own.ino && named.dev === own.dev) rotateFileSync(file, maxFiles);
    open();
    if (size > 0 && size + bytes > maxBytes) {
      close();
      rotateFileSync(file, maxFiles);
      open();
    }
  };
  const append = (name: LogLevelName, fields: LogFields, message: string, time: number): void => {
    try {
      const data = Buffer.from(formatLogRecord(name, fields, message, process.pid, new Date(time)));
      open();
      makeRoom(data.length);
      size += writeSync(open(), data);
    } catch {
      close();
    }
  };
  const suppressedRecord = (kind: string, count: number, time: number): void => {
    const [name, ...rest] = kind.split(':');
    append(name as LogLevelName, { suppressed: count, kind: rest.join(':') }, `${count} more record${count === 1 ? '' : 's'} like this one suppressed`, time);
  };
  const write = (name: LogLevelName, fields: LogFields, message: string): void => {
    if (LEVEL_NUMBERS[name] < threshold) return;
    const time = now();
    if (LEVEL_NUMBERS[name] >= LEVEL_NUMBERS.warn) {
      const kind = `${name}:${message}`;
      const verdict = limit.admit(kind, time);
      if (!verdict.write) return;
      for (const [evicted, count] of limit.evict()) suppressedRecord(evicted, count, time);
      if (verdict.suppressed > 0) suppressedRecord(kind, verdict.suppressed, time);
    }
    append(name, fields, message, time);
  };
  const at =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: LogFields, message: string): void => {
      write(name, fields, message);
      echo?.(name, message, fields);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    flush: () => {
      const time = now();
      for (const [kind, count] of limit.drain()) suppressedRecord(kind, count, time);
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
