// One service's log file written with synchronous appends, rotated by size: nothing read from a service waits in memory.
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { LOG_DEFAULTS } from '../logs/log-defaults.js';
import { rotatedLogPath } from '../logs/log-file-paths.js';
import { formatNotSavedMarker } from '../logs/log-gap-marker.js';
import { fileId, LogGenerationsWriter } from '../logs/log-generations.js';
import { formatLogLine } from '../logs/log-line-format.js';
import { TimestampPrefixCache } from '../logs/timestamp-prefix-cache.js';
import type { OutputBatch, OutputLine, OutputStream } from '../supervisor/types.js';
import { LogLossCounter, type LogLoss, type LogLossSummary } from './log-loss.js';

/** A log file's writes began to fail (`failing`, with the first error), or work again and the marker is written (`resumed`). */
export type LogLossChange =
  | { readonly kind: 'failing'; readonly error: unknown; readonly loss: LogLoss }
  | { readonly kind: 'resumed'; readonly loss: LogLoss };

export interface SyncLogFileOptions {
  readonly file: string;
  readonly maxBytes?: number;
  readonly maxFiles?: number;
  /** Told when lines begin to be lost and when writing works again; called on the failure path only. */
  readonly onLoss?: (change: LogLossChange) => void;
  /** The write call (default fs.writeSync): tests hand in one that plays a full disk. */
  readonly writeSync?: typeof writeSync;
  /** Takes a cut record back out of the file (default fs.ftruncateSync). */
  readonly ftruncateSync?: typeof ftruncateSync;
}

/** A record whose write failed, written before anything else once writes work again. */
interface OwedRecord {
  readonly bytes: Buffer;
  readonly stream: OutputStream;
  readonly time: number;
  /** The end of a record whose start is in the file (it could not be taken back out): no newline may come before it. */
  readonly rest: boolean;
}

const NEWLINE = 0x0a;

/**
 * Why not the batched RotatingLogWriter: the daemon may be killed with SIGKILL at any moment, and
 * a line it has read out of a service's FIFO but not yet written is then lost for good (the
 * service will not write it again). Writing each read chunk's lines at once, in the same tick as
 * the read, shrinks that window to the tens of µs between the read and the write that end one
 * chunk's handling (a kill during a fast burst still lands in it now and then). The file format and
 * the rotation scheme are the same as RotatingLogWriter's (see src/logs), so readers and followers
 * cannot tell the difference: `.log` → `.log.1` → … up to `maxFiles` in total, the current file
 * closed before it is renamed, no file larger than `maxBytes` unless one line alone is.
 *
 * No line is lost in silence. A write that fails (disk full, read-only or removed folder, I/O
 * error) never throws: its lines are counted (LogLossCounter) and every later write tries the file
 * again. A record the failure cut in two is taken back out of the file (ftruncate) and written
 * whole first once writes work again, followed by a marker record (`err ◆ stackctl: N lines not
 * saved (reason) between … and …`, see log-gap-marker.ts); so the file never holds a line glued to
 * the next one. The counting happens on the failure path only: the hot path is one write per chunk.
 */
export class SyncLogFile {
  readonly file: string;
  readonly maxBytes: number;
  readonly maxFiles: number;
  #fd: number | null = null;
  #size = 0;
  readonly #prefixes = new TimestampPrefixCache();
  readonly #loss = new LogLossCounter();
  readonly #generations: LogGenerationsWriter;
  /** Records in the current file: counted from its creation, NaN when it existed before this writer opened it. */
  #fileLines = Number.NaN;
  #fileId = '';
  #owed: OwedRecord | null = null;
  readonly #onLoss: (change: LogLossChange) => void;
  readonly #writeSync: typeof writeSync;
  readonly #ftruncateSync: typeof ftruncateSync;

  constructor(options: SyncLogFileOptions) {
    this.file = options.file;
    this.#onLoss = options.onLoss ?? (() => undefined);
    this.#writeSync = options.writeSync ?? writeSync;
    this.#ftruncateSync = options.ftruncateSync ?? ftruncateSync;
    this.#generations = new LogGenerationsWriter(this.file);
    this.maxBytes = options.maxBytes ?? LOG_DEFAULTS.maxBytes;
    this.maxFiles = options.maxFiles ?? LOG_DEFAULTS.maxFiles;
    if (!(this.maxBytes > 0) || !Number.isInteger(this.maxFiles) || this.maxFiles < 1) {
      throw new RangeError(`invalid log limits for ${this.file}: ${this.maxBytes} bytes × ${this.maxFiles} files`);
    }
  }

