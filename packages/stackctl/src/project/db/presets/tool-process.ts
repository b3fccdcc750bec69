// Runs a database tool (a migration tool, pg_dump, psql, a seed command) to its end: output as lines, or the terminal itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { relayUntilEnd } from '../../../system/foreground-signals.js';

/** How many of the last output lines a failure message may quote. */
export const TAIL_LINES = 20;

export interface ToolProcessSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Run through the shell (a seed command as written, a Windows .cmd shim). */
  readonly shell?: boolean;
  /** Each line of stdout and stderr, without its newline (ignored with inheritStdio). */
  readonly onOutput?: (line: string) => void;
  /** Give the tool this process's stdin, stdout and stderr (prompts, colours, `db shell`). */
  readonly inheritStdio?: boolean;
}

export interface ToolProcessResult {
  readonly pid: number;
  /** The exit code, or 128 + the signal's number when a signal ended it. */
  readonly code: number;
  readonly signal: NodeJS.Signals | null;
  /** The last TAIL_LINES lines of output (empty with inheritStdio). */
  readonly tail: readonly string[];
}

/** Why a tool could not be started at all. */
export class ToolStartError extends Error {
  readonly errno: string | undefined;
  constructor(file: string, cause: unknown) {
    super(`cannot start ${file}: ${(cause as Error).message}`, { cause });
    this.name = 'ToolStartError';
    this.errno = (cause as NodeJS.ErrnoException).code;
  }
}

/**
 * Spawns the tool in this process group and resolves once it has exited. While it runs, this process
 * ignores SIGINT and SIGQUIT (a terminal's Ctrl+C reaches the tool too, which decides what to do) and
 * passes SIGTERM and SIGHUP on to it, so the tool is never left behind. Rejects with ToolStartError.
 */
export async function runToolProcess(spec: ToolProcessSpec): Promise<ToolProcessResult> {
  const inherit = spec.inheritStdio === true;
  let child: ChildProcess;
  try {
    child = spawn(spec.file, [...spec.args], {
      cwd: spec.cwd,
      env: { ...spec.env },
      stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      shell: spec.shell === true,
    });
  } catch (error) {
    throw new ToolStartError(spec.file, error);
  }
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new ToolStartError(spec.file, error)));
  });
  child.on('error', () => {});
  const tail: string[] = [];
  const pending = inherit ? [] : [child.stdout, child.stderr].map((stream) => (stream === null ? Promise.resolve() : collectLines(stream, tail, spec.onOutput)));
  const { code, signal } = await relayUntilEnd(child, 'close');
  await Promise.all(pending);
  return { pid: child.pid ?? 0, code, signal, tail };
}

function collectLines(stream: NodeJS.ReadableStream, tail: string[], onOutput: ((line: string) => void) | undefined): Promise<void> {
  return new Promise((resolve) => {
    let partial = '';
    const take = (line: string): void => {
      const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
      tail.push(clean);
      if (tail.length > TAIL_LINES) tail.shift();
      onOutput?.(clean);
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) take(line);
    });
    stream.on('end', () => {
      if (partial !== '') take(partial);
      resolve();
    });
    stream.on('error', () => resolve());
  });
}
