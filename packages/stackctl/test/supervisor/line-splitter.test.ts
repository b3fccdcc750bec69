// Unit tests of the line splitter: newlines, \r\n, chunk boundaries, the final partial line, any chunking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/supervisor/line-splitter.js';

function split(chunks: readonly string[], maxLineLength?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxLineLength);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return lines;
}

describe('LineSplitter', () => {
  it('splits on \\n and drops the \\r of \\r\\n', () => {
    expect(split(['a\nb\r\nc\n'])).toEqual(['a', 'b', 'c']);
  });

  it('keeps a lone \\r (progress bars) and empty lines', () => {
    expect(split(['50%\r100%\n\n\nx\n'])).toEqual(['50%\r100%', '', '', 'x']);
  });

  it('joins lines cut by chunk boundaries, including between \\r and \\n', () => {
    expect(split(['ab', 'c\nd', 'e\r', '\nf', '\n'])).toEqual(['abc', 'de', 'f']);
  });

  it('flushes a final line without a newline, once', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('first\nlast');
    splitter.flush();
    splitter.flush();
    expect(lines).toEqual(['first', 'last']);
  });

  it('emits nothing for an empty stream', () => {
    expect(split([])).toEqual([]);
    expect(split([''])).toEqual([]);
  });

  it('cuts an endless line at maxLineLength instead of growing without bound', () => {
    expect(split(['abcdefg', 'hij\nk'], 4)).toEqual(['abcd', 'efgh', 'ij', 'k']);
  });

  it('split() returns the lines each chunk completes; end() the unfinished last one', () => {
    const splitter = new LineSplitter();
    expect(splitter.split('a\nb\r\nc')).toEqual(['a', 'b']);
    expect(splitter.split('d\r')).toEqual([]);
    expect(splitter.split('\n\ne\n')).toEqual(['cd', '', 'e']);
    expect(splitter.split('f')).toEqual([]);
    expect(splitter.end()).toEqual(['f']);
    expect(splitter.end()).toEqual([]);
  });

  it('split() cuts over-long lines, complete or not, keeping the order', () => {
    const splitter = new LineSplitter(undefined, 3);
    expect(splitter.split('abcdefg\nhijklmno')).toEqual(['abc', 'def', 'g', 'hij', 'klm']);
    expect(splitter.end()).toEqual(['no']);
  });

  it('yields exactly the written lines however the text is chunked', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'é', '\r', ' ', '€', '𝄞'), maxLength: 20 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const text = lines.map((each) => `${each}\n`).join('');
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, i) => text.slice(start, [...points, text.length][i]));
        const expected = lines.map((each) => (each.endsWith('\r') ? each.slice(0, -1) : each));
        expect(split(chunks)).toEqual(expected);
      }),
    );
  });
});
