// Follows a log file like `tail -F`: new lines within a second, through rotations, partial lines held back.
import { close, fstat, fstatSync, open, openSync, read, readSync, watch, type FSWatcher, type Stats } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { OutputLine } from '../supervisor/types.js';
import { LOG_DEFAULTS } from './log-defaults.js';
import { serviceOfLogFile } from './log-file-paths.js';
import { sameFile, stableLogFiles, statOrNull, type LogFileEntry } from './log-file-snapshot.js';
import { formatRotatedAwayMarker } from './log-gap-marker.js';
import { fileId, readLogGenerations, rotatedAwayBetween, type RotatedAway } from './log-generations.js';
import { parseLogLine } from './log-line-format.js';

const NEWLINE = 0x0a;
const openAsync = promisify(open);
const readAsync = promisify(read);
const fstatAsync = promisify(fstat);
const closeAsync = promisify(close);

export interface FollowLogOptions {
  /** Start at the current end of the file (default) rather than with its existing lines. */
  readonly fromEnd?: boolean;
  /** Service name put in the lines; default: the file's name without `.log`. */
  readonly service?: string;
  /** How often to look without a watch event (default 250 ms). */
  readonly pollMs?: number;
  readonly chunkBytes?: number;
  /** Told about read failures and about errors thrown by `onLine`; following continues. */
  readonly onError?: (error: unknown) => void;
}

export interface LogFollowerHandle {
  /** Stops following: no line is delivered once it is called. Safe to call twice. */
  close(): Promise<void>;
}

/** A newer file, opened as soon as the follower saw it, waiting for the one being read to end. */
interface HeldFile {
  readonly fd: number;
  readonly stats: Stats;
  /** What was rotated away between the file before it and this one (`nothing` most of the time). */
  readonly gapBefore: RotatedAway;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Starts following at once: with `fromEnd`, every line appended after this call returns is
 * delivered, none before. A missing file is waited for and then read from its start.
 *
 * Files are followed by identity (device and inode), not by name. Each look checks whether the
 * path still names the newest file the follower knows; when it does not (the writer rotated:
 * renamed it to `.log.1`, maybe several times over), every newer file is opened at once and held,
 * so a further rotation cannot take it away before it is read. Then the open file is read to its
 * end — the writer closes it before renaming, so nothing more arrives there — and the held files
 * follow in order, each from its start. When a file was rotated away (deleted) before the follower
 * could open it, a marker line is delivered in its place (stream `stderr`, `◆ stackctl: 1234
 * lines rotated away before they could be shown`: the count from the writer's generations record,
 * log-generations.ts; bytes when the lines are not known) instead of skipping it in silence. A
 * file that shrank was truncated in place and is read again from its start. Bytes after the last newline wait for the rest of their line; lines that are not log
 * records are skipped. fs.watch on the folder makes a look immediate, the poll covers platforms
 * and file systems where it misses events. The watcher and timer keep the process alive until
 * `close()`.
 */
export function followLog(
  file: string,
  onLine: (line: OutputLine) => void,
  options: FollowLogOptions = {},
): LogFollowerHandle {
  return new LogFollower(file, onLine, options);
}

class LogFollower implements LogFollowerHandle {
  readonly #file: string;
  readonly #service: string;
  readonly #chunkBytes: number;
  readonly #onLine: (line: OutputLine) => void;
  readonly #onError: (error: unknown) => void;
  readonly #timer: NodeJS.Timeout;
  #watcher: FSWatcher | null = null;

  #fd: number | null = null;
  /** Newer files already open, oldest first: read once the open file is finished. */
  readonly #held: HeldFile[] = [];
  #position = 0;
  #partial: Buffer | null = null;
  /** The file read to its end whose successor did not exist yet: the next look continues after it. */
  #finished: Stats | null = null;
  /** Started in the middle of a line: its rest is not a whole line. */
  #skipFragment = false;

  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;
  #closing: Promise<void> | null = null;

  constructor(file: string, onLine: (line: OutputLine) => void, options: FollowLogOptions) {
    this.#file = file;
    this.#service = options.service ?? serviceOfLogFile(file);
    this.#chunkBytes = options.chunkBytes ?? LOG_DEFAULTS.readChunkBytes;
    this.#onLine = onLine;
    this.#onError = options.onError ?? (() => undefined);
    if (options.fromEnd ?? true) this.#openAtEnd();
    this.#timer = setInterval(() => this.#look(), options.pollMs ?? LOG_DEFAULTS.followPollMs);
    this.#watch();
    this.#look();
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#watcher?.close();
    await this.#running;
    await this.#release();
    for (const held of this.#held.splice(0)) await closeAsync(held.fd).catch((error: unknown) => this.#onError(error));
  }

  /** Synchronous, so that "from the end" means the end at the time of the call. */
  #openAtEnd(): void {
    let fd: number;
    try {
      fd = openSync(this.#file, 'r');
    } catch (error) {
      if (!isMissing(error)) this.#onError(error);
      return;
    }
    this.#fd = fd;
    this.#position = fstatSync(fd).size;
    if (this.#position > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, this.#position - 1);
      this.#skipFragment = last[0] !== NEWLINE;
    }
  }

  #watch(): void {
    const base = path.basename(this.#file);
    try {
      this.#watcher = watch(path.dirname(this.#file), (_event, name) => {
        if (name === null || name === base || name.startsWith(`${base}.`)) this.#look();
      });
      // A watch that fails later (folder removed) leaves the poll to do the work.
      this.#watcher.on('error', () => this.#watcher?.close());
    } catch {
      this.#watcher = null;
    }
  }

