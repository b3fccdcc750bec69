// Follows a log file like `tail -F`: new lines within a second, through rotations, partial lines held back.
import { close, fstat, fstatSync, open, openSync, read, readSync, watch, type FSWatcher, type Stats } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { OutputLine } from '../supervisor/types.js';
import { LOG_DEFAULTS } from './log-defaults.js';
import { serviceOfLogFile } from './log-file-paths.js';
import { sameFile, stableLogFiles, statOrNull } from './log-file-snapshot.js';
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

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Starts following at once: with `fromEnd`, every line appended after this call returns is
 * delivered, none before. A missing file is waited for and then read from its start.
 *
 * Each look reads the open file to its end, then checks whether the path still names it. When it
 * does not (the writer renamed it to `.log.1` and will create a new `.log`), the old file is
 * finished — the writer closes it before renaming, so nothing more arrives there — and the file
 * written after it is read from its start (through every rotated file in between, should the
 * follower have fallen behind). A file that shrank was truncated in place and is read again from
 * its start. Bytes after the last newline wait for the rest of their line; lines that are not log
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
      if (!(await (finished === null ? this.#open(this.#file) : this.#openSuccessor(finished)))) return;
      this.#finished = null;
    }
    const current = await statOrNull(this.#file);
    const own = await fstatAsync(this.#fd as number);
    if (own.size < this.#position) {
      // Truncated in place: start over.
      this.#position = 0;
      this.#partial = null;
    }
    await this.#readToEnd();
    if (this.#closed || (current !== null && sameFile(current, own))) return;
    // Renamed away or removed: the writer closed it before, so it is complete. An unterminated end is a line too.
    if (this.#partial !== null && this.#partial.length > 0) this.#emit(this.#partial);
    await this.#release();
    if (await this.#openSuccessor(own)) this.#again = true;
    else this.#finished = own;
  }

  /**
   * Opens the file written after `old`: the oldest one newer than it, which is `.log.(k-1)` when
   * `old` is now `.log.k`, so a follower that fell several rotations behind reads through all of
   * them; when `old` is gone altogether, the oldest file left. False when there is none yet (or the
   * files kept moving): the next look tries again.
   */
  async #openSuccessor(old: Stats): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const files = await stableLogFiles(this.#file);
      if (files === null) continue;
      const position = files.findIndex((file) => sameFile(file.stats, old));
      const next = files[(position === -1 ? files.length : position) - 1];
      if (next === undefined) return false;
      // The files may move on between the listing and the open: then look again.
      if (await this.#open(next.path, next.stats)) return true;
    }
    return false;
  }

  /** Opens `file` to read from its start; false when it is missing or is no longer `expected`. */
  async #open(file: string, expected?: Stats): Promise<boolean> {
    let fd: number;
    try {
      fd = await openAsync(file, 'r');
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    if (expected !== undefined && !sameFile(await fstatAsync(fd), expected)) {
      await closeAsync(fd);
      return false;
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
    if (this.#closed) return;
    const line = parseLogLine(bytes.toString('utf8'), this.#service);
    if (line === null) return;
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
