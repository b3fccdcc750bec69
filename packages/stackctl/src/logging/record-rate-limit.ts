// Lets one record of a kind through per window (a minute) and counts the rest, so a failure repeating in a loop cannot flood the log.

/** What to do with a record: write it (first saying how many of its kind were held back), or drop it. */
export type RateVerdict = { readonly write: true; readonly suppressed: number } | { readonly write: false };

interface Window {
  readonly start: number;
  suppressed: number;
}

/**
 * Per kind: the first record opens a window of `windowMs` and is written; the others inside the
 * window are counted, not written. The first record after the window is written with that count,
 * and opens the next window. `drain()` hands over the counts no record has carried out yet (on exit).
 * Bounded: at most `maxKinds` kinds are tracked (the oldest is forgotten, its count drained first).
 */
export class RecordRateLimit {
  readonly #windows = new Map<string, Window>();

  constructor(
    readonly windowMs = 60_000,
    readonly maxKinds = 200,
  ) {}

  admit(kind: string, now: number): RateVerdict {
    const window = this.#windows.get(kind);
    if (window !== undefined && now - window.start < this.windowMs) {
      window.suppressed += 1;
      return { write: false };
    }
    this.#windows.delete(kind);
    this.#windows.set(kind, { start: now, suppressed: 0 });
    return { write: true, suppressed: window?.suppressed ?? 0 };
  }

  /** Kinds to forget (beyond `maxKinds`), with the records held back of each. */
  evict(): Array<readonly [string, number]> {
    const evicted: Array<readonly [string, number]> = [];
    for (const [kind, window] of this.#windows) {
      if (this.#windows.size - evicted.length <= this.maxKinds) break;
      evicted.push([kind, window.suppressed]);
    }
    for (const [kind] of evicted) this.#windows.delete(kind);
    return evicted.filter(([, count]) => count > 0);
  }

  /** Every kind with records held back, and their counts; the windows are forgotten. */
  drain(): Array<readonly [string, number]> {
    const held = [...this.#windows].filter(([, window]) => window.suppressed > 0).map(([kind, window]) => [kind, window.suppressed] as const);
    this.#windows.clear();
    return held;
  }
}
