// Reads what a service still writes into its FIFOs while `stop` (with no daemon) ends it, into its log file.
import { StringDecoder } from 'node:string_decoder';
import type { Socket } from 'node:net';
import { LineSplitter } from '../supervisor/line-splitter.js';
import type { RunRecord } from '../supervisor/run-record.js';
import type { OutputStream } from '../supervisor/types.js';
import { openFifoReader } from '../system/fifo.js';
import type { ServiceLogFiles } from './service-log-files.js';

/** After the process group is gone, how long to wait for the FIFOs' EOF. */
const EOF_GRACE_MS = 500;

export interface OutputDrain {
  /** Resolves once both FIFOs reached EOF (or the grace time passed) and the last partial line was written. */
  finished(): Promise<void>;
}

/**
 * Opened while the process still runs (a writer exists), so EOF comes once it and its descendants
 * are gone. The unfinished line a detached daemon left in `pendingOutput` goes first. What the
 * pipe buffer held is read too: nothing the service wrote since the last daemon died is lost.
 */
export function drainOutput(record: RunRecord, logFiles: ServiceLogFiles): OutputDrain {
  const output = record.output;
  if (output === null) return { finished: async () => {} };
  const streams = (['stdout', 'stderr'] as const).map((stream) =>
    drainStream(output[stream], stream, record, logFiles, record.pendingOutput?.[stream]),
  );
  return {
    finished: async () => {
      await Promise.all(streams.map((stream) => stream.ended()));
    },
  };
}

function drainStream(file: string, stream: OutputStream, record: RunRecord, logFiles: ServiceLogFiles, pending: string | undefined) {
  const decoder = new StringDecoder('utf8');
  const splitter = new LineSplitter((line) => logFiles.write({ service: record.service, stream, line, time: Date.now() }));
  if (pending !== undefined && pending !== '') splitter.push(decoder.write(Buffer.from(pending, 'base64')));
  let socket: Socket | null = null;
  let done: Promise<void>;
  try {
    socket = openFifoReader(file);
    const reader = socket;
    done = new Promise<void>((resolve) => {
      reader.on('data', (chunk: Buffer) => splitter.push(decoder.write(chunk)));
      reader.once('end', () => resolve());
      reader.once('close', () => resolve());
      reader.once('error', () => resolve());
    });
  } catch {
    done = Promise.resolve(); // the FIFO is gone: nothing to read
  }
  return {
    async ended(): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, EOF_GRACE_MS)))]);
      clearTimeout(timer);
      socket?.destroy();
      splitter.push(decoder.end());
      splitter.flush();
    },
  };
}
