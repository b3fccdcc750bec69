// The tool's own structured log: JSON lines in .stackctl/logs/stackctl.log, written synchronously, level from STACKCTL_LOG_LEVEL.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { formatLogRecord, LEVEL_NUMBERS, type LogLevelName } from './log-record.js';

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
}

export interface FileLogger extends Logger {
  /** Writes out anything still buffered; call before exiting (records are written at once: nothing is). */
  flush(): void;
}

/**
 * Opens (creating its folder) the log file on the first record. A record that cannot be written is
 * dropped: logging never fails the caller; the file is opened again for the next one.
 */
export function createFileLogger({ file, level, echo }: FileLoggerOptions): FileLogger {
  const threshold = level === 'silent' ? Number.POSITIVE_INFINITY : LEVEL_NUMBERS[level];
  let fd: number | null = null;
  const write = (name: LogLevelName, fields: LogFields, message: string): void => {
    if (LEVEL_NUMBERS[name] < threshold) return;
    try {
      const data = Buffer.from(formatLogRecord(name, fields, message, process.pid, new Date()));
      if (fd === null) {
        mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fd = openSync(file, 'a', 0o600); // private, as everything in .stackctl/
      }
      writeSync(fd, data);
    } catch {
      if (fd !== null) closeQuietly(fd);
      fd = null;
    }
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
    flush: () => {},
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
