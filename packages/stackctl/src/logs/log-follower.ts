// Follows a log file like `tail -F`: new lines within a second, through rotations, partial lines held back.
import { close, fstat, fstatSync, open, openSync, read, readSync, watch, type FSWatcher, type Stats } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { OutputLine } from '../supervisor/types.js';
import { LOG_DEFAULTS } from './log-defaults.js';
import { existingLogFiles, serviceOfLogFile } from './log-file-paths.js';
import { sameFile, statOrNull } from './log-file-snapshot.js';
import { formatRotatedAwayMarker } from './log-gap-marker.js';
import { fileId, findGeneration, readLogGenerations, readLogGenerationsSync, rotatedAwayBetween, type LogGeneration, type LogGenerations } from './log-generations.js';
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
  /** Its entry in the writer's generations record; null when the record does not know it. */
  readonly entry: LogGeneration | null;
  /** Whether generations may have been deleted between the file before it and this one. */
  readonly checkGap: boolean;
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
  /** The open file's entry in the generations record, and the lines read from it (null: it was not read from its start). */
  #entry: LogGeneration | null = null;
  #lines: number | null = 0;
  /** Bytes at the start of the open file (before the end it started at) whose lines are not counted yet. */
  #uncounted = 0;
  #partial: Buffer | null = null;
  /** The open file was read to its end and is no longer the current one: the next file is due. */
  #complete = false;
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
    const stats = fstatSync(fd);
    this.#position = stats.size;
    this.#entry = entryOf(readLogGenerationsSync(this.#file), stats);
    this.#lines = 0;
    this.#uncounted = this.#position;
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
      const held = this.#held.shift();
      if (held !== undefined) this.#take(held);
      else if (!(await this.#open(this.#file))) return;
    }
    const current = await statOrNull(this.#file);
    const own = await fstatAsync(this.#fd as number);
    if (this.#uncounted > 0) await this.#countUncounted();
    if (!this.#complete) {
      if (own.size < this.#position) {
        // Truncated in place: start over.
        this.#position = 0;
        this.#partial = null;
        this.#lines = null;
      }
      // Rotated since the last look: hold every newer file open before reading on.
      const newest = this.#held.at(-1)?.stats ?? own;
      if (current !== null && !sameFile(current, newest)) await this.#holdNewer(newest);
      await this.#readToEnd();
      if (this.#closed || (current !== null && sameFile(current, own))) return;
      // Renamed away or removed: the writer closed it before, so it is complete. An unterminated end is a line too.
      if (this.#partial !== null && this.#partial.length > 0) this.#emit(this.#partial);
      this.#partial = null;
      this.#complete = true;
    }
    // The finished file stays open until a newer one is: its inode number cannot be reused meanwhile.
    if (this.#held.length === 0) await this.#holdNewer(own);
    if (this.#held.length === 0) return;
    await this.#release();
    this.#again = true;
  }

  /**
   * Opens and holds every file newer than `newest`, oldest first: `.log.(k-1)` … `.log` when
   * `newest` is now `.log.k`. When `newest` is gone from every name, the files between it and the
   * oldest one left were deleted unread: the generations record tells how many lines they held.
   * Nothing is held when there is no newer file yet, or the files kept moving (the next look tries again).
   */
  async #holdNewer(newest: Stats): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const files = await this.#openAll();
      if (files === null) continue;
      const position = files.findIndex((file) => sameFile(file.stats, newest));
      const opened = (position === -1 ? files : files.slice(0, position)).reverse();
      for (const older of position === -1 ? [] : files.slice(position)) await closeAsync(older.fd);
      if (opened.length === 0) return;
      // Held open now: their entries in the record can be looked up without hurry.
      const generations = await this.#generationsKnowing(opened.map((file) => file.stats));
      this.#held.push(
        ...opened.map((file, index) => ({
          fd: file.fd,
          stats: file.stats,
          entry: entryOf(generations, file.stats),
          checkGap: index === 0 && position === -1,
        })),
      );
      return;
    }
  }

  /**
   * The log's files, newest first, each opened: a consistent view or null (the files moved
   * meanwhile; the caller tries again). Inode numbers are reused as soon as a rotation deletes a
   * file, so an identity means one file only while it is held open: every name is opened first,
   * then the names are looked at again and must still name exactly the files held, in order.
   */
  async #openAll(): Promise<Array<{ fd: number; stats: Stats }> | null> {
    const names = await existingLogFiles(this.#file);
    const opened: Array<{ fd: number; stats: Stats }> = [];
    let consistent = true;
    for (const name of names) {
      try {
        const fd = await openAsync(name, 'r');
        opened.push({ fd, stats: await fstatAsync(fd) });
      } catch (error) {
        if (!isMissing(error)) {
          await Promise.all(opened.map((file) => closeAsync(file.fd)));
          throw error;
        }
        consistent = false;
        break;
      }
    }
    if (consistent) {
      const again = await existingLogFiles(this.#file);
      consistent = again.length === names.length && again.every((name, i) => name === names[i]);
      for (let i = 0; consistent && i < names.length; i++) {
        const stats = await statOrNull(names[i] as string);
        consistent = stats !== null && sameFile(stats, (opened[i] as { stats: Stats }).stats);
      }
    }
    if (consistent) return opened;
    await Promise.all(opened.map((file) => closeAsync(file.fd)));
    return null;
  }

  /**
   * The writer's generations record, once it is at least as new as the newest of `files` (it
   * records a new file just after creating it, so it is read again a few times meanwhile). Only
   * then does an identity in it stand for the file held: inode numbers are reused as soon as a
   * rotation deletes a file, and an older record may name a deleted file with the same number.
   */
  async #generationsKnowing(files: readonly Stats[]): Promise<LogGenerations | null> {
    const newest = files[files.length - 1];
    for (let attempt = 0; newest !== undefined; attempt++) {
      const generations = await readLogGenerations(this.#file);
      if (generations === null) return null;
      if (generations.files[0]?.id === fileId(newest)) return generations;
      if (attempt >= 10 || this.#closed) return null;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return null;
  }

  /** Reads `held` next, from its start, after the marker of what was rotated away before it. */
  #take(held: HeldFile): void {
    if (held.checkGap) {
      const gap = rotatedAwayBetween({ entry: this.#entry, lines: this.#lines, bytes: this.#position }, held.entry);
      if (gap !== 'nothing') {
        const counts = gap === 'unknown' ? { lines: null, bytes: null } : gap;
        this.#deliver({ service: this.#service, stream: 'stderr', line: formatRotatedAwayMarker(counts), time: Date.now() });
      }
    }
    this.#fd = held.fd;
    this.#entry = held.entry;
    this.#readFromStart();
  }

  /** A file just taken is read from its first byte: nothing of it counted or held yet. */
  #readFromStart(): void {
    this.#lines = 0;
    this.#uncounted = 0;
    this.#complete = false;
    this.#position = 0;
    this.#partial = null;
    this.#skipFragment = false;
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
    this.#entry = entryOf(await readLogGenerations(this.#file), await fstatAsync(fd));
    this.#readFromStart();
    return true;
  }

  /** Counts the lines before the point it started at, so that a gap after this file can be counted in lines. */
  async #countUncounted(): Promise<void> {
    const fd = this.#fd;
    const end = this.#uncounted;
    this.#uncounted = 0;
    if (fd === null) return;
    const buffer = Buffer.allocUnsafe(this.#chunkBytes);
    let count = 0;
    for (let offset = 0; offset < end && !this.#closed; ) {
      const { bytesRead } = await readAsync(fd, buffer, 0, Math.min(buffer.length, end - offset), offset);
      if (bytesRead === 0) break;
      for (let at = buffer.indexOf(NEWLINE, 0); at !== -1 && at < bytesRead; at = buffer.indexOf(NEWLINE, at + 1)) count += 1;
      offset += bytesRead;
    }
    if (this.#lines !== null) this.#lines += count;
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
      if (this.#lines !== null) this.#lines += 1;
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

function entryOf(generations: LogGenerations | null, stats: Stats): LogGeneration | null {
  return findGeneration(generations, fileId(stats));
}
