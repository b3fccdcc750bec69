// The run records in `.stackctl/run/<service>.json` that the daemon's engine writes and `stop`/`status` read without a daemon.
import type { Logger } from '../logging/logger.js';
import type { RunRecordStore } from '../supervisor/run-record.js';
import { createRunRecordFileStore } from '../system/run-record-file-store.js';

export function openRunRecordStore(runDir: string, logger?: Logger): RunRecordStore {
  return createRunRecordFileStore(runDir, {
    onCorrupt: (file, reason) => logger?.warn({ file, reason }, 'skipped an unreadable run record'),
  });
}
