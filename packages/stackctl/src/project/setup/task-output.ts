// A task's output: everything into `.stackctl/setup/<id>.log`, whole lines to the listener, the last lines kept for the report.
import fs from 'node:fs';
import { LineSplitter } from '../../supervisor/line-splitter.js';
import { OUTPUT_TAIL_LINES } from './setup-task.js';

// Colour and terminal-title escapes, which tools print even into a pipe when forced to.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** What a line looks like on screen: colours removed, only what follows the last carriage return (progress bars). */
export function visibleText(line: string): string {
  return line.slice(line.lastIndexOf('\r') + 1).replace(ANSI, '').trimEnd();
}

export class TaskOutput {
  readonly #fd: number;
  readonly #splitter: LineSplitter;
  readonly #tail: string[] = [];
  readonly #onLine: (line: string) => void;

  /** Truncates `logFile`; `onLine` gets each non-empty line as it appears on screen. */
  constructor(logFile: string, onLine: (line: string) => void) {
    this.#fd = fs.openSync(logFile, 'w', 0o600);
    this.#onLine = onLine;
    this.#splitter = new LineSplitter((line) => this.#keep(line));
  }

  /** Raw process output: written as is, split into lines. */
  write(chunk: string): void {
    fs.writeSync(this.#fd, chunk);
    this.#splitter.push(chunk);
  }

  /** A whole line of stackctl's own (an env key set, a migration applied): logged and shown like output. */
  line(text: string): void {
    this.#splitter.flush();
    fs.writeSync(this.#fd, `${text}\n`);
    this.#keep(text);
  }

  /** A line for the log only: the command about to run. */
  note(text: string): void {
    this.#splitter.flush();
    fs.writeSync(this.#fd, `${text}\n`);
  }

  /** The last OUTPUT_TAIL_LINES non-empty lines, oldest first. */
  tail(): string[] {
    return [...this.#tail];
  }

  close(): void {
    this.#splitter.flush();
    fs.closeSync(this.#fd);
  }

  #keep(raw: string): void {
    const text = visibleText(raw);
    if (text === '') return;
    this.#tail.push(text);
    if (this.#tail.length > OUTPUT_TAIL_LINES) this.#tail.shift();
    this.#onLine(text);
  }
}
