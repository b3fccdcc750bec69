// Coalesces the reads of a chatty output stream: after small reads at a high data rate, the thread naps ~0.1 ms so the next read takes many lines at once.

/*
 * Why: a service logging line by line makes the kernel wake the reader for every few lines; at
 * 1M lines of 110 bytes that is ~150,000 reads, and the per-read cost (poll, read, a Buffer, a
 * stream event, a log write) then makes the host spend as much CPU as the service itself. Napping
 * 0.1 ms after such a read lets ~13 KiB gather in the pipe: ~20× fewer reads and about half the
 * CPU (1M lines: 155k → 8k reads; a bare reader 1.2 s → 0.55 s, the daemon 1.23 s → 0.75 s), and
 * the writer, woken less often, finishes no later. A pipe holds 64 KiB, which such a writer fills in ~0.7 ms, so a nap
 * this short never makes it wait. The nap blocks the event loop; it is only taken after two small
 * reads in a row from a stream delivering more than `minBytesPerMs`, and one nap serves every
 * stream read before the next one takes its turn (the pipes all fill meanwhile), so a quiet or
 * moderately busy host never naps. A writer of large blocks already gets read in large chunks
 * and is never made to wait on a nap.
 */

/** Tunables; the defaults suit a 64 KiB pipe (Linux). */
export interface ReadPacerOptions {
  /** How long one nap lasts, in ms. */
  readonly napMs: number;
  /** A read at least this large already amortises its cost: no nap after it. */
  readonly smallReadBytes: number;
  /** Bytes per ms a stream must deliver, measured since its previous read, to earn a nap. */
  readonly minBytesPerMs: number;
}

export const READ_PACER_DEFAULTS: ReadPacerOptions = { napMs: 0.1, smallReadBytes: 16 * 1024, minBytesPerMs: 20_000 };

/** What the pacer needs from the world: a monotonic clock in ms and a blocking sleep. */
export interface PacerClock {
  now(): number;
  nap(ms: number): void;
}

const napCell = new Int32Array(new SharedArrayBuffer(4));

/** performance.now() and Atomics.wait on a cell nobody notifies (Node allows it on the main thread). */
export const REAL_PACER_CLOCK: PacerClock = {
  now: () => performance.now(),
  nap: (ms) => {
    Atomics.wait(napCell, 0, 0, ms);
  },
};

/** The naps of one thread: shared by its streams, so that one nap serves them all. */
export class ReadPacing {
  /** When the last nap ended (−∞: never). */
  lastNapEnd = Number.NEGATIVE_INFINITY;

  constructor(
    readonly clock: PacerClock = REAL_PACER_CLOCK,
    readonly options: ReadPacerOptions = READ_PACER_DEFAULTS,
  ) {}

  /** One pacer per stream. */
  stream(): ReadPacer {
    return new ReadPacer(this);
  }
}

/** One stream's pacing: call `afterRead` once per chunk, after it was handled. */
export class ReadPacer {
  #previousRead = Number.NEGATIVE_INFINITY;
  #previousWasSmall = false;
  /** Since when the pipe has been filling unread: the previous read, or the end of the nap that followed it. */
  #fillingSince = Number.NEGATIVE_INFINITY;

  constructor(private readonly pacing: ReadPacing) {}

  /** Naps (blocking) when this small read came fast enough after another small one; returns whether it napped. */
  afterRead(bytes: number): boolean {
    const { clock, options } = this.pacing;
    const now = clock.now();
    const elapsed = now - this.#previousRead;
    const windowStart = this.#fillingSince;
    const small = bytes < options.smallReadBytes;
    const smallRun = small && this.#previousWasSmall;
    this.#previousRead = now;
    this.#fillingSince = now;
    this.#previousWasSmall = small;
    // Only a run of small reads: the rest of a large write read right after its bulk is no reason to nap.
    if (!smallRun || bytes < options.minBytesPerMs * elapsed) return false;
    // Another stream napped since this one last read: this pipe filled meanwhile, no second nap needed.
    if (this.pacing.lastNapEnd > windowStart) return false;
    clock.nap(options.napMs);
    const end = clock.now();
    this.pacing.lastNapEnd = end;
    this.#fillingSince = end;
    return true;
  }
}

/** The pacing of this thread's output captures. */
export const THREAD_READ_PACING = new ReadPacing();
