// The tool's own structured log: JSON lines (pino) in .stackctl/logs/stackctl.log, level from STACKCTL_LOG_LEVEL.
import { pino, type Level } from 'pino';

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

const LEVELS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The level named by STACKCTL_LOG_LEVEL, or `info`; `--debug` lowers it to `debug`. */
export function logLevelFrom(env: Readonly<Record<string, string | undefined>>, debug: boolean): Level | 'silent' {
  const wanted = env.STACKCTL_LOG_LEVEL?.toLowerCase();
  if (wanted !== undefined && LEVELS.includes(wanted)) return wanted as Level | 'silent';
  return debug ? 'debug' : 'info';
}

export interface FileLoggerOptions {
  readonly file: string;
  readonly level: Level | 'silent';
  /** Also hands every debug-or-higher record to this callback (used by `--debug` to echo engine lines). */
  readonly echo?: (level: string, message: string, fields: LogFields) => void;
}

export interface FileLogger extends Logger {
  /** Writes out anything still buffered; call before exiting. */
  flush(): void;
}

export function createFileLogger({ file, level, echo }: FileLoggerOptions): FileLogger {
  const destination = pino.destination({ dest: file, mkdir: true, sync: true });
  const base = pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  const at =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: LogFields, message: string): void => {
      base[name](fields, message);
      echo?.(name, message, fields);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    flush: () => destination.flushSync(),
  };
}
