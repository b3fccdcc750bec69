// Appends a service's output to its log file in batches, rotating by size: the daemon's hot path for logs.
import { close, closeSync, fstatSync, mkdirSync, open, openSync, readSync, write } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { StackctlError } from '../errors/index.js';
import type { OutputLine } from '../supervisor/types.js';
import { LOG_DEFAULTS } from './log-defaults.js';
import { rotateLogFiles } from './rotate-log-files.js';
import { TimestampPrefixCache } from './timestamp-prefix-cache.js';

export interface RotatingLogWriterOptions {
  /** The current log file, `.stackctl/logs/<service>.log`; its folder is created when missing. */
  readonly file: string;
  /** Rotate before a write would make the file larger than this (default 10 MiB). */
  readonly maxBytes?: number;
  /** Files kept in total, the current one included (default 5: `.log` and `.log.1` … `.log.4`). */
  readonly maxFiles?: number;
  /** Longest time a line waits in memory (default 25 ms). */
  readonly flushIntervalMs?: number;
  /** Batch size: a full batch is written at once (default 256 KiB). */
  readonly batchBytes?: number;
  /**
   * Told about a failed write or rotation (disk full, folder removed). The writer carries on: the
   * next batch reopens the file. Without a handler the error rejects the next `flush()` / `close()`.
   */
  readonly onError?: (error: StackctlError) => void;
}

const NEWLINE = 0x0a;

// Plain descriptors rather than FileHandles: a FileHandle closes itself when garbage-collected.
function openFd(file: string): Promise<number> {
  return new Promise((resolve, reject) => open(file, 'a+', 0o600, (error, fd) => (error ? reject(error) : resolve(fd))));
}

function writeFd(fd: number, buffer: Buffer, offset: number, length: number): Promise<number> {
  return new Promise((resolve, reject) =>
    write(fd, buffer, offset, length, null, (error, bytes) => (error ? reject(error) : resolve(bytes))),
  );
}

function closeFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => close(fd, (error) => (error ? reject(error) : resolve())));
}

/**
 * Lines are encoded straight into a batch buffer (no string per record, no syscall per line); a
 * batch goes to the file as one `write` on a kept-open descriptor when it is full or
 * `flushIntervalMs` after its first line, whichever comes first. Batches and rotations run one
 * after another in a promise chain, so the file order is exactly the `write` order. Sizes are
 * counted when a line is accepted, so the decision to rotate is exact and synchronous; the renames
 * happen in the chain between the batch before and the batch after.
 *
 * One writer per file: two writers on the same file (in one process or two) would each rotate it.
 * The flush timer keeps the process alive while lines are pending; call `close()` on shutdown.
 */
export class RotatingLogWriter {
  readonly file: string;
  readonly maxBytes: number;
  readonly maxFiles: number;
  readonly #flushIntervalMs: number;
  readonly #batchBytes: number;
  readonly #onError: ((error: StackctlError) => void) | undefined;
  readonly #prefixes = new TimestampPrefixCache();

  #fd: number | null;
  /** Size of the current file once everything accepted so far is written. */
  #size: number;
  #batch: Buffer;
  #offset = 0;
  readonly #spare: Buffer[] = [];
  #timer: NodeJS.Timeout | null = null;
  #chain: Promise<void> = Promise.resolve();
  #pendingBytes = 0;
  #error: StackctlError | null = null;
  #closing: Promise<void> | null = null;

