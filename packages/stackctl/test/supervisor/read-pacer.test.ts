// Unit tests of read pacing: when a stream earns a nap, when it does not, and one nap serving several streams.
import { describe, expect, it } from 'vitest';
import { READ_PACER_DEFAULTS, ReadPacing, type PacerClock } from '../../src/supervisor/read-pacer.js';

/** A clock that only moves when told to, or by the naps it is asked for. */
class FakeClock implements PacerClock {
  time = 1000;
  readonly naps: number[] = [];
  now(): number {
    return this.time;
  }
  nap(ms: number): void {
    this.naps.push(ms);
    this.time += ms;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A fake clock, its pacing, and one stream's pacer that has had its first read (of `firstRead` bytes). */
function setup(firstRead = 900) {
  const clock = new FakeClock();
  const pacing = new ReadPacing(clock, READ_PACER_DEFAULTS);
  const pacer = pacing.stream();
  pacer.afterRead(firstRead);
  return { clock, pacing, pacer };
}

describe('ReadPacer', () => {
  it('never naps on a stream first read, however small', () => {
    const { clock, pacing } = setup();
    expect(pacing.stream().afterRead(900)).toBe(false);
    expect(pacing.stream().afterRead(1)).toBe(false);
    expect(clock.naps).toEqual([]);
  });

  it('naps after a small read that came fast (900 bytes 8 µs after the previous read: ~110 MB/s)', () => {
    const { clock, pacer } = setup();
    clock.advance(0.008);
    expect(pacer.afterRead(900)).toBe(true);
    expect(clock.naps).toEqual([READ_PACER_DEFAULTS.napMs]);
  });

  it('keeps napping for as long as the stream stays fast, each nap counted in its rate', () => {
    const { clock, pacer } = setup();
    for (let i = 0; i < 5; i += 1) {
      clock.advance(0.05);
      // 13 KiB in 0.15 ms (the nap included): ~90 MB/s.
      expect(pacer.afterRead(13_000)).toBe(true);
    }
    expect(clock.naps).toHaveLength(5);
  });

  it('does not nap after a large read: its cost is already spread over many lines', () => {
    const { clock, pacer } = setup();
    clock.advance(0.1);
    expect(pacer.afterRead(READ_PACER_DEFAULTS.smallReadBytes)).toBe(false);
  });

  it('does not nap for the small rest of a large write read right after its bulk', () => {
    const { clock, pacer } = setup();
    clock.advance(0.01);
    expect(pacer.afterRead(65_536)).toBe(false);
    clock.advance(0.01);
    expect(pacer.afterRead(4096)).toBe(false);
    // A second small read in a row, still fast: now it naps.
    clock.advance(0.01);
    expect(pacer.afterRead(4096)).toBe(true);
  });

  it('does not nap for a stream delivering less than the minimum rate (a busy but ordinary service)', () => {
    const { clock, pacer } = setup(110);
    // One 110-byte line per 0.1 ms is 1.1 MB/s: far below 20 MB/s.
    for (let i = 0; i < 100; i += 1) {
      clock.advance(0.1);
      expect(pacer.afterRead(110)).toBe(false);
    }
    expect(clock.naps).toEqual([]);
  });

  it('lets one nap serve every stream read after it: with three fast streams, one nap per round', () => {
    const { clock, pacing } = setup();
    const streams = [pacing.stream(), pacing.stream(), pacing.stream()];
    for (const pacer of streams) pacer.afterRead(900);
    const napped: boolean[][] = [];
    for (let round = 0; round < 4; round += 1) {
      napped.push(
        streams.map((pacer) => {
          clock.advance(0.01);
          return pacer.afterRead(4000);
        }),
      );
    }
    expect(napped).toEqual([
      [true, false, false],
      [true, false, false],
      [true, false, false],
      [true, false, false],
    ]);
  });

  it('sleeps for real with the default clock: about the nap length, not much more', () => {
    const pacing = new ReadPacing();
    const pacer = pacing.stream();
    pacer.afterRead(900);
    const started = performance.now();
    const napped = pacer.afterRead(900);
    const took = performance.now() - started;
    expect(napped).toBe(true);
    expect(took).toBeGreaterThanOrEqual(READ_PACER_DEFAULTS.napMs * 0.9);
    // Generous: a loaded machine may oversleep, but a nap is never a visible pause.
    expect(took).toBeLessThan(50);
  });
});
