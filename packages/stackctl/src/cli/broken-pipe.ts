// stdout or stderr whose reader is gone (`stackctl logs -f | head`): writes are dropped and the command ends quietly, no stack trace.

/** 128 + SIGPIPE: what a shell reports for a program whose pipe's reader went away (`yes | head`). */
export const BROKEN_PIPE_EXIT_CODE = 141;

type StreamName = 'stdout' | 'stderr';

/**
 * What happens when an output stream fails; by default the process exits at once: with
 * BROKEN_PIPE_EXIT_CODE for EPIPE, 1 for any other write error (a full disk under `> file`).
 */
export type BrokenPipeHandler = (stream: StreamName, exitCode: number) => void;

const exitQuietly: BrokenPipeHandler = (_stream, exitCode) => process.exit(exitCode);

let handler: BrokenPipeHandler = exitQuietly;
const broken = new Set<StreamName>();
const watched = new Set<StreamName>();

/**
 * A writer for `process.stdout` or `process.stderr`. The stream is opened on the first write (opening
 * stdout costs a few ms when it is a pipe), with a listener for its errors: EPIPE (or any other
 * write error: the output is gone either way) marks it broken, every later write is dropped, and
 * the current handler runs once. Nothing is printed about it: there may be nowhere left to print.
 */
export function outputWriter(name: StreamName): (text: string) => void {
  return (text) => {
    if (broken.has(name)) return;
    const stream = process[name];
    if (!watched.has(name)) {
      watched.add(name);
      stream.on('error', (error: NodeJS.ErrnoException) => markBroken(name, error.code === 'EPIPE' ? BROKEN_PIPE_EXIT_CODE : 1));
    }
    stream.write(text);
  };
}

/** Whether that stream's reader has gone. */
export function isOutputBroken(name: StreamName): boolean {
  return broken.has(name);
}

/**
 * Replaces the default (exit at once) while a command has something to finish first, as `up`
 * stopping its services; returns the function that puts the default back.
 */
export function onBrokenPipe(replacement: BrokenPipeHandler): () => void {
  handler = replacement;
  return () => {
    if (handler === replacement) handler = exitQuietly;
  };
}

function markBroken(name: StreamName, exitCode: number): void {
  if (broken.has(name)) return;
  broken.add(name);
  handler(name, exitCode);
}
