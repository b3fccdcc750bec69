// Counts the lines a service's log file could not take: the episode not yet marked in the file, and the total since the host started.
import type { LogLossInfo } from '../supervisor/types.js';

/** Why a write failed, for programs (`code`) and for people (`reason`). */
export interface WriteFailure {
  /** The errno code (`ENOSPC`, `EROFS`, `EACCES`, `EIO`…), or `EUNKNOWN`. */
  readonly code: string;
  /** `disk full`, `read-only file system`, `permission denied`… */
  readonly reason: string;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'I/O error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENOENT: 'folder missing',
  ENOTDIR: 'not a folder',
  EISDIR: 'is a folder',
};

export function describeWriteFailure(error: unknown): WriteFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return { code: 'EUNKNOWN', reason: error instanceof Error ? error.message : String(error) };
  return { code, reason: REASONS[code] ?? code };
}

/** Lines lost over a span of time, by stream, with the latest failure's code and reason. */
export type LogLoss = LogLossInfo;

/** What `status` shows: every line lost since the host started, and whether writes still fail. */
export interface LogLossSummary extends LogLoss {
  /** Writes fail now: the latest episode has not ended with a marker in the file yet. */
  readonly ongoing: boolean;
}

interface MutableLoss {
  code: string;
  reason: string;
  lines: number;
  stdout: number;
  stderr: number;
  since: number;
  until: number;
}

/**
 * An episode begins with the first failed write and ends once a write works again and the marker
 * recording it is in the file. Only the failure path calls in here: the writer's hot path does not.
 */
export class LogLossCounter {
  #episode: MutableLoss | null = null;
  #total: MutableLoss | null = null;

  /** Writes fail (or the marker of the last episode is not written yet). */
  get failing(): boolean {
    return this.#episode !== null;
  }

  /** The episode still to be marked in the file, or null. */
  get episode(): LogLoss | null {
    return this.#episode === null ? null : { ...this.#episode };
  }

  /**
   * Records a failed write: `stdout` and `stderr` lines lost (maybe none: a cut line kept to be
   * written later), stamped `from` … `until`. Returns true when this failure begins an episode.
   */
  failed(error: unknown, from: number, until: number, stdout: number, stderr: number): boolean {
    const failure = describeWriteFailure(error);
    const begins = this.#episode === null;
    this.#episode = add(this.#episode, failure, from, until, stdout, stderr);
    this.#total = add(this.#total, failure, from, until, stdout, stderr);
    return begins;
  }

  /** The marker is in the file: the episode is over. Returns it. */
  ended(): LogLoss | null {
    const episode = this.#episode;
    this.#episode = null;
    return episode;
  }

  summary(): LogLossSummary | null {
    return this.#total === null ? null : { ...this.#total, ongoing: this.#episode !== null };
  }
}

function add(loss: MutableLoss | null, failure: WriteFailure, from: number, until: number, stdout: number, stderr: number): MutableLoss {
  const next = loss ?? { ...failure, lines: 0, stdout: 0, stderr: 0, since: from, until };
  next.code = failure.code;
  next.reason = failure.reason;
  next.lines += stdout + stderr;
  next.stdout += stdout;
  next.stderr += stderr;
  next.until = Math.max(next.until, until);
  return next;
}
