// The daemon socket file: probe whether someone answers on it, replace it only when stale, listen on it as 0600.
import { lstat, unlink, chmod } from 'node:fs/promises';
import net from 'node:net';
import type { Server } from 'node:net';
import { StackctlError } from '../errors/index.js';

/** sun_path is 104 bytes on macOS and 108 on Linux, each with a final NUL. */
export const MAX_SOCKET_PATH_BYTES = 103;
export const SOCKET_MODE = 0o600;

/** True when something accepts a connection on `socketPath` within `timeoutMs` (or does not refuse in time). */
export function socketAnswers(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ path: socketPath });
    const done = (answers: boolean): void => {
      socket.destroy();
      resolve(answers);
    };
    socket.setTimeout(timeoutMs, () => done(true)); // a hung peer still holds the socket: never delete it
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Makes `socketPath` free to listen on: nothing there is fine; a socket file nobody answers on is a
 * leftover of a crash and is removed; a live one, or a file that is not a socket, is refused.
 */
export async function claimSocketPath(socketPath: string, project: string): Promise<void> {
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new StackctlError('E_INTERNAL', `socket path is too long for the OS (${Buffer.byteLength(socketPath)} bytes, at most ${MAX_SOCKET_PATH_BYTES}): ${socketPath}`, {
      hint: 'move the project to a shorter path',
    });
  }
  const stats = await lstat(socketPath).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw new StackctlError('E_INTERNAL', `cannot inspect ${socketPath}`, { cause: error });
  });
  if (stats === undefined) return;
  if (!stats.isSocket()) {
    throw new StackctlError('E_INTERNAL', `${socketPath} exists and is not a socket`, { hint: 'remove that file, then try again' });
  }
  if (await socketAnswers(socketPath)) throw alreadyServing(socketPath, project);
  await unlink(socketPath).catch((error: unknown) => {
    if (errnoCode(error) !== 'ENOENT') throw new StackctlError('E_INTERNAL', `cannot remove the stale socket ${socketPath}`, { cause: error });
  });
}

/**
 * Listens with a umask that creates the socket as 0600 from the first moment (bind is synchronous
 * inside `listen`), then chmods it anyway: `process.umask` is refused in worker threads.
 */
export async function listenPrivately(server: Server, socketPath: string, project: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: unknown): void => {
      reject(
        errnoCode(error) === 'EADDRINUSE'
          ? alreadyServing(socketPath, project, error)
          : new StackctlError('E_INTERNAL', `cannot listen on ${socketPath}`, { cause: error }),
      );
    };
    server.once('error', onError);
    const previous = trySetUmask(0o177);
    try {
      server.listen(socketPath, () => {
        server.off('error', onError);
        resolve();
      });
    } finally {
      if (previous !== undefined) process.umask(previous);
    }
  });
  await chmod(socketPath, SOCKET_MODE);
}

/** libuv already unlinks on close; this covers the rest, and only if the file is still ours (same inode). */
export async function removeSocketFile(socketPath: string, inode: number | undefined): Promise<void> {
  const stats = await lstat(socketPath).catch(() => undefined);
  if (stats === undefined || (inode !== undefined && stats.ino !== inode)) return;
  await unlink(socketPath).catch(() => {});
}

export async function inodeOf(socketPath: string): Promise<number | undefined> {
  return (await lstat(socketPath).catch(() => undefined))?.ino;
}

function alreadyServing(socketPath: string, project: string, cause?: unknown): StackctlError {
  return new StackctlError('E_ALREADY_RUNNING', `another stackctl is already serving project "${project}" on ${socketPath}`, {
    cause,
    hint: 'use that one (`stackctl status`), or stop it before starting another',
  });
}

function trySetUmask(mask: number): number | undefined {
  try {
    return process.umask(mask);
  } catch {
    return undefined;
  }
}

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
