// Turns a stream's text chunks into complete lines: handles \r\n, chunk boundaries and a final partial line.

/**
 * Feed it decoded text with `push`, call `flush` when the stream ends. Lines are handed over
 * without their `\n` (and without a `\r` right before it); a `\r` anywhere else is kept, so a
 * progress bar stays one line. Allocation-light: one slice per line, the pending partial line is
 * only concatenated when a chunk boundary cuts a line.
 */
export class LineSplitter {
  #partial = '';

  constructor(
    private readonly onLine: (line: string) => void,
    /** A line longer than this is emitted in pieces (see SupervisorDefaults.maxLineLength). */
    private readonly maxLineLength = Number.POSITIVE_INFINITY,
  ) {}

  push(chunk: string): void {
    let start = 0;
    let newline = chunk.indexOf('\n');
    if (newline !== -1 && this.#partial !== '') {
      const line = this.#partial + chunk.slice(0, newline);
      this.#partial = '';
      this.#emit(line);
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    while (newline !== -1) {
      this.#emit(chunk.slice(start, newline));
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) {
      this.#partial = start === 0 ? this.#partial + chunk : chunk.slice(start);
      while (this.#partial.length > this.maxLineLength) {
        this.onLine(this.#partial.slice(0, this.maxLineLength));
        this.#partial = this.#partial.slice(this.maxLineLength);
      }
    }
  }

  /** Hands over the unfinished last line instead of emitting it (a host detaching passes it on). */
  takePartial(): string {
    const partial = this.#partial;
    this.#partial = '';
    return partial;
  }

  /** Emits the last line when the stream ended without a newline. */
  flush(): void {
    if (this.#partial === '') return;
    const line = this.#partial;
    this.#partial = '';
    this.#emit(line);
  }

  #emit(raw: string): void {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    while (line.length > this.maxLineLength) {
      this.onLine(line.slice(0, this.maxLineLength));
      line = line.slice(this.maxLineLength);
    }
    this.onLine(line);
  }
}