  constructor(options: RotatingLogWriterOptions) {
    this.file = options.file;
    this.maxBytes = options.maxBytes ?? LOG_DEFAULTS.maxBytes;
    this.maxFiles = options.maxFiles ?? LOG_DEFAULTS.maxFiles;
    this.#flushIntervalMs = options.flushIntervalMs ?? LOG_DEFAULTS.flushIntervalMs;
    this.#batchBytes = options.batchBytes ?? LOG_DEFAULTS.batchBytes;
    this.#onError = options.onError;
    if (!(this.maxBytes > 0)) throw new RangeError(`maxBytes must be positive, got ${this.maxBytes}`);
    if (!Number.isInteger(this.maxFiles) || this.maxFiles < 1) {
      throw new RangeError(`maxFiles must be a whole number of at least 1, got ${this.maxFiles}`);
    }
    if (!(this.#batchBytes >= 1024)) throw new RangeError(`batchBytes must be at least 1024, got ${this.#batchBytes}`);
    this.#batch = Buffer.allocUnsafeSlow(this.#batchBytes);

    // A restarted daemon continues the same file and needs its size for the next rotation.
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    this.#fd = openSync(this.file, 'a+', 0o600); // private: only the owner may read a service's output
    this.#size = fstatSync(this.#fd).size;
    if (this.#size > 0 && !this.#endsWithNewline(this.#fd, this.#size)) {
      // A crash cut the last line short: finish it so the next record starts on a line of its own.
      this.#append('', '');
    }
  }

  /** Bytes accepted but not yet in the file (memory in use while the disk lags behind). */
  get pendingBytes(): number {
    return this.#pendingBytes + this.#offset;
  }

  /** Size the current file will have once everything accepted so far is written. */
  get size(): number {
    return this.#size;
  }

  /** Accepts one output line; it reaches the file within `flushIntervalMs`. */
  write(line: OutputLine): void {
    const text = line.line;
    if (text.includes('\n')) {
      // Never produced by the supervisor; kept one record per line all the same (see formatLogLine).
      for (const part of text.split('\n')) this.write({ ...line, line: part });
      return;
    }
    this.#append(this.#prefixes.prefix(line.time, line.stream), text);
  }

  /**
   * Appends text that is already formatted: one or more complete lines, for example records copied
   * from elsewhere. A missing final newline is added, so the file stays line-aligned.
   */
  writeRaw(text: string): void {
    if (text === '') return;
    this.#append('', text.endsWith('\n') ? text.slice(0, -1) : text);
  }

  /** Resolves once every line accepted so far is in the file. */
  async flush(): Promise<void> {
    this.#enqueueBatch();
    await this.#chain;
    this.#throwStoredError();
  }

  /** Writes what is pending and closes the file. Safe to call more than once; `write` afterwards throws. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#enqueueBatch();
    await this.#chain;
    if (this.#fd !== null) {
      const fd = this.#fd;
      this.#fd = null;
      await closeFd(fd).catch((error: unknown) => this.#fail('close', error));
    }
    this.#throwStoredError();
  }

  /** `prefix` is ASCII (one byte per character); a newline follows `text`. */
  #append(prefix: string, text: string): void {
    if (this.#closing !== null) {
      throw new StackctlError('E_INTERNAL', `the log writer of ${this.file} is closed`);
    }
    // UTF-8 needs at most 3 bytes per UTF-16 unit: the exact count is only taken near a limit.
    const upper = prefix.length + text.length * 3 + 1;
    let exact = -1;
    if (this.#size + upper > this.maxBytes && this.#size > 0) {
      exact = prefix.length + Buffer.byteLength(text) + 1;
      if (this.#size + exact > this.maxBytes) this.#rotate();
    }
    if (this.#batch.length - this.#offset < upper) {
      if (exact < 0) exact = prefix.length + Buffer.byteLength(text) + 1;
      if (this.#batch.length - this.#offset < exact) {
        this.#enqueueBatch();
        if (exact > this.#batch.length) {
          this.#enqueue(Buffer.from(`${prefix}${text}\n`), exact, false);
          this.#size += exact;
          return;
        }
      }
    }
    const batch = this.#batch;
    let offset = this.#offset;
    if (prefix !== '') offset += batch.write(prefix, offset, 'latin1');
    if (text !== '') offset += batch.write(text, offset, 'utf8');
    batch[offset++] = NEWLINE;
    this.#size += offset - this.#offset;
    this.#offset = offset;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#enqueueBatch();
    }, this.#flushIntervalMs);
  }

  #rotate(): void {
    this.#enqueueBatch();
    this.#size = 0;
    this.#chain = this.#chain.then(() => this.#rotateFiles());
  }

  async #rotateFiles(): Promise<void> {
    try {
      if (this.#fd !== null) {
        const fd = this.#fd;
        this.#fd = null;
        await closeFd(fd);
      }
      await rotateLogFiles(this.file, this.maxFiles);
    } catch (error) {
      // The next batch reopens `file` and appends to it: a log too large beats a lost one.
      this.#fail('rotate', error);
    }
  }

  /** Hands the current batch to the chain and starts a fresh one. */
  #enqueueBatch(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#offset === 0) return;
    const batch = this.#batch;
    const length = this.#offset;
    this.#batch = this.#spare.pop() ?? Buffer.allocUnsafeSlow(this.#batchBytes);
    this.#offset = 0;
    this.#enqueue(batch, length, true);
  }

  #enqueue(buffer: Buffer, length: number, reuse: boolean): void {
    this.#pendingBytes += length;
    this.#chain = this.#chain.then(async () => {
      try {
        await this.#writeAll(buffer, length);
      } catch (error) {
        this.#fail('write', error);
        this.#dropFd();
      } finally {
        this.#pendingBytes -= length;
        if (reuse && this.#spare.length < 2) this.#spare.push(buffer);
      }
    });
  }

  async #writeAll(buffer: Buffer, length: number): Promise<void> {
    if (this.#fd === null) {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.#fd = await openFd(this.file);
    }
    const fd = this.#fd;
    let written = 0;
    while (written < length) written += await writeFd(fd, buffer, written, length - written);
  }

  /** After a failed write: the next batch opens the file afresh. */
  #dropFd(): void {
    if (this.#fd === null) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already unusable; nothing more to release.
    }
    this.#fd = null;
  }

  #endsWithNewline(fd: number, size: number): boolean {
    const last = Buffer.alloc(1);
    return readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === NEWLINE;
  }

  #fail(action: 'write' | 'rotate' | 'close', cause: unknown): void {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const error = new StackctlError('E_INTERNAL', `cannot ${action} the log file ${this.file}: ${reason}`, {
      cause,
      hint: 'check that the disk has space and that .stackctl/logs is writable',
    });
    if (this.#onError !== undefined) this.#onError(error);
    else this.#error ??= error;
  }

  #throwStoredError(): void {
    const error = this.#error;
    if (error === null) return;
    this.#error = null;
    throw error;
  }
}
