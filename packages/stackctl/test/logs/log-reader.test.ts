// Tail reader: last N across rotated files, since and grep filters, garbage and half-written lines, reading backwards.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLinesBackward } from '../../src/logs/backward-line-reader.js';
import { formatLogLine } from '../../src/logs/log-line-format.js';
import { readLog } from '../../src/logs/log-reader.js';
import { readStackLogs } from '../../src/logs/read-stack-logs.js';
import type { OutputLine } from '../../src/supervisor/types.js';
import { useTempLogsDir } from './temp-logs-dir.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0, 0);
const line = (n: number, service = 'api'): OutputLine => ({
  service,
  stream: n % 2 === 0 ? 'stdout' : 'stderr',
  line: `${service} line ${n}${n % 10 === 0 ? ' ERROR' : ''}`,
  time: T0 + n * 1000,
});
const records = (from: number, to: number, service = 'api'): string =>
  Array.from({ length: to - from + 1 }, (_, i) => formatLogLine(line(from + i, service))).join('');
const numbers = (lines: readonly OutputLine[]): number[] => lines.map((l) => Number(/line (\d+)/.exec(l.line)?.[1]));

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const text of lines) all.push(text);
  return all;
}

describe('readLog', () => {
  const dir = useTempLogsDir();

  /** Lines 1–30 in .log.2, 31–60 in .log.1, 61–75 in .log. */
  function rotatedHistory(): string {
    const file = path.join(dir(), 'api.log');
    writeFileSync(`${file}.2`, records(1, 30));
    writeFileSync(`${file}.1`, records(31, 60));
    writeFileSync(file, records(61, 75));
    return file;
  }

  it('reads the last N lines across rotated files, oldest first', async () => {
    const file = rotatedHistory();
    expect(numbers(await readLog(file, { limit: 10 }))).toEqual([66, 67, 68, 69, 70, 71, 72, 73, 74, 75]);
    expect(numbers(await readLog(file, { limit: 20 }))).toEqual(Array.from({ length: 20 }, (_, i) => 56 + i));
    expect(numbers(await readLog(file, { limit: 50 }))).toEqual(Array.from({ length: 50 }, (_, i) => 26 + i));
    expect(numbers(await readLog(file))).toEqual(Array.from({ length: 75 }, (_, i) => 1 + i));
    expect(await readLog(file, { limit: 0 })).toEqual([]);
  });

  it('gives back the lines as written, named after the file', async () => {
    const file = rotatedHistory();
    expect(await readLog(file, { limit: 2 })).toEqual([line(74), line(75)]);
    expect((await readLog(file, { limit: 1, service: 'other' }))[0]?.service).toBe('other');
  });

  it('does not read older files than it needs', async () => {
    const file = rotatedHistory();
    // A folder where .log.3 would be: reading it would fail.
    mkdirSync(`${file}.3`);
    expect(numbers(await readLog(file, { limit: 40 }))).toHaveLength(40);
    expect(numbers(await readLog(file, { since: T0 + 5_000 }))).toHaveLength(71);
    await expect(readLog(file)).rejects.toThrow();
  });

  it('filters by time with since', async () => {
    const file = rotatedHistory();
    expect(numbers(await readLog(file, { since: T0 + 58_000 }))).toEqual(Array.from({ length: 18 }, (_, i) => 58 + i));
    expect(numbers(await readLog(file, { since: T0 + 58_000, limit: 3 }))).toEqual([73, 74, 75]);
    expect(await readLog(file, { since: T0 + 76_000 })).toEqual([]);
  });

  it('filters by text with grep, also with a global pattern', async () => {
    const file = rotatedHistory();
    expect(numbers(await readLog(file, { grep: /ERROR/ }))).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(numbers(await readLog(file, { grep: /error/gi, limit: 3 }))).toEqual([50, 60, 70]);
    expect(numbers(await readLog(file, { grep: /ERROR/, since: T0 + 35_000 }))).toEqual([40, 50, 60, 70]);
  });

  it('skips garbage and the half-written last line of the current file', async () => {
    const file = path.join(dir(), 'api.log');
    writeFileSync(`${file}.1`, `${records(1, 2)}garbage\n\n${records(3, 3)}`);
    writeFileSync(file, `${records(4, 5)}not a record\n${formatLogLine(line(6)).slice(0, -4)}`);
    expect(numbers(await readLog(file))).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads nothing for a service without logs', async () => {
    expect(await readLog(path.join(dir(), 'api.log'))).toEqual([]);
    expect(await readLog(path.join(dir(), 'missing', 'api.log'))).toEqual([]);
  });

  it('reads the last lines of a whole stack in time order', async () => {
    writeFileSync(path.join(dir(), 'api.log'), records(1, 20, 'api'));
    writeFileSync(path.join(dir(), 'web.log'), records(15, 21, 'web'));
    const lines = await readStackLogs(dir(), ['api', 'web', 'worker'], { limit: 8 });
    expect(lines.map((l) => `${l.service} ${numbers([l])[0]}`)).toEqual([
      'web 17',
      'api 18',
      'web 18',
      'api 19',
      'web 19',
      'api 20',
      'web 20',
      'web 21',
    ]);
  });
});

describe('readLinesBackward', () => {
  const dir = useTempLogsDir();

  it('yields every line from last to first, whatever the chunk size and content', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !s.includes('\n')), { maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        async (lines, terminated, chunkBytes) => {
          const file = path.join(dir(), 'lines.txt');
          const body = lines.join('\n') + (terminated && lines.length > 0 ? '\n' : '');
          writeFileSync(file, body);
          // What a forward split finds: the empty text after a final newline is no line.
          const expected = body.split('\n');
          const unterminated = expected.at(-1) !== '';
          if (!unterminated) expected.pop();
          expected.reverse();
          expect(await collect(readLinesBackward(file, { chunkBytes }))).toEqual(expected);
          const skipped = await collect(readLinesBackward(file, { chunkBytes, skipUnterminatedTail: true }));
          expect(skipped).toEqual(unterminated ? expected.slice(1) : expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps a carriage return and multi-byte characters split across chunks', async () => {
    const file = path.join(dir(), 'lines.txt');
    writeFileSync(file, 'añb€c😀d\r\n\nend\n');
    expect(await collect(readLinesBackward(file, { chunkBytes: 1 }))).toEqual(['end', '', 'añb€c😀d\r']);
  });
});
