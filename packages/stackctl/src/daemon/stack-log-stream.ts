// The log lines of several services from their files: the recent ones merged in time order, then (follow) new ones live.
import { followLog, logFilePath, mergeLogs, readLog, type LogFollowerHandle } from '../logs/index.js';
import type { OutputLine } from '../supervisor/types.js';
import { createOverlapFilter } from './log-overlap.js';

export interface StackLogStreamOptions {
  /** The last this many lines of all services together; all when undefined. */
  readonly lines?: number;
  /** Only lines stamped at or after this epoch ms. */
  readonly since?: number;
  /** Only lines whose text matches (without the `g` / `y` flags). */
  readonly grep?: RegExp;
  /** Keep delivering new lines until `signal` aborts. */
  readonly follow: boolean;
  readonly signal?: AbortSignal;
  /** Told about read failures; following carries on. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Calls `onLine` with the recent lines, oldest first, then — when following — with every line
 * appended later (within about a second, across rotations), each service's in order. Resolves when
 * the recent lines are out (no follow) or once `signal` aborted (follow). Missing files are fine:
 * a service that never wrote has no lines, and its file is waited for.
 */
export async function streamStackLogs(
  logsDir: string,
  services: readonly string[],
  options: StackLogStreamOptions,
  onLine: (line: OutputLine) => void,
): Promise<void> {
  const { lines, since, grep, follow, signal } = options;
  const aborted = (): boolean => signal?.aborted === true;
  if (aborted()) return;
  const matches = (line: OutputLine): boolean =>
    (since === undefined || line.time >= since) && (grep === undefined || grep.test(line.line));

  // Followers first: anything written from now on reaches them; the overlap with the tail is dropped below.
  const early: OutputLine[] = [];
  const filters = new Map<string, (line: OutputLine) => boolean>();
  let live = false;
  const followers: LogFollowerHandle[] = follow
    ? services.map((service) =>
        followLog(
          logFilePath(logsDir, service),
          (line) => {
            if (!matches(line)) return;
            if (!live) early.push(line);
            else if (filters.get(service)?.(line) !== false) onLine(line);
          },
          { fromEnd: true, service, onError: options.onError },
        ),
      )
    : [];

  try {
    const perService = await Promise.all(
      services.map((service) => readLog(logFilePath(logsDir, service), { service, limit: lines, since, grep })),
    );
    const merged = mergeLogs(perService);
    for (const line of lines === undefined ? merged : merged.slice(Math.max(0, merged.length - lines))) onLine(line);
    if (!follow || aborted()) return;

    services.forEach((service, index) => filters.set(service, createOverlapFilter(perService[index] ?? [])));
    live = true;
    for (const line of early.splice(0)) if (filters.get(line.service)?.(line) !== false) onLine(line);
    await new Promise<void>((resolve) => {
      if (signal === undefined) return; // follows until the process ends
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await Promise.all(followers.map((follower) => follower.close()));
  }
}

/** The same lines as an async iterable (for the API's logs route); ends when `signal` aborts. */
export async function* iterateStackLogs(
  logsDir: string,
  services: readonly string[],
  options: StackLogStreamOptions & { readonly signal: AbortSignal },
): AsyncGenerator<OutputLine> {
  let queue: OutputLine[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  let failure: unknown;
  // Aborted by the caller, or by the consumer leaving the loop early.
  const inner = new AbortController();
  const forward = (): void => inner.abort();
  options.signal.addEventListener('abort', forward, { once: true });
  if (options.signal.aborted) inner.abort();
  const done = streamStackLogs(logsDir, services, { ...options, signal: inner.signal }, (line) => {
    queue.push(line);
    wake?.();
  }).then(
    () => {
      finished = true;
      wake?.();
    },
    (error: unknown) => {
      failure = error;
      finished = true;
      wake?.();
    },
  );
  try {
    for (;;) {
      if (queue.length > 0) {
        const ready = queue;
        queue = [];
        yield* ready;
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    if (failure !== undefined) throw failure;
  } finally {
    inner.abort();
    options.signal.removeEventListener('abort', forward);
    await done;
  }
}
