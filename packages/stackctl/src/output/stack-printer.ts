// Unified output of `up`: every service line and engine event, prefixed with a padded, coloured name.
import type { EngineEvent, OutputLine } from '../supervisor/types.js';
import type { Palette, Style } from './colors.js';
import { describeEvent } from './describe-event.js';

export interface StackPrinterOptions {
  /** Service names in config order: they fix the prefix width and each name's colour. */
  readonly services: readonly string[];
  readonly palette: Palette;
  readonly timestamps: boolean;
  /** Receives whole lines only, batched; never a partial line. */
  readonly write: (chunk: string) => void;
}

/** Flush at this many buffered characters even before the next tick. */
const FLUSH_THRESHOLD = 64 * 1024;

export class StackPrinter {
  readonly #options: StackPrinterOptions;
  readonly #width: number;
  readonly #prefixes = new Map<string, { out: string; err: string; event: string }>();
  #buffer: string[] = [];
  #bufferedChars = 0;
  #flushScheduled = false;
  /** Exit messages held for a moment, so `exited with code 1` and `restarting in 400ms` print as one line. */
  readonly #pendingExit = new Map<string, string>();
  /** What SIGKILLs the services from now on (see killedBy). */
  #killedBy: string | undefined;

  constructor(options: StackPrinterOptions) {
    this.#options = options;
    this.#width = Math.max(0, ...options.services.map((name) => name.length));
    options.services.forEach((name, index) => this.#prefixes.set(name, this.#makePrefixes(name, index)));
  }

  /** From now on a process that had to be SIGKILLed was killed by `what` (`the second Ctrl+C`), not by its stop timeout. */
  killedBy(what: string): void {
    this.#killedBy = what;
  }

  line(output: OutputLine): void {
    const prefix = this.#prefixFor(output.service);
    const stamp = this.#stamp(output.time);
    this.#push(`${stamp}${output.stream === 'stderr' ? prefix.err : prefix.out}${output.line}\n`);
  }

  event(event: EngineEvent): void {
    if (event.type === 'exit') {
      const text = describeEvent(event, this.#killedBy);
      if (text === null) return;
      this.#pendingExit.set(event.service, text);
      queueMicrotask(() => this.#releaseExit(event.service, event.time));
      return;
    }
    if (event.type === 'restart-scheduled') {
      const pending = this.#pendingExit.get(event.service);
      this.#pendingExit.delete(event.service);
      const restarting = describeEvent(event) ?? '';
      this.#eventLine(event.service, event.time, pending ? `${pending}, ${restarting}` : restarting);
      return;
    }
    const text = describeEvent(event);
    if (text !== null) this.#eventLine(event.service, event.time, text);
  }

  /** stackctl's own words about one service's output (a gap in its log), after its name and `◆`. */
  serviceNote(service: string, time: number, text: string): void {
    this.#push(`${this.#stamp(time)}${this.#prefixFor(service).event}${this.#options.palette.yellow(text)}\n`);
  }

  /** stackctl's own message, aligned with the service prefixes. */
  note(text: string, style: 'plain' | 'warn' | 'error' = 'plain'): void {
    const { palette } = this.#options;
    const colour: Style = style === 'error' ? palette.red : style === 'warn' ? palette.yellow : palette.bold;
    this.#push(`${this.#stamp(Date.now())}${' '.repeat(this.#width)} ${colour('◆')} ${text}\n`);
  }

  flush(): void {
    for (const service of [...this.#pendingExit.keys()]) this.#releaseExit(service, Date.now());
    if (this.#buffer.length === 0) return;
    const chunk = this.#buffer.join('');
    this.#buffer = [];
    this.#bufferedChars = 0;
    this.#options.write(chunk);
  }

  #releaseExit(service: string, time: number): void {
    const text = this.#pendingExit.get(service);
    if (text === undefined) return;
    this.#pendingExit.delete(service);
    this.#eventLine(service, time, text);
  }

  #eventLine(service: string, time: number, text: string): void {
    this.#push(`${this.#stamp(time)}${this.#prefixFor(service).event}${text}\n`);
  }

  #push(text: string): void {
    this.#buffer.push(text);
    this.#bufferedChars += text.length;
    if (this.#bufferedChars >= FLUSH_THRESHOLD) {
      this.flush();
      return;
    }
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => {
        this.#flushScheduled = false;
        this.flush();
      });
    }
  }

  #stamp(time: number): string {
    if (!this.#options.timestamps) return '';
    const date = new Date(time);
    const pad = (value: number, size = 2) => String(value).padStart(size, '0');
    const text = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
    return `${this.#options.palette.dim(text)} `;
  }

  #prefixFor(service: string): { out: string; err: string; event: string } {
    let prefix = this.#prefixes.get(service);
    if (prefix === undefined) {
      prefix = this.#makePrefixes(service, this.#prefixes.size);
      this.#prefixes.set(service, prefix);
    }
    return prefix;
  }

  #makePrefixes(name: string, index: number): { out: string; err: string; event: string } {
    const { palette } = this.#options;
    const colours = palette.serviceColors;
    const colour = colours[index % colours.length] ?? ((text: string) => text);
    const label = colour(name.padEnd(this.#width));
    return {
      out: `${label} ${colour('|')} `,
      err: `${label} ${palette.red('!')} `,
      event: `${label} ${palette.bold('◆')} `,
    };
  }
}
