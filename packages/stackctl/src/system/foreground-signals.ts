// A child in this terminal's foreground group: SIGINT and SIGQUIT left to the terminal, SIGTERM and SIGHUP passed on, until it ends.
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

export interface ForegroundEnd {
  /** The exit code, or 128 + the signal's number when a signal ended it. */
  readonly code: number;
  readonly signal: NodeJS.Signals | null;
}

/**
 * From now until the child's `event` ('exit', or 'close' to also wait for its output streams), this process
 * ignores SIGINT and SIGQUIT (a terminal's Ctrl+C and Ctrl+\ reach the child too, which decides what to do)
 * and passes SIGTERM and SIGHUP on to the child, so it is never left behind. Resolves with how it ended.
 */
export function relayUntilEnd(child: ChildProcess, event: 'exit' | 'close'): Promise<ForegroundEnd> {
  const ignore = (): void => {};
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', ignore);
  process.on('SIGQUIT', ignore);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  return new Promise((resolve) => {
    child.once(event, (code: number | null, signal: NodeJS.Signals | null) => {
      process.off('SIGINT', ignore);
      process.off('SIGQUIT', ignore);
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
      resolve({ code: code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)), signal });
    });
  });
}
