// Named pipes (FIFOs) for service output that outlives its host: create, open both ends, nudge, remove.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { StackctlError } from '../errors/index.js';
import type { OutputPaths } from './platform.js';

/*
 * How the FIFOs behave (verified on Linux 6.x with Node 20; macOS allows the same opens):
 * - The CHILD gets the FIFO opened O_RDWR (blocking) as fd 1 / fd 2. It thus holds a read-capable
 *   end itself, so with no host reading its writes never raise SIGPIPE/EPIPE: they fill the pipe
 *   buffer (64 KiB on Linux) and then block until a host reopens the FIFO and drains it. No line is
 *   lost, but the trade-off is that a chatty service stalls while no host runs for long.
 * - The HOST opens the read end O_RDONLY | O_NONBLOCK and reads it as a net.Socket (libuv polls
 *   the fd; a fs.ReadStream would tie up a threadpool thread per stream), and closes its copy of
 *   the child's O_RDWR fd right after spawn (fs fds are O_CLOEXEC, so no other child inherits it).
 * - EOF arrives once the last writer — the child and every descendant that inherited fd 1/2 —
 *   has closed it, provided the reader was opened while a writer existed. A reader opened when no
 *   writer exists sees no EOF until a writer has come and gone: `nudgeFifo` is that writer.
 * - The kernel keeps the buffer only while someone has the FIFO open: what a process wrote just
 *   before it died with no host reading is gone with it.
 */

const MODE = 0o600;

/** Creates the FIFO with `mkfifo -m 600` (and its folder, 0700); reuses a FIFO, replaces any other file. */
export function ensureFifo(file: string): void {
  const existing = lstatOrNull(file);
  if (existing?.isFIFO() === true) return;
  try {
    if (existing !== null) fs.unlinkSync(file);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw cannotCreate(file, (error as Error).message, error);
  }
  const result = spawnSync('mkfifo', ['-m', MODE.toString(8), file], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.error !== undefined || result.status !== 0) {
    const detail = result.error?.message ?? (result.stderr.toString().trim() || `mkfifo exited with ${result.status}`);
    throw cannotCreate(file, detail, result.error);
  }
}

/** The child's end: O_RDWR, so it never sees EPIPE while no host reads (see above). The caller closes it after spawn. */
export function openFifoForChild(file: string): number {
  return fs.openSync(file, fs.constants.O_RDWR);
}

/** The host's end, read without blocking and without a threadpool thread; throws when `file` is not a FIFO. */
export function openFifoReader(file: string): net.Socket {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFIFO()) throw new StackctlError('E_INTERNAL', `${file} is not a named pipe`);
    return new net.Socket({ fd, readable: true, writable: false });
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/** Opens and closes a writer, so a reader opened after the last writer left gets its EOF. */
export function nudgeFifo(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
  } catch {
    // ENXIO (no reader) or ENOENT: nobody waits for an EOF.
  }
}

/** Removes the FIFO files; open ends keep working. Missing files are fine. */
export function removeFifos(paths: OutputPaths): void {
  for (const file of [paths.stdout, paths.stderr]) fs.rmSync(file, { force: true });
}

/** Both FIFOs of a service: `<dir>/<service>.stdout` and `<dir>/<service>.stderr`. */
export function fifoPaths(dir: string, service: string): OutputPaths {
  return { stdout: path.join(dir, `${service}.stdout`), stderr: path.join(dir, `${service}.stderr`) };
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}

function cannotCreate(file: string, detail: string, cause: unknown): StackctlError {
  return new StackctlError('E_SPAWN_FAILED', `cannot create the output pipe ${file}: ${detail}`, { cause });
}
