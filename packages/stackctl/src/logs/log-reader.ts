// Reads a service's recent log lines across its rotated files: the last N, since a time, matching a pattern.
import type { OutputLine } from '../supervisor/types.js';
import { readLinesBackward } from './backward-line-reader.js';
import { LOG_DEFAULTS } from './log-defaults.js';
import { existingLogFiles, serviceOfLogFile } from './log-file-paths.js';
import { parseLogLine } from './log-line-format.js';

export interface ReadLogOptions {
  /** The last this many matching lines; all of them when omitted. */
  readonly limit?: number;
  /** Only lines stamped at or after this epoch ms. */
  readonly since?: number;
  /** Only lines whose text matches (the `g` and `y` flags are ignored). */
  readonly grep?: RegExp;
  /** Service name put in the lines; default: the file's name without `.log`. */
  readonly service?: string;
  readonly chunkBytes?: number;
}

/** A copy without the flags that make `test` remember a position between calls. */
function statelessPattern(grep: RegExp): RegExp {
  return grep.global || grep.sticky ? new RegExp(grep.source, grep.flags.replace(/[gy]/g, '')) : grep;
}

/**
 * Reads `file` and its rotated copies from the newest line backwards, chunk by chunk, and stops as
 * soon as `limit` lines matched or a line older than `since` appears (a service's lines are
 * stamped in order, so everything before it is older too). Showing 20 lines of a 50 MiB history
 * thus reads one 64 KiB chunk. Lines that are not log records are skipped, and so is a half-written
 * last line of the current file. Returns the lines oldest first.
 *
 * A rotation while reading can make the result miss or repeat lines near the boundary; a file
 * that disappears meanwhile is skipped.
 */
export async function readLog(file: string, options: ReadLogOptions = {}): Promise<OutputLine[]> {
  const { limit = Number.POSITIVE_INFINITY, since = Number.NEGATIVE_INFINITY } = options;
  const service = options.service ?? serviceOfLogFile(file);
  const grep = options.grep === undefined ? undefined : statelessPattern(options.grep);
  const newestFirst: OutputLine[] = [];
  if (limit <= 0) return newestFirst;
  files: for (const candidate of await existingLogFiles(file)) {
    const lines = readLinesBackward(candidate, {
      chunkBytes: options.chunkBytes ?? LOG_DEFAULTS.readChunkBytes,
      skipUnterminatedTail: candidate === file,
    });
    for await (const text of lines) {
      const line = parseLogLine(text, service);
      if (line === null) continue;
      if (line.time < since) break files;
      if (grep !== undefined && !grep.test(line.line)) continue;
      newestFirst.push(line);
      if (newestFirst.length >= limit) break files;
    }
  }
  return newestFirst.reverse();
}
