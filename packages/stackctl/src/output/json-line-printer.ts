// `up --json`: one JSON object a line for every output line and engine event, for scripts.
import type { LogGap } from '../logs/log-gap-marker.js';
import type { EngineEvent, OutputLine } from '../supervisor/types.js';

export class JsonLinePrinter {
  readonly #write: (text: string) => void;

  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  line(output: OutputLine): void {
    this.#write(`${JSON.stringify({ kind: 'output', ...output })}\n`);
  }

  /** A gap in a service's log (`logs --json`): `{"kind":"gap","service":…,"time":…,"gap":{"kind":"not_saved",…}}`. */
  gap(service: string, time: number, gap: LogGap): void {
    this.#write(`${JSON.stringify({ kind: 'gap', service, time, gap })}\n`);
  }

  event(event: EngineEvent): void {
    this.#write(`${JSON.stringify({ kind: 'event', ...event })}\n`);
  }

  note(text: string, style: 'plain' | 'warn' | 'error' = 'plain'): void {
    this.#write(`${JSON.stringify({ kind: 'note', level: style, message: text, time: Date.now() })}\n`);
  }

  /** The JSON events say it themselves (`forced`); nothing to remember. */
  killedBy(_what: string): void {}

  flush(): void {}
}
