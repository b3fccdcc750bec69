// Durations and sizes: accepted forms, rejected forms with their message, and format → parse round trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATION_FORMS, formatDuration, formatSize, parseDuration, parseSize } from '../../src/config/index.js';
import { MAX_DURATION_MS } from '../../src/config/durations.js';
import { StackctlError } from '../../src/errors/index.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['0s', 0],
    ['3', 3000],
    ['0.25', 250],
    [2, 2000],
    [0.5, 500],
    [0, 0],
  ] as const)('%j → %i ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['2 s', '-1s', 's', '', '1d', '1.s', '.5s', '2S', '1m 30s', 'soon'])('rejects %j with the accepted forms', (input) => {
    expect(() => parseDuration(input)).toThrow(DURATION_FORMS);
  });

  it('rejects negative and non-finite numbers', () => {
    for (const input of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => parseDuration(input)).toThrow(StackctlError);
  });

  it('rejects durations longer than a Node.js timer can wait', () => {
    expect(parseDuration(`${MAX_DURATION_MS}ms`)).toBe(MAX_DURATION_MS);
    expect(() => parseDuration('1000h')).toThrow('at most 24 days');
  });

  it('throws E_USAGE, fit for a CLI flag', () => {
    expect(() => parseDuration('x')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });

  it('round-trips whole milliseconds through formatDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DURATION_MS }), (ms) => parseDuration(formatDuration(ms)) === ms),
    );
  });

  it('reads a bare number as seconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), (seconds) => parseDuration(seconds) === seconds * 1000));
  });

  it('formats readably', () => {
    expect([0, 500, 1500, 90_000, 3_600_000].map(formatDuration)).toEqual(['0s', '500ms', '1s500ms', '1m30s', '1h']);
  });
});

describe('parseSize', () => {
  it.each([
    ['512MB', 512 * 1024 ** 2],
    ['1GB', 1024 ** 3],
    ['10KB', 10 * 1024],
    ['100B', 100],
    ['2048', 2048],
    ['1.5KB', 1536],
    ['1gib', 1024 ** 3],
    ['10k', 10 * 1024],
    ['256 MiB', 256 * 1024 ** 2],
    [4096, 4096],
  ] as const)('%j → %i bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it.each(['MB', '-1MB', '1PB', 'lots', '', '1.MB'])('rejects %j', (input) => {
    expect(() => parseSize(input)).toThrow('a size such as 512MB');
  });

  it('round-trips whole bytes through formatSize', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (bytes) => parseSize(formatSize(bytes)) === bytes));
    fc.assert(fc.property(fc.integer({ min: 1, max: 4096 }), (megabytes) => formatSize(megabytes * 1024 ** 2).endsWith('B')));
  });

  it('formats in the largest exact unit', () => {
    expect([512 * 1024 ** 2, 1024 ** 3, 1000, 1536].map(formatSize)).toEqual(['512MB', '1GB', '1000B', '1536B']);
  });
});
