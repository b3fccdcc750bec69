// Reads only the listening section at the head of /proc/net/tcp{,6}: each full read walks the kernel's TCP hash.
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Bytes asked for per read(). The kernel's seq_file fills at most this much (or its page-sized
 * buffer) per call, and returns less only when the table has ended.
 */
const CHUNK = 4096;
/** Longer than any tcp/tcp6 row, so a read shorter than CHUNK minus this means end of table. */
const MAX_ROW = 512;
/** LISTEN, and SYN_RECV (which older kernels list among the listeners' open requests). */
const LISTENING_SECTION_STATES = new Set(['0A', '03']);

/**
 * The text of a /proc/net/tcp table up to the end of its listening section, whole rows only; ''
 * when the file is missing (IPv6 disabled). The kernel lists listening sockets first and then
 * walks every bucket of the established hash (262,144 on a 2 GB VM, more on larger machines),
 * taking milliseconds per read(). So this stops at the first row past the listening section, and
 * takes a short read as the end instead of paying another walk for the final empty read.
 */
export function readProcNetListeners(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const buffer = Buffer.alloc(CHUNK);
    let text = '';
    let checkedUpTo = 0;
    for (;;) {
      const length = readSync(fd, buffer, 0, CHUNK, null);
      text += buffer.toString('latin1', 0, length);
      const complete = text.lastIndexOf('\n') + 1;
      if (pastListeningSection(text.slice(checkedUpTo, complete))) return text.slice(0, complete);
      checkedUpTo = complete;
      if (length < CHUNK - MAX_ROW) return text.slice(0, complete);
    }
  } catch {
    return '';
  } finally {
    closeSync(fd);
  }
}

/** True when a row's state (fourth column) is outside the listening section; the header is skipped. */
function pastListeningSection(rows: string): boolean {
  for (const row of rows.split('\n')) {
    const state = row.trim().split(/\s+/)[3];
    if (state !== undefined && state !== 'st' && !LISTENING_SECTION_STATES.has(state)) return true;
  }
  return false;
}
