// Feeds every service's output lines into `.stackctl/logs/<service>.log`, written in the same tick they were read.
import type { writeSync } from 'node:fs';
import type { ResolvedConfig } from '../config/types.js';
import { logFilePath } from '../logs/log-file-paths.js';
import type { EngineHandle } from '../supervisor/engine-handle.js';
import type { OutputBatch, OutputLine } from '../supervisor/types.js';
import type { LogLossSummary } from './log-loss.js';
import { SyncLogFile, type LogLossChange } from './sync-log-file.js';

export interface ServiceLogFilesOptions {
  readonly config: ResolvedConfig;
  readonly logsDir: string;
  /** An error that is not a failed write (those are counted, see `onLoss`): a bug, to be logged. */
  readonly onError: (error: unknown) => void;
  /**
   * A service's log writes began to fail (its lines are counted, the next writes try again), or
   * work again (the marker of the lines lost is in its file). Once per episode each, not per write.
   */
  readonly onLoss?: (service: string, change: LogLossChange) => void;
  /** For tests: the write call the files use (default fs.writeSync). */
  readonly writeSync?: typeof writeSync;
}

/**
 * The engine's output comes in batches, one per chunk read from a service's pipe: each is written
 * at once, synchronously, with one write, in the very callback that read it (the engine hands
 * batches over before per-line listeners see them) — so a daemon killed with SIGKILL loses at most
 * the one chunk it was handling at that instant; what it had not read yet waits in the pipe for the
 * next daemon. Single lines (`write`) are collected while the current task runs and written in a
 * microtask right after it, one write per service.
 */
export class ServiceLogFiles {
  readonly #options: ServiceLogFilesOptions;
  readonly #files = new Map<string, SyncLogFile>();
  #pending = new Map<string, OutputLine[]>();
  #scheduled = false;
  #closed = false;

  constructor(options: ServiceLogFilesOptions) {
    this.#options = options;
  }

  /** Subscribes to the engine's output; returns the unsubscribe function. */
  attach(engine: Pick<EngineHandle, 'onOutputBatch'>): () => void {
    return engine.onOutputBatch((batch) => this.writeBatch(batch));
  }

  /** Writes one chunk's lines now (after any single lines still pending, so the file keeps their order). */
  writeBatch(batch: OutputBatch): void {
    if (this.#closed) return;
    if (this.#pending.size > 0) this.#writePending();
    const file = this.#fileFor(batch.service);
    try {
      file.appendBatch(batch);
    } catch (error) {
      file.reset();
      this.#options.onError(error);
    }
  }

  write(line: OutputLine): void {
    if (this.#closed) return;
    let lines = this.#pending.get(line.service);
    if (lines === undefined) {
      lines = [];
      this.#pending.set(line.service, lines);
    }
    lines.push(line);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.#writePending());
    }
  }

  /** Resolves once every line accepted so far is in its file. */
  async flush(): Promise<void> {
    this.#writePending();
  }

  /** The lines of `service` its log file could not take since these files were opened; null when none. */
  lossOf(service: string): LogLossSummary | null {
    return this.#files.get(service)?.loss() ?? null;
  }

  /** Writes what is pending and closes every file; later lines are dropped. */
  async close(): Promise<void> {
    this.#writePending();
    this.#closed = true;
    for (const file of this.#files.values()) {
      try {
        file.close();
      } catch (error) {
        this.#options.onError(error);
      }
    }
  }

  #writePending(): void {
    this.#scheduled = false;
    const pending = this.#pending;
    if (pending.size === 0) return;
    this.#pending = new Map();
    for (const [service, lines] of pending) {
      const file = this.#fileFor(service);
      try {
        file.append(lines);
      } catch (error) {
        file.reset();
        this.#options.onError(error);
      }
    }
  }

  #fileFor(service: string): SyncLogFile {
    let file = this.#files.get(service);
    if (file === undefined) {
      const limits = this.#options.config.services[service]?.logs;
      const { onLoss, writeSync } = this.#options;
      file = new SyncLogFile({
        file: logFilePath(this.#options.logsDir, service),
        maxBytes: limits?.maxBytes,
        maxFiles: limits?.maxFiles,
        ...(onLoss === undefined ? {} : { onLoss: (change: LogLossChange) => onLoss(service, change) }),
        ...(writeSync === undefined ? {} : { writeSync }),
      });
      this.#files.set(service, file);
    }
    return file;
  }
}