  /**
   * Appends one chunk's lines with one write, the records built by the engine's native string
   * join (`<prefix>a\n<prefix>b\n`): no per-line work in JavaScript. The rare batch that crosses
   * the rotation size, and every batch while writes fail, goes line by line through `append`.
   */
  appendBatch(batch: OutputBatch): void {
    if (this.#loss.failing) {
      this.append(linesOf(batch));
      return;
    }
    const prefix = this.#prefixes.prefix(batch.time, batch.stream);
    const text = `${prefix}${batch.lines.join(`\n${prefix}`)}\n`;
    const bytes = Buffer.byteLength(text);
    let before = -1;
    try {
      this.#open();
      if (this.#size + bytes <= this.maxBytes) {
        before = this.#size;
        this.#writeAll(text, bytes);
        this.#fileLines += batch.lines.length;
        return;
      }
    } catch (error) {
      const lines = linesOf(batch);
      this.#cutShort(error, lines, lines.map(recordOf), 0, before === -1 ? 0 : this.#size - before);
      return;
    }
    this.append(linesOf(batch));
  }

  /** Appends the lines (one write per file they land in); a failure is counted, never thrown. */
  append(lines: readonly OutputLine[]): void {
    if (lines.length === 0) return;
    const records: Buffer[] = [];
    /** lines[start] is the first line not in the file yet. */
    let start = 0;
    let pendingBytes = 0;
    /** The file's size before the write under way, -1 when none is. */
    let before = -1;
    try {
      if (this.#loss.failing) this.#resume((lines[0] as OutputLine).time);
      this.#open();
      for (const line of lines) {
        const record = recordOf(line);
        if (this.#size + pendingBytes > 0 && this.#size + pendingBytes + record.length > this.maxBytes) {
          before = this.#size;
          this.#writeAll(concat(records, start, pendingBytes), pendingBytes);
          before = -1;
          this.#fileLines += records.length - start;
          start = records.length;
          pendingBytes = 0;
          this.#rotate();
        }
        records.push(record);
        pendingBytes += record.length;
      }
      before = this.#size;
      this.#writeAll(concat(records, start, pendingBytes), pendingBytes);
      this.#fileLines += records.length - start;
    } catch (error) {
      this.#cutShort(error, lines, records, start, before === -1 ? 0 : this.#size - before);
    }
  }

  /** Every line lost since this writer was made, and whether writes fail now; null when none was. */
  loss(): LogLossSummary | null {
    return this.#loss.summary();
  }

  /** Writes what it still owes (a cut record, the marker) when it can, then closes the file. */
  close(): void {
    if (this.#loss.failing) {
      const time = Math.max(Date.now(), this.#loss.episode?.until ?? 0);
      try {
        this.#resume(time);
      } catch (error) {
        const owed = this.#owed;
        this.#owed = null;
        // Nothing comes after this: the record owed is lost too.
        if (owed !== null) this.#loss.failed(error, owed.time, owed.time, owed.stream === 'stdout' ? 1 : 0, owed.stream === 'stderr' ? 1 : 0);
        this.reset();
        return;
      }
    }
    this.#closeFile();
  }

  /** Closes the file, ignoring a failure; the next append opens it afresh. */
  reset(): void {
    try {
      this.#closeFile();
    } catch {
      this.#fd = null;
    }
  }

  #closeFile(): void {
    if (this.#fd === null) return;
    const fd = this.#fd;
    this.#fd = null;
    closeSync(fd);
  }

  /**
   * Writes what the last failure left owed, then the marker of the lines lost, and ends the
   * episode. Throws when the file still cannot be written (the episode goes on).
   */
  #resume(time: number): void {
    this.#open();
    const owed = this.#owed;
    if (owed !== null) {
      if (!owed.rest) this.#rotateFor(owed.bytes.length);
      this.#writeRecord(owed.bytes, owed);
      this.#owed = null;
      this.#fileLines += 1;
    }
    const episode = this.#loss.episode;
    if (episode !== null && episode.lines > 0) {
      const marker = recordOf({ service: '', stream: 'stderr', line: formatNotSavedMarker({ ...episode, from: episode.since }), time });
      this.#rotateFor(marker.length);
      this.#writeRecord(marker, null);
      this.#fileLines += 1;
    }
    const ended = this.#loss.ended();
    if (ended !== null) this.#onLoss({ kind: 'resumed', loss: ended });
  }

  /** Rotates first when `bytes` more would make the current file larger than `maxBytes`. */
  #rotateFor(bytes: number): void {
    if (this.#size > 0 && this.#size + bytes > this.maxBytes) this.#rotate();
  }

  /** Writes one record (`owed`: the record it comes from); on failure takes back what was written of it, or owes the rest. */
  #writeRecord(bytes: Buffer, owed: OwedRecord | null): void {
    const before = this.#size;
    try {
      this.#writeAll(bytes, bytes.length);
    } catch (error) {
      const written = this.#size - before;
      if (written > 0 && !this.#undo(written) && owed !== null) this.#owed = { ...owed, bytes: bytes.subarray(written), rest: true };
      throw error;
    }
  }

  /**
   * After `error` hit the write of `records[start…]` (`written` bytes of them in the file): the whole
   * records written stay, a cut one is taken back out and owed (or, should that fail, its rest is
   * owed), and every later line is counted lost. Then the file is closed: the next write reopens it.
   */
  #cutShort(error: unknown, lines: readonly OutputLine[], records: readonly Buffer[], start: number, written: number): void {
    let next = start;
    let offset = 0;
    while (next < records.length && offset + (records[next] as Buffer).length <= written) offset += (records[next++] as Buffer).length;
    this.#fileLines += next - start;
    if (written > offset && next < records.length) {
      const record = records[next] as Buffer;
      const { stream, time } = lines[next] as OutputLine;
      this.#owed = this.#undo(written - offset)
        ? { bytes: record, stream, time, rest: false }
        : { bytes: record.subarray(written - offset), stream, time, rest: true };
      next += 1;
    }
    let stdout = 0;
    for (let i = next; i < lines.length; i++) if ((lines[i] as OutputLine).stream === 'stdout') stdout += 1;
    const from = lines[next]?.time ?? (lines[lines.length - 1] as OutputLine).time;
    const until = (lines[lines.length - 1] as OutputLine).time;
    const begins = this.#loss.failed(error, from, until, stdout, lines.length - next - stdout);
    this.reset();
    const episode = this.#loss.episode;
    if (begins && episode !== null) this.#onLoss({ kind: 'failing', error, loss: episode });
  }

