// Unit tests of output capture: UTF-8 across chunks, detaching mid-line without losing a byte, a carry put first.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { completeUtf8Length, OutputCapture } from '../../src/supervisor/output-capture.js';
import { READ_PACER_DEFAULTS, ReadPacing, type PacerClock } from '../../src/supervisor/read-pacer.js';

/** Time moves 0.1 µs per look and by each nap: a chunk of 3 KB, nap included, comes at ~30 MB/s and earns the next nap. */
function fastPacing() {
  const naps: number[] = [];
  let time = 0;
  const clock: PacerClock = {
    now: () => (time += 0.0001),
    nap: (ms) => {
      naps.push(ms);
      time += ms;
    },
  };
  return { naps, pacing: new ReadPacing(clock, READ_PACER_DEFAULTS) };
}

function capture(carry?: Buffer) {
  const stream = new PassThrough();
  const lines: string[] = [];
  const batches: string[][] = [];
  const output = new OutputCapture(stream, (batch) => {
    batches.push(batch);
    lines.push(...batch);
  }, undefined, carry);
  return { stream, lines, batches, output };
}

describe('OutputCapture', () => {
  it('keeps a character whose bytes straddle two chunks intact, and flushes the last partial line at the end', async () => {
    const { stream, lines, output } = capture();
    const euro = Buffer.from('€');
    stream.write(Buffer.concat([Buffer.from('price: 5'), euro.subarray(0, 1)]));
    stream.write(Buffer.concat([euro.subarray(1), Buffer.from('\r\nlast')]));
    stream.end();
    await output.done;
    expect(lines).toEqual(['price: 5€', 'last']);
  });

  it('detaches without losing what the stream already buffered, returning the unfinished line with its cut character', async () => {
    const { stream, lines, output } = capture();
    stream.pause();
    stream.write('one\ntwo\nthr');
    stream.write(Buffer.from([0x65, 0x65, 0x20, 0xe2, 0x82])); // "ee " and 2 of the 3 bytes of "€"
    const carry = output.detach();
    expect(lines).toEqual(['one', 'two']);
    expect(carry).toEqual(Buffer.concat([Buffer.from('three '), Buffer.from([0xe2, 0x82])]));
    expect(stream.destroyed).toBe(true);
    await output.done;
    expect(lines).toEqual(['one', 'two']);
    expect(output.detach()).toEqual(Buffer.alloc(0));

    const next = capture(carry);
    next.stream.end(Buffer.from([0xac, 0x0a]));
    await next.output.done;
    expect(next.lines).toEqual(['three €']);
  });

  it('close() delivers buffered lines and the partial one', async () => {
    const { stream, lines, output } = capture();
    stream.pause();
    stream.write('a\nb');
    output.close();
    await output.done;
    expect(lines).toEqual(['a', 'b']);
  });

  it('hands over the lines of each chunk as one batch, never an empty one', async () => {
    const { stream, batches, output } = capture();
    stream.write('a\nb\nc');
    await new Promise((resolve) => setImmediate(resolve));
    stream.write('d');
    await new Promise((resolve) => setImmediate(resolve));
    stream.write('\ne\n');
    stream.end('tail');
    await output.done;
    expect(batches).toEqual([['a', 'b'], ['cd', 'e'], ['tail']]);
  });

  it('paces a fast stream after each small chunk, after handing its lines over, and loses nothing', async () => {
    const { naps, pacing } = fastPacing();
    const stream = new PassThrough();
    const lines: string[] = [];
    const output = new OutputCapture(stream, (batch) => lines.push(...batch), undefined, undefined, pacing);
    const filler = 'x'.repeat(3000);
    for (let i = 1; i <= 50; i += 1) {
      stream.write(`line ${i} ${filler}\n`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    stream.end();
    await output.done;
    expect(lines).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i + 1} ${filler}`));
    // The first chunk has no previous read to measure a rate against.
    expect(naps).toHaveLength(49);
  });

  it('takes no nap while detach() drains what the stream buffered', async () => {
    const { naps, pacing } = fastPacing();
    const stream = new PassThrough();
    const lines: string[] = [];
    const output = new OutputCapture(stream, (batch) => lines.push(...batch), undefined, undefined, pacing);
    stream.write(`line 1 ${'x'.repeat(3000)}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    stream.pause();
    for (let i = 2; i <= 5; i += 1) stream.write(`line ${i} ${'x'.repeat(3000)}\n`);
    output.detach();
    expect(lines).toHaveLength(5);
    expect(naps).toEqual([]);
  });
});

describe('completeUtf8Length', () => {
  it.each([
    ['ascii', [0x61, 0x62], 2],
    ['a complete 3-byte character', [0x61, 0xe2, 0x82, 0xac], 4],
    ['1 of 3 bytes', [0x61, 0xe2], 1],
    ['2 of 3 bytes', [0x61, 0xe2, 0x82], 1],
    ['3 of 4 bytes', [0xf0, 0x9f, 0x98], 0],
    ['a complete 4-byte character', [0xf0, 0x9f, 0x98, 0x80], 4],
    ['stray continuation bytes', [0x80, 0x80, 0x80], 3],
    ['empty', [], 0],
  ])('%s', (_, bytes, expected) => {
    expect(completeUtf8Length(Buffer.from(bytes))).toBe(expected);
  });
});
