// Reads the recent lines of several services at once and merges them in time order (`stackctl logs` without a name).
import type { OutputLine } from '../supervisor/types.js';
import { logFilePath } from './log-file-paths.js';
import { readLog, type ReadLogOptions } from './log-reader.js';
import { mergeLogs } from './merge-logs.js';

/**
 * The last `limit` lines of all `services` together: each service contributes at most `limit`
 * lines (no more can make the cut), the merge orders them and the newest `limit` remain.
 */
export async function readStackLogs(
  logsDir: string,
  services: readonly string[],
  options: Omit<ReadLogOptions, 'service'> = {},
): Promise<OutputLine[]> {
  const perService = await Promise.all(
    services.map((service) => readLog(logFilePath(logsDir, service), { ...options, service })),
  );
  const merged = mergeLogs(perService);
  const { limit } = options;
  return limit === undefined ? merged : merged.slice(Math.max(0, merged.length - limit));
}