  /** Cuts the last `bytes` off the file; false when that failed too. */
  #undo(bytes: number): boolean {
    if (this.#fd === null) return false;
    try {
      this.#ftruncateSync(this.#fd, this.#size - bytes);
      this.#size -= bytes;
      return true;
    } catch {
      return false;
    }
  }

  #open(): void {
    if (this.#fd !== null) return;
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const fd = openSync(this.file, 'a+', 0o600); // private: only the owner may read a service's output
    this.#fd = fd;
    const stats = fstatSync(fd);
    this.#size = stats.size;
    const id = fileId(stats);
    // Opened again after a failure: the same file, still counted.
    if (id !== this.#fileId) this.#fileLines = this.#size === 0 ? 0 : Number.NaN;
    this.#fileId = id;
    this.#generations.opened(id);
    if (this.#size > 0) {
      // A writer killed in the middle of a line: end it, so the next record starts on its own line.
      const last = Buffer.alloc(1);
      // Unless the rest of that line is what a failed write still owes.
      if (this.#owed?.rest !== true && readSync(fd, last, 0, 1, this.#size - 1) === 1 && last[0] !== NEWLINE) this.#writeAll('\n', 1);
    }
  }

  /**
   * Writes all of `data` (`bytes` long) at the end of the file, keeping `#size` to what did reach it
   * even when a later part throws. A string is encoded by the write itself, no Buffer made for it
   * (the hot path of a chatty service); a regular file takes it whole, and should it not, the rest goes as bytes.
   */
  #writeAll(data: string | Buffer, bytes: number): void {
    const fd = this.#fd;
    if (bytes === 0 || fd === null) return;
    let written = typeof data === 'string' ? this.#writeSync(fd, data) : this.#writeSync(fd, data, 0, bytes);
    this.#size += written;
    if (written >= bytes) return;
    const buffer = typeof data === 'string' ? Buffer.from(data) : data;
    while (written < bytes) {
      const more = this.#writeSync(fd, buffer, written, bytes - written);
      if (more <= 0) throw Object.assign(new Error(`write to ${this.file} made no progress`), { code: 'EIO' });
      written += more;
      this.#size += more;
    }
  }

  /** Closes the current file, shifts `.log` → `.log.1` → …, drops what is beyond `maxFiles`, opens a new `.log`. */
  #rotate(): void {
    this.#generations.closing(this.#fileLines, this.#size);
    this.#closeFile();
    // The next file is a new one, even should it get the inode number of one deleted here.
    this.#fileId = '';
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
    this.#generations.rotated(this.maxFiles);
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

function linesOf(batch: OutputBatch): OutputLine[] {
  const { service, stream, time } = batch;
  return batch.lines.map((line) => ({ service, stream, line, time }));
}

function recordOf(line: OutputLine): Buffer {
  return Buffer.from(formatLogLine(line));
}

/** `records[start…]` as one buffer of `bytes` bytes. */
function concat(records: readonly Buffer[], start: number, bytes: number): Buffer {
  return records.length - start === 1 ? (records[start] as Buffer) : Buffer.concat(records.slice(start), bytes);
}
