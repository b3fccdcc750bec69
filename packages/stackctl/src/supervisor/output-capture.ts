// Reads a child's output stream as UTF-8 and hands every complete line to a callback.
import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';

/** Resolves once the stream has ended (or failed) and its last partial line was flushed. */
export function captureLines(stream: Readable, onLine: (line: string) => void, maxLineLength?: number): Promise<void> {
  const splitter = new LineSplitter(onLine, maxLineLength);
  // The stream's decoder keeps multi-byte characters that straddle a chunk boundary intact.
  stream.setEncoding('utf8');
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      splitter.flush();
      resolve();
    };
    stream.on('data', (chunk: string) => splitter.push(chunk));
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
}
