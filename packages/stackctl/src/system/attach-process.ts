// Watches a process this host did not spawn: no waitpid for a non-child, so its end is found by polling.
import { Readable } from 'node:stream';
import type { AttachTarget, ChildHandle, ExitStatus } from './platform.js';
import { STREAM_GRACE_MS, whenClosed } from './spawn-child.js';

/** How often an attached process is checked (a kill -9 is noticed within this, plus the stream grace). */
export const ATTACH_POLL_MS = 100;

export interface AttachedStreams {
  readonly stdout: Readable;
  readonly stderr: Readable;
}

/**
 * A ChildHandle over `target`: `exited` settles with code and signal null once `isAlive()` turned
 * false and both streams closed (or STREAM_GRACE_MS later, when descendants still hold them).
 * `onGone` runs first, so FIFO readers can be nudged into their EOF. `streams` null: empty ones.
 */
export function attachProcess(
  target: AttachTarget,
  streams: AttachedStreams | null,
  onGone: () => void = () => {},
  pollMs = ATTACH_POLL_MS,
): ChildHandle {
  const stdout = streams?.stdout ?? Readable.from([]);
  const stderr = streams?.stderr ?? Readable.from([]);
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    timer = setInterval(() => {
      if (isAlive(target)) return;
      clearInterval(timer);
      onGone();
      const status: ExitStatus = { code: null, signal: null };
      const grace = setTimeout(() => resolve(status), STREAM_GRACE_MS);
      void Promise.all([whenClosed(stdout), whenClosed(stderr)]).then(() => {
        clearTimeout(grace);
        resolve(status);
      });
    }, pollMs);
  });
  return { pid: target.pid, stdout, stderr, exited, release: () => clearInterval(timer) };
}

function isAlive(target: AttachTarget): boolean {
  try {
    return target.isAlive();
  } catch {
    // A failing check proves nothing: look again at the next poll.
    return true;
  }
}
