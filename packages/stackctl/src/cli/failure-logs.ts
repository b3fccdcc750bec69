// The last lines of each failed service's log file, printed under a failed `start` / `restart`.
import path from 'node:path';
import type { DaemonPaths } from '../daemon/index.js';
import { logFilePath, readLog } from '../logs/index.js';
import type { Palette } from '../output/colors.js';
import { StackPrinter } from '../output/stack-printer.js';
import type { OutputLine } from '../supervisor/types.js';

export const FAILURE_LOG_LINES = 20;

/**
 * Service → its last `lines` log lines (oldest first); services without any are left out. With
 * `since` (epoch ms: when this attempt began), only lines of this attempt: an earlier run's output
 * would read as the cause of a failure it had nothing to do with (a port refused before any spawn).
 */
export async function readFailureLogs(
  paths: DaemonPaths,
  services: readonly string[],
  options: { readonly since?: number; readonly lines?: number } = {},
): Promise<Map<string, OutputLine[]>> {
  const found = new Map<string, OutputLine[]>();
  const { since, lines = FAILURE_LOG_LINES } = options;
  for (const service of services) {
    const tail = await readLog(logFilePath(paths.logsDir, service), { service, limit: lines, ...(since === undefined ? {} : { since }) }).catch(() => []);
    if (tail.length > 0) found.set(service, tail);
  }
  return found;
}

/** Each service's lines under a heading naming its log file, prefixed like `up` prints them. */
export function printFailureLogs(logs: ReadonlyMap<string, readonly OutputLine[]>, paths: DaemonPaths, palette: Palette, write: (text: string) => void): void {
  if (logs.size === 0) return;
  const printer = new StackPrinter({ services: [...logs.keys()], palette, timestamps: false, write });
  for (const [service, lines] of logs) {
    const file = path.relative(process.cwd(), logFilePath(paths.logsDir, service)) || logFilePath(paths.logsDir, service);
    printer.flush();
    write(`\n${palette.dim(`last ${lines.length} line(s) of ${service} (${file}):`)}\n`);
    for (const line of lines) printer.line(line);
    printer.flush();
  }
}
