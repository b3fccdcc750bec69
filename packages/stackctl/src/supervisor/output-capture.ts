// Reads a child's output stream as UTF-8 and hands the complete lines of each chunk to a callback; can detach mid-stream.
import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';
import { THREAD_READ_PACING, type ReadPacer, type ReadPacing } from './read-pacer.js';

/** No pending bytes: shared, never written to. */
const NO_BYTES = Buffer.alloc(0);

/**
 * One stream's capture. Decoding is done here, not by the stream, so that on `detach` the bytes of
 * an unfinished line — an incomplete UTF-8 character included — can be handed to the next host.
 * Lines go out in batches, one callback per chunk read (never with no lines), not one per line.
 */
export class OutputCapture {
  /** Resolves once the stream has ended (or failed, or was detached) and its last partial line was handled. */
  readonly done: Promise<void>;
  readonly #splitter: LineSplitter;
  /** The 0–3 bytes of a character a chunk boundary cut. */
  #pendingBytes: Buffer = Buffer.alloc(0);
  #detached = false;
  /** Set while detach/close take what the stream still buffers: no nap between those chunks. */
  #draining = false;
  #finish: () => void = () => {};
  readonly #pacer: ReadPacer;

  constructor(
    private readonly stream: Readable,
    /** The complete lines of one chunk, in order. */
    private readonly onLines: (lines: string[]) => void,
    maxLineLength?: number,
    /** Bytes a previous host had read of an unfinished line: they come first. */
    carry?: Buffer,
    /** Coalesces the reads of a stream that delivers fast (see read-pacer.ts). */
    pacing: ReadPacing = THREAD_READ_PACING,
  ) {
    this.#splitter = new LineSplitter(undefined, maxLineLength);
    this.#pacer = pacing.stream();
    if (carry !== undefined && carry.length > 0) this.#push(carry);
    this.done = new Promise((resolve) => {
      let done = false;
      this.#finish = () => {
        if (done) return;
        done = true;
        if (!this.#detached) {
          const lines = this.#pendingBytes.length > 0 ? this.#splitter.split(this.#pendingBytes.toString('utf8')) : [];
          this.#deliver([...lines, ...this.#splitter.end()]);
        }
        resolve();
      };
    });
    stream.on('data', (chunk: Buffer | string) => {
      this.#push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (!this.#detached && !this.#draining) this.#pacer.afterRead(chunk.length);
    });
    stream.once('end', this.#finish);
    stream.once('close', this.#finish);
    stream.once('error', this.#finish);
  }

  /**
   * Stops reading without losing a byte already read: delivers what the stream still buffers,
   * destroys it, and returns the unfinished last line's bytes (for RunRecord.pendingOutput).
   * What is still in the kernel pipe stays there for the next reader.
   */
  detach(): Buffer {
    if (this.#detached) return Buffer.alloc(0);
    // In flowing mode read() emits 'data' for what it returns: the listener above takes it.
    this.#draining = true;
    while (!this.stream.destroyed && this.stream.read() !== null);
    this.#detached = true;
    const carry = Buffer.concat([Buffer.from(this.#splitter.takePartial(), 'utf8'), this.#pendingBytes]);
    this.#pendingBytes = Buffer.alloc(0);
    this.stream.destroy();
    this.#finish();
    return carry;
  }

  /** Closes the stream after delivering what was read; the last partial line is emitted. */
  close(): void {
    this.#draining = true;
    while (!this.stream.destroyed && this.stream.read() !== null);
    this.stream.destroy();
    this.#finish();
  }

  #push(chunk: Buffer): void {
    if (this.#detached) return;
    const bytes = this.#pendingBytes.length === 0 ? chunk : Buffer.concat([this.#pendingBytes, chunk]);
    const complete = completeUtf8Length(bytes);
    this.#pendingBytes = complete === bytes.length ? NO_BYTES : Buffer.from(bytes.subarray(complete));
    if (complete > 0) this.#deliver(this.#splitter.split(bytes.toString('utf8', 0, complete)));
  }

  #deliver(lines: string[]): void {
    if (lines.length > 0) this.onLines(lines);
  }
}

/** The length of `bytes` without a trailing, incomplete UTF-8 sequence (invalid bytes count as complete). */
export function completeUtf8Length(bytes: Buffer): number {
  const length = bytes.length;
  for (let back = 1; back <= Math.min(3, length); back += 1) {
    const byte = bytes[length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? length - back : length;
  }
  return length;
}