  /** Runs one look at a time; a request during a look runs another right after it. */
  #look(): void {
    if (this.#closed) return;
    if (this.#running !== null) {
      this.#again = true;
      return;
    }
    this.#running = this.#lookUntilQuiet().finally(() => {
      this.#running = null;
    });
  }

  async #lookUntilQuiet(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#step();
      } catch (error) {
        this.#onError(error);
      }
    } while (this.#again && !this.#closed);
  }

  async #step(): Promise<void> {
    if (this.#fd === null) {
      const finished = this.#finished;
      const held = this.#held.shift();
      if (held !== undefined) this.#take(held);
      else if (!(await (finished === null ? this.#open(this.#file) : this.#openSuccessor(finished)))) return;
      this.#finished = null;
    }
    const current = await statOrNull(this.#file);
    const own = await fstatAsync(this.#fd as number);
    if (own.size < this.#position) {
      // Truncated in place: start over.
      this.#position = 0;
      this.#partial = null;
    }
    // Rotated since the last look: hold every newer file open before reading on.
    const newest = this.#held.at(-1)?.stats ?? own;
    if (current !== null && !sameFile(current, newest)) await this.#holdNewer(newest);
    await this.#readToEnd();
    if (this.#closed || (current !== null && sameFile(current, own))) return;
    // Renamed away or removed: the writer closed it before, so it is complete. An unterminated end is a line too.
    if (this.#partial !== null && this.#partial.length > 0) this.#emit(this.#partial);
    await this.#release();
    if (this.#held.length > 0 || (await this.#openSuccessor(own))) this.#again = true;
    else this.#finished = own;
  }

  /** Opens the file written after `old` (see #holdNewer) to read next; false when there is none yet. */
  async #openSuccessor(old: Stats): Promise<boolean> {
    await this.#holdNewer(old);
    const next = this.#held.shift();
    if (next === undefined) return false;
    this.#take(next);
    return true;
  }

  /**
   * Opens and holds every file newer than `newest`, oldest first: `.log.(k-1)` … `.log` when
   * `newest` is now `.log.k`. When `newest` is gone from every name, the files between it and the
   * oldest one left were deleted unread: the generations record tells how many lines they held.
   * Nothing is held when there is no newer file yet, or the files kept moving (the next look tries again).
   */
  async #holdNewer(newest: Stats): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const files = await stableLogFiles(this.#file);
      if (files === null) continue;
      const position = files.findIndex((file) => sameFile(file.stats, newest));
      const newer = (position === -1 ? files : files.slice(0, position)).reverse();
      const first = newer[0];
      if (first === undefined) return;
      const gap: RotatedAway = position === -1 ? rotatedAwayBetween(await readLogGenerations(this.#file), fileId(newest), fileId(first.stats)) : 'nothing';
      const opened: HeldFile[] = [];
      for (const file of newer) {
        const fd = await this.#openExpected(file);
        if (fd === null) break;
        opened.push({ fd, stats: file.stats, gapBefore: opened.length === 0 ? gap : 'nothing' });
      }
      if (opened.length > 0) {
        this.#held.push(...opened);
        return;
      }
    }
  }

  /** Reads `held` next, from its start, after the marker of what was rotated away before it. */
  #take(held: HeldFile): void {
    this.#fd = held.fd;
    this.#position = 0;
    this.#partial = null;
    this.#skipFragment = false;
    if (held.gapBefore !== 'nothing') {
      const counts = held.gapBefore === 'unknown' ? { lines: null, bytes: null } : held.gapBefore;
      this.#deliver({ service: this.#service, stream: 'stderr', line: formatRotatedAwayMarker(counts), time: Date.now() });
    }
  }

  /** The descriptor of `file` when it still is the file listed; null when it moved or vanished meanwhile. */
  async #openExpected(file: LogFileEntry): Promise<number | null> {
    let fd: number;
    try {
      fd = await openAsync(file.path, 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    if (!sameFile(await fstatAsync(fd), file.stats)) {
      await closeAsync(fd);
      return null;
    }
    return fd;
  }

  /** Opens `file` to read from its start; false when it is missing. */
  async #open(file: string): Promise<boolean> {
    let fd: number;
    try {
      fd = await openAsync(file, 'r');
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    this.#fd = fd;
    this.#position = 0;
    this.#partial = null;
    this.#skipFragment = false;
    return true;
  }

  async #readToEnd(): Promise<void> {
    const fd = this.#fd;
    if (fd === null) return;
    while (!this.#closed) {
      const buffer = Buffer.allocUnsafe(this.#chunkBytes);
      const { bytesRead } = await readAsync(fd, buffer, 0, buffer.length, this.#position);
      if (bytesRead === 0) return;
      this.#position += bytesRead;
      this.#consume(buffer.subarray(0, bytesRead));
    }
  }

  #consume(chunk: Buffer): void {
    const data = this.#partial === null ? chunk : Buffer.concat([this.#partial, chunk]);
    let start = 0;
    for (let newline = data.indexOf(NEWLINE); newline !== -1; newline = data.indexOf(NEWLINE, start)) {
      if (this.#skipFragment) this.#skipFragment = false;
      else this.#emit(data.subarray(start, newline));
      start = newline + 1;
    }
    this.#partial = start < data.length ? data.subarray(start) : null;
  }

  #emit(bytes: Buffer): void {
    const line = parseLogLine(bytes.toString('utf8'), this.#service);
    if (line !== null) this.#deliver(line);
  }

  #deliver(line: OutputLine): void {
    if (this.#closed) return;
    try {
      this.#onLine(line);
    } catch (error) {
      this.#onError(error);
    }
  }

  async #release(): Promise<void> {
    const fd = this.#fd;
    this.#fd = null;
    this.#partial = null;
    if (fd !== null) await closeAsync(fd).catch((error: unknown) => this.#onError(error));
  }
}
