// Yields a file's lines from the last to the first, reading fixed-size chunks backwards from the end.
import { open } from 'node:fs/promises';

const NEWLINE = 0x0a;

export interface BackwardLineOptions {
  /** Bytes read per step (default 64 KiB). */
  readonly chunkBytes?: number;
  /**
   * Leave out text after the last newline. Right for a file that is being appended to, whose last
   * line may be half-written; a finished file's unterminated last line is a line like any other.
   */
  readonly skipUnterminatedTail?: boolean;
}

/**
 * Only as much of the file is read as the consumer pulls: stopping the loop after 20 lines of a
 * 10 MiB file reads one chunk. Lines are split on byte 0x0A, which never occurs inside a multi-byte
 * UTF-8 character, and decoded one by one; the `\n` is removed, a `\r` kept. A missing file yields
 * nothing.
 */
export async function* readLinesBackward(file: string, options: BackwardLineOptions = {}): AsyncGenerator<string> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let position = (await handle.stat()).size;
    /** Bytes from the start of the data read so far up to its first newline: part of an earlier line. */
    let carry: Buffer | null = null;
    let atEnd = true;
    while (position > 0) {
      const length = Math.min(chunkBytes, position);
      position -= length;
      const chunk = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(chunk, 0, length, position);
      const read = chunk.subarray(0, bytesRead);
      const data: Buffer = carry === null ? read : Buffer.concat([read, carry]);
      let end = data.length;
      for (let i = data.length - 1; i >= 0; i--) {
        if (data[i] !== NEWLINE) continue;
        if (!atEnd || (end > i + 1 && options.skipUnterminatedTail !== true)) yield data.toString('utf8', i + 1, end);
        atEnd = false;
        end = i;
      }
      carry = data.subarray(0, end);
    }
    // What is left is the first line; with no newline anywhere it is also the unterminated last one.
    if (carry !== null && (!atEnd || (carry.length > 0 && options.skipUnterminatedTail !== true))) {
      yield carry.toString('utf8');
    }
  } finally {
    await handle.close();
  }
}
