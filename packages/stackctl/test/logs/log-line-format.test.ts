// Log line format: exact layout, tolerant parsing, round trip of any text, and the cached timestamp prefix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLogLine, parseLogLine } from '../../src/logs/log-line-format.js';
import { TimestampPrefixCache } from '../../src/logs/timestamp-prefix-cache.js';
import type { OutputLine } from '../../src/supervisor/types.js';

const TIME = Date.UTC(2026, 10, 26, 19, 32, 38, 123);
/** Years 0000–9999, where the timestamp has its fixed width. */
const anyTime = fc.integer({
  min: Date.parse('0000-01-01T00:00:00.000Z'),
  max: Date.parse('9999-12-31T23:59:59.999Z'),
});

describe('formatLogLine', () => {
  it('writes timestamp, stream and text', () => {
    expect(formatLogLine({ service: 'api', stream: 'stdout', line: 'listening on 4000', time: TIME })).toBe(
      '2026-11-26T19:32:38.123Z out listening on 4000\n',
    );
    expect(formatLogLine({ service: 'api', stream: 'stderr', line: 'boom', time: TIME })).toBe(
      '2026-11-26T19:32:38.123Z err boom\n',
    );
  });

  it('keeps ANSI colours and carriage returns as they are', () => {
    const line = '\u001b[32mok\u001b[0m 50%\r 100%\r';
    expect(formatLogLine({ service: 'api', stream: 'stdout', line, time: TIME })).toBe(
      `2026-11-26T19:32:38.123Z out ${line}\n`,
    );
  });

  it('turns an embedded newline into a record per part', () => {
    expect(formatLogLine({ service: 'api', stream: 'stderr', line: 'a\nb', time: TIME })).toBe(
      '2026-11-26T19:32:38.123Z err a\n2026-11-26T19:32:38.123Z err b\n',
    );
  });
});

describe('parseLogLine', () => {
  it('reads a record back, with or without its newline', () => {
    const expected: OutputLine = { service: 'web', stream: 'stderr', line: 'x  y ', time: TIME };
    expect(parseLogLine('2026-11-26T19:32:38.123Z err x  y ', 'web')).toEqual(expected);
    expect(parseLogLine('2026-11-26T19:32:38.123Z err x  y \n', 'web')).toEqual(expected);
  });

  it('reads an empty text, even when the trailing space was trimmed', () => {
    expect(parseLogLine('2026-11-26T19:32:38.123Z out ', 'a')?.line).toBe('');
    expect(parseLogLine('2026-11-26T19:32:38.123Z out', 'a')?.line).toBe('');
  });

  it.each([
    '',
    'garbage',
    '2026-11-26T19:32:38.123Z',
    '2026-11-26T19:32:38.123Z xyz text',
    '2026-11-26T19:32:38.123Zout text',
    '2026-11-26 19:32:38.123Z out text',
    '2026-11-26T19:32:38Z out text',
    '2026-13-45T19:32:38.123Z out text',
    ' 2026-11-26T19:32:38.123Z out text',
    '2026-11-26T19:32:38.123Z outtext',
  ])('returns null for a line that is not a record: %j', (text) => {
    expect(parseLogLine(text, 'api')).toBeNull();
  });

  it('round-trips any line without a newline', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((text) => !text.includes('\n')),
        fc.constantFrom('stdout' as const, 'stderr' as const),
        anyTime,
        (line, stream, time) => {
          const original: OutputLine = { service: 's', stream, line, time };
          expect(parseLogLine(formatLogLine(original), 's')).toEqual(original);
        },
      ),
    );
  });
});

describe('TimestampPrefixCache', () => {
  it('matches toISOString for any sequence of times, including repeats and jumps back', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(anyTime, fc.integer({ min: TIME, max: TIME + 2500 }))), (times) => {
        const cache = new TimestampPrefixCache();
        for (const time of times) {
          expect(cache.prefix(time, 'stdout')).toBe(`${new Date(time).toISOString()} out `);
          expect(cache.prefix(time, 'stderr')).toBe(`${new Date(time).toISOString()} err `);
        }
      }),
    );
  });

  it('drops a fraction of a millisecond the way Date does, before 1970 too', () => {
    const cache = new TimestampPrefixCache();
    for (const time of [TIME + 0.7, -1, -1.5, -1000, -999.9, 0]) {
      expect(cache.prefix(time, 'stdout')).toBe(`${new Date(time).toISOString()} out `);
    }
  });
});
