// Drops the lines a log follower delivers that the tail read just before it already showed.
import type { OutputLine } from '../supervisor/types.js';

/**
 * `stackctl logs -f` starts following a file at its end, then reads its last lines: whatever the
 * service wrote between those two moments is in both. A service's lines are in time order in its
 * file, so a followed line older than the tail's last line was in the tail, and a newer one is new.
 * Lines stamped with the same millisecond as the tail's last line are matched against the tail's
 * run of lines with that stamp, in order: those that continue it were shown already.
 *
 * Returns a predicate for one service's followed lines, in the order they come: true = show it.
 * Once a line proves new, everything after it is new. (A clock set back while following could
 * hide lines older than the tail's last one until a newer line arrives.)
 */
export function createOverlapFilter(tail: readonly OutputLine[]): (line: OutputLine) => boolean {
  const last = tail[tail.length - 1];
  if (last === undefined) return () => true;
  const run: OutputLine[] = [];
  for (let i = tail.length - 1; i >= 0 && tail[i]?.time === last.time; i--) run.unshift(tail[i] as OutputLine);
  let next = -1;
  let done = false;
  return (line) => {
    if (done) return true;
    if (line.time < last.time) return false;
    if (line.time > last.time) {
      done = true;
      return true;
    }
    if (next === -1) {
      const start = run.findIndex((candidate) => sameLine(candidate, line));
      if (start !== -1) {
        next = start + 1;
        return false;
      }
    } else if (next < run.length && sameLine(run[next] as OutputLine, line)) {
      next += 1;
      return false;
    }
    done = true;
    return true;
  };
}

function sameLine(a: OutputLine, b: OutputLine): boolean {
  return a.stream === b.stream && a.line === b.line;
}
