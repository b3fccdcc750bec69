// Turns a stream's text chunks into complete lines: handles \r\n, chunk boundaries and a final partial line.

/**
 * Feed it decoded text with `split` (or `push`), and call `end` (or `flush`) when the stream ends.
 * Lines come without their `\n` (and without a `\r` right before it); a `\r` anywhere else is kept,
 * so a progress bar stays one line. Built for chatty services: `split` hands over all the lines a
 * chunk completes at once, found by the engine's native `String#split` (no per-line work in
 * JavaScript unless the chunk holds a `\r` or a line may be over `maxLineLength`); the pending
 * partial line is only concatenated when a chunk boundary cuts a line.
 */
export class LineSplitter {
  #partial = '';

  constructor(
    /** What `push` and `flush` hand each line to; `split` and `end` return them instead. */
    private readonly onLine: (line: string) => void = () => {},
    /** A line longer than this is emitted in pieces (see SupervisorDefaults.maxLineLength). */
    private readonly maxLineLength = Number.POSITIVE_INFINITY,
  ) {}

  /** The lines `chunk` completes, in order (empty when it completes none); keeps the unfinished rest. */
  split(chunk: string): string[] {
    const last = chunk.lastIndexOf('\n');
    if (last === -1) {
      this.#partial = this.#partial === '' ? chunk : this.#partial + chunk;
      return this.#partial.length > this.maxLineLength ? this.#cutPartial([]) : [];
    }
    const lines = chunk.slice(0, last).split('\n');
    const partial = this.#partial;
    if (partial !== '') lines[0] = partial + (lines[0] as string);
    this.#partial = chunk.slice(last + 1);
    // Per-line work only when it can matter: a `\r` (here or at the end of the previous chunk), an over-long line.
    const longest = Math.max(last, (lines[0] as string).length);
    const done = chunk.includes('\r') || partial.endsWith('\r') || longest > this.maxLineLength ? this.#tidy(lines) : lines;
    return this.#partial.length > this.maxLineLength ? this.#cutPartial(done) : done;
  }

  /** The unfinished last line as lines of their own (none when there is none): the stream ended without a newline. */
  end(): string[] {
    if (this.#partial === '') return [];
    const line = this.#partial;
    this.#partial = '';
    return this.#tidy([line]);
  }

  /** `split`, handing each line to `onLine`. */
  push(chunk: string): void {
    for (const line of this.split(chunk)) this.onLine(line);
  }

  /** `end`, handing the last line (if any) to `onLine`; a second call emits nothing. */
  flush(): void {
    for (const line of this.end()) this.onLine(line);
  }

  /** Hands over the unfinished last line instead of emitting it (a host detaching passes it on). */
  takePartial(): string {
    const partial = this.#partial;
    this.#partial = '';
    return partial;
  }

  /** Drops each line's `\r` before its `\n` and cuts lines longer than maxLineLength into pieces. */
  #tidy(lines: string[]): string[] {
    const max = this.maxLineLength;
    const tidy: string[] = [];
    for (const raw of lines) {
      let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      while (line.length > max) {
        tidy.push(line.slice(0, max));
        line = line.slice(max);
      }
      tidy.push(line);
    }
    return tidy;
  }

  /** An endless line is not kept growing: its full pieces go out now, after `lines`. */
  #cutPartial(lines: string[]): string[] {
    const max = this.maxLineLength;
    while (this.#partial.length > max) {
      lines.push(this.#partial.slice(0, max));
      this.#partial = this.#partial.slice(max);
    }
    return lines;
  }
}
