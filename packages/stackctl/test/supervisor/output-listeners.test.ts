// Unit tests of the engine's output fan-out: batches as read, per-line objects only for per-line listeners.
import { describe, expect, it } from 'vitest';
import { OutputListeners } from '../../src/supervisor/output-listeners.js';
import type { OutputBatch, OutputLine } from '../../src/supervisor/types.js';

const batch: OutputBatch = { service: 'api', stream: 'stderr', lines: ['a', 'b'], time: 42 };

describe('OutputListeners', () => {
  it('hands batch listeners the batch, then per-line listeners one OutputLine per line', () => {
    const output = new OutputListeners((error) => {
      throw error;
    });
    const seen: string[] = [];
    output.onLine((line: OutputLine) => seen.push(`line ${line.service} ${line.stream} ${line.line} ${line.time}`));
    output.onBatch((each) => seen.push(`batch ${each.lines.join(',')}`));
    output.emit(batch);
    expect(seen).toEqual(['batch a,b', 'line api stderr a 42', 'line api stderr b 42']);
  });

  it('stops calling a listener once unsubscribed (twice is harmless), and keeps going when one throws', () => {
    const errors: unknown[] = [];
    const output = new OutputListeners((error) => errors.push(error));
    const lines: string[] = [];
    const off = output.onLine((line) => lines.push(line.line));
    output.onLine(() => {
      throw new Error('bad listener');
    });
    output.emit(batch);
    off();
    off();
    output.emit(batch);
    expect(lines).toEqual(['a', 'b']);
    expect(errors).toHaveLength(4);
  });
});
