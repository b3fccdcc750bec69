// Builds the `<ISO timestamp> <out|err> ` prefix of a log line, formatting the date at most once per second.
import type { OutputStream } from '../supervisor/types.js';

/** The stream as written in a log file. */
export const STREAM_TAGS: Readonly<Record<OutputStream, string>> = { stdout: 'out', stderr: 'err' };

function pad3(ms: number): string {
  return ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms);
}

/**
 * A chatty service writes thousands of lines within one millisecond, and all of them within one
 * second share `YYYY-MM-DDTHH:MM:SS.`: the cache keeps the prefixes of the last millisecond and
 * rebuilds them from the cached second, so `Date#toISOString` runs about once per second.
 * Times are epoch ms; a fraction is dropped the way `Date` drops it. A non-finite time throws a
 * RangeError, as `toISOString` does.
 */
export class TimestampPrefixCache {
  #second = Number.NaN;
  /** `YYYY-MM-DDTHH:MM:SS.` of `#second`. */
  #secondText = '';
  #time = Number.NaN;
  #out = '';
  #err = '';

  prefix(time: number, stream: OutputStream): string {
    if (time !== this.#time) this.#refresh(time);
    return stream === 'stderr' ? this.#err : this.#out;
  }

  #refresh(time: number): void {
    const ms = Math.trunc(time);
    const second = Math.floor(ms / 1000);
    if (second !== this.#second) {
      const iso = new Date(second * 1000).toISOString();
      this.#second = second;
      this.#secondText = iso.slice(0, iso.length - 4);
    }
    const stamp = `${this.#secondText}${pad3(ms - second * 1000)}Z`;
    this.#time = time;
    this.#out = `${stamp} ${STREAM_TAGS.stdout} `;
    this.#err = `${stamp} ${STREAM_TAGS.stderr} `;
  }
}
