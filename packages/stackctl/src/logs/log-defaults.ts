// The log files' tuning numbers in one place: rotation size and count, batching, follow polling, read chunks.

export interface LogDefaults {
  /**
   * Rotation threshold of one file, in bytes. A write that would make the current file larger than
   * this first rotates it, so no file exceeds it (except one holding a single line that is larger
   * on its own: such a line gets a fresh file to itself and is never split).
   */
  readonly maxBytes: number;
  /**
   * How many files a service keeps in total, the current one included: `api.log` plus
   * `api.log.1` … `api.log.<maxFiles-1>` (1 is the newest). "10 MiB × 5 files" therefore means at
   * most 50 MiB on disk per service, of which at least 40 MiB of history once it has rotated 4 times.
   */
  readonly maxFiles: number;
  /** Longest time a written line waits in memory before it reaches the file. */
  readonly flushIntervalMs: number;
  /** Size of one write batch: a batch that is full is written at once, without waiting for the timer. */
  readonly batchBytes: number;
  /** How often a follower checks the file besides reacting to fs.watch (which can miss events). */
  readonly followPollMs: number;
  /** Chunk size used when reading a file backwards for a tail, and when following it. */
  readonly readChunkBytes: number;
}

export const LOG_DEFAULTS: LogDefaults = {
  maxBytes: 10 * 1024 * 1024,
  maxFiles: 5,
  flushIntervalMs: 25,
  batchBytes: 256 * 1024,
  followPollMs: 250,
  readChunkBytes: 64 * 1024,
};
