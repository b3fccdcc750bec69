// Reads a config file without hanging or filling memory: a regular file only, at most MAX_CONFIG_BYTES, UTF-8.
import fs from 'node:fs';
import { formatSize } from './durations.js';
import { NO_POSITIONS, type ParsedSource } from './problem.js';

/** A config is a few kilobytes; anything past a megabyte is not one (or is /proc-like, growing without end). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface UnreadableConfig {
  readonly ok: false;
  /** Follows the file name: `is a FIFO (named pipe), not a regular file`. */
  readonly message: string;
  readonly line?: number;
  readonly cause?: unknown;
}

export type ConfigFileText = { readonly ok: true; readonly text: string } | UnreadableConfig;

/**
 * The file's text, or why it cannot be a config: not a regular file (a FIFO, a device, a socket, a
 * folder), too big, unreadable, or not UTF-8. The path is checked before it is opened (opening a
 * device can have effects), and opened non-blocking (a FIFO swapped in meanwhile cannot hang it),
 * then checked again on the open file.
 */
export async function readConfigText(file: string): Promise<ConfigFileText> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (error) {
    return { ok: false, message: await statFailure(file, error), cause: error };
  }
  const refused = refusal(stat);
  if (refused !== null) return { ok: false, message: refused };

  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, message: `cannot be opened: ${reason(error)}`, cause: error };
  }
  try {
    const refusedNow = refusal(await handle.stat());
    if (refusedNow !== null) return { ok: false, message: refusedNow };
    const bytes = await readAtMost(handle, MAX_CONFIG_BYTES + 1);
    if (bytes.length > MAX_CONFIG_BYTES) return { ok: false, message: tooBig(`more than ${formatSize(MAX_CONFIG_BYTES)}`) };
    return decode(bytes);
  } catch (error) {
    return { ok: false, message: `cannot be read: ${reason(error)}`, cause: error };
  } finally {
    await handle.close();
  }
}

/** The file as a source with one problem: why it cannot be read. */
export function unreadableSource(failure: UnreadableConfig): ParsedSource {
  const position = failure.line === undefined ? {} : { position: { line: failure.line, column: 1 } };
  return { raw: undefined, locator: NO_POSITIONS, problems: [{ path: [], message: failure.message, ...position }], cause: failure.cause };
}

/** `a FIFO (named pipe)`, `a character device`…: what a non-regular entry is, for "is X, not a regular file". */
export function describeFileType(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function refusal(stat: fs.Stats): string | null {
  if (!stat.isFile()) return `is ${describeFileType(stat)}, not a regular file`;
  if (stat.size > MAX_CONFIG_BYTES) return tooBig(`${(stat.size / 1024 / 1024).toFixed(1)} MB`);
  return null;
}

function tooBig(size: string): string {
  return `is ${size}; a config file may be at most ${formatSize(MAX_CONFIG_BYTES)}`;
}

async function statFailure(file: string, error: unknown): Promise<string> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    const link = await fs.promises.lstat(file).catch(() => null);
    if (link?.isSymbolicLink() === true) return `is a symbolic link to ${await fs.promises.readlink(file).catch(() => '?')}, which does not exist`;
    return 'does not exist';
  }
  if (code === 'ELOOP') return 'is a symbolic link that loops';
  return `cannot be read: ${reason(error)}`;
}

/** Reads until the end of the file or `limit` bytes, whichever comes first (a /proc file's size says 0). */
async function readAtMost(handle: fs.promises.FileHandle, limit: number): Promise<Buffer> {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  while (length < limit) {
    const { bytesRead } = await handle.read(buffer, length, limit - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}

function decode(bytes: Buffer): ConfigFileText {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, message: 'holds binary data (a NUL byte); a config file is UTF-8 text', line: lineAt(bytes, nul) };
  try {
    // A byte-order mark is dropped, as editors on Windows write one.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (error) {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const line = lossy.slice(0, lossy.indexOf('\uFFFD')).split('\n').length;
    return { ok: false, message: 'is not valid UTF-8 text; a config file is UTF-8 text', line, cause: error };
  }
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let index = bytes.indexOf(10); index >= 0 && index < offset; index = bytes.indexOf(10, index + 1)) line += 1;
  return line;
}

function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENXIO') return 'no such device or address (a socket?)';
  return code ?? message;
}
