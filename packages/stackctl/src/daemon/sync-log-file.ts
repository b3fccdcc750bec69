// One service's log file written with synchronous appends, rotated by size: nothing read from a service waits in memory.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { LOG_DEFAULTS } from '../logs/log-defaults.js';
import { rotatedLogPath } from '../logs/log-file-paths.js';
import { formatLogLine } from '../logs/log-line-format.js';
import { TimestampPrefixCache } from '../logs/timestamp-prefix-cache.js';
import type { OutputBatch, OutputLine } from '../supervisor/types.js';

export interface SyncLogFileOptions {
  readonly file: string;
  readonly maxBytes?: number;
  readonly maxFiles?: number;
}

/**
 * Why not the batched RotatingLogWriter: the daemon may be killed with SIGKILL at any moment, and
 * a line it has read out of a service's FIFO but not yet written is then lost for good (the
 * service will not write it again). Writing each read chunk's lines at once, in the same tick as
 * the read, shrinks that window to the tens of µs between the read and the write that end one
 * chunk's handling (a kill during a fast burst still lands in it now and then). The file format and
 * the rotation scheme are the same as RotatingLogWriter's (see src/logs), so readers and followers
 * cannot tell the difference: `.log` → `.log.1` → … up to `maxFiles` in total, the current file
 * closed before it is renamed, no file larger than `maxBytes` unless one line alone is.
 */
export class SyncLogFile {
  readonly file: string;
  readonly maxBytes: number;
  readonly maxFiles: number;
  #fd: number | null = null;
  #size = 0;
  readonly #prefixes = new TimestampPrefixCache();

  constructor(options: SyncLogFileOptions) {
    this.file = options.file;
    this.maxBytes = options.maxBytes ?? LOG_DEFAULTS.maxBytes;
    this.maxFiles = options.maxFiles ?? LOG_DEFAULTS.maxFiles;
    if (!(this.maxBytes > 0) || !Number.isInteger(this.maxFiles) || this.maxFiles < 1) {
      throw new RangeError(`invalid log limits for ${this.file}: ${this.maxBytes} bytes × ${this.maxFiles} files`);
    }
  }

  /**
   * Appends one chunk's lines with one write, the records built by the engine's native string
   * join (`<prefix>a\n<prefix>b\n`): no per-line work in JavaScript. The rare batch that crosses
   * the rotation size goes line by line through `append`. Throws the file system's error.
   */
  appendBatch(batch: OutputBatch): void {
    const prefix = this.#prefixes.prefix(batch.time, batch.stream);
    const text = `${prefix}${batch.lines.join(`\n${prefix}`)}\n`;
    const bytes = Buffer.byteLength(text);
    this.#open();
    if (this.#size + bytes > this.maxBytes) {
      const { service, stream, time } = batch;
      this.append(batch.lines.map((line) => ({ service, stream, line, time })));
      return;
    }
    this.#writeText(text, bytes);
  }

  /** Appends the lines (one write per file they land in); throws the file system's error. */
  append(lines: readonly OutputLine[]): void {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    this.#open();
    for (const line of lines) {
      const record = Buffer.from(formatLogLine(line));
      if (this.#size + pendingBytes > 0 && this.#size + pendingBytes + record.length > this.maxBytes) {
        this.#write(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        this.#rotate();
      }
      pending.push(record);
      pendingBytes += record.length;
    }
    this.#write(pending, pendingBytes);
  }

  close(): void {
    if (this.#fd === null) return;
    const fd = this.#fd;
    this.#fd = null;
    closeSync(fd);
  }

  /** After a failed write: the next append opens the file afresh. */
  reset(): void {
    try {
      this.close();
    } catch {
      this.#fd = null;
    }
  }

  #open(): void {
    if (this.#fd !== null) return;
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const fd = openSync(this.file, 'a+', 0o600); // private: only the owner may read a service's output
    this.#fd = fd;
    this.#size = fstatSync(fd).size;
    if (this.#size > 0) {
      // A writer killed in the middle of a line: end it, so the next record starts on its own line.
      const last = Buffer.alloc(1);
      if (readSync(fd, last, 0, 1, this.#size - 1) === 1 && last[0] !== 0x0a) this.#write([Buffer.from('\n')], 1);
    }
  }

  /** `#write` for one string: encoded by the write itself, no Buffer made for it (the hot path of a chatty service). */
  #writeText(text: string, bytes: number): void {
    if (bytes === 0 || this.#fd === null) return;
    const written = writeSync(this.#fd, text);
    this.#size += written;
    // A regular file takes it whole; should it not, the rest goes as bytes.
    if (written < bytes) this.#write([Buffer.from(text).subarray(written)], bytes - written);
  }

  #write(chunks: readonly Buffer[], bytes: number): void {
    if (bytes === 0 || this.#fd === null) return;
    const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bytes);
    let written = 0;
    while (written < data.length) written += writeSync(this.#fd, data, written, data.length - written);
    this.#size += data.length;
  }

  /** Closes the current file, shifts `.log` → `.log.1` → …, drops what is beyond `maxFiles`, opens a new `.log`. */
  #rotate(): void {
    this.close();
    const keep = this.maxFiles - 1;
    const dir = path.dirname(this.file);
    const base = path.basename(this.file);
    const numbers = readdirSync(dir)
      .filter((name) => name.startsWith(`${base}.`) && /^[1-9]\d*$/.test(name.slice(base.length + 1)))
      .map((name) => Number(name.slice(base.length + 1)))
      .sort((a, b) => b - a);
    for (const n of numbers) if (n >= keep) rmSync(rotatedLogPath(this.file, n), { force: true });
    if (keep === 0) rmSync(this.file, { force: true });
    else for (const n of [...numbers.filter((m) => m < keep), 0]) renameIfPresent(rotatedLogPath(this.file, n), rotatedLogPath(this.file, n + 1));
    this.#open();
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
