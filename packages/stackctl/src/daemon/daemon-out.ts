// `.stackctl/logs/daemon.out`, the daemon's stdout and stderr: opened for each daemon, the previous file kept once it is large.
import { renameSync, statSync } from 'node:fs';
import { fileSystemError } from '../errors/index.js';
import { openPrivate } from '../system/private-files.js';

/** Past this size, the file is moved to `daemon.out.1` (replacing the one before) and a new one begun. */
export const DAEMON_OUT_MAX_BYTES = 1024 * 1024;

/**
 * Opens `file` for appending (mode 0600, narrowed to it when it existed wider), for a daemon about
 * to start. The daemon itself writes little there (Node's warnings, a crash's trace), but it is
 * never rotated while one runs: so it is done here, before a new daemon starts, at most one old
 * file kept. A full disk, a read-only or a forbidden folder is E_DISK_FULL / E_STATE_DIR_UNWRITABLE.
 */
export function openDaemonOut(file: string, maxBytes = DAEMON_OUT_MAX_BYTES): number {
  try {
    if (statSync(file).size > maxBytes) renameSync(file, `${file}.1`);
  } catch {
    // no file yet (or another CLI moved it just now): start one
  }
  try {
    return openPrivate(file, 'a');
  } catch (error) {
    throw fileSystemError(error, file, 'open') ?? error;
  }
}
