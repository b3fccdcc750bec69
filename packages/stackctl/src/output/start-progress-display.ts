// The live per-service progress of `start` / `restart`: lines redrawn in place on a terminal, one line per result otherwise.
import type { Palette } from './colors.js';
import { isSettled, type ProgressEntry } from './start-progress-model.js';

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
const FRAME_MS = 100;

/** One entry as a line (no newline): `✓ api     healthy in 1.2s`, `⠋ db      pid 812`, `✗ worker  failed: …`. */
export function renderProgressLine(entry: ProgressEntry, nameWidth: number, frame: number, palette: Palette): string {
  const name = entry.name.padEnd(nameWidth);
  switch (entry.phase) {
    case 'done':
      return `${palette.green('✓')} ${palette.bold(name)}  ${entry.detail}`;
    case 'failed':
      return `${palette.red('✗')} ${palette.bold(name)}  ${palette.red(`failed: ${entry.detail}`)}`;
    case 'waiting':
      return `${palette.dim('·')} ${palette.bold(name)}  ${palette.dim(entry.detail)}`;
    case 'starting':
      return `${palette.yellow(SPINNER_FRAMES[frame % SPINNER_FRAMES.length] ?? '*')} ${palette.bold(name)}  ${entry.detail}`;
  }
}

export interface ProgressDisplayOptions {
  readonly write: (text: string) => void;
  /** Redraw in place (a terminal) or print each result once (a pipe, a file, CI logs). */
  readonly tty: boolean;
  readonly palette: Palette;
}

export class ProgressDisplay {
  readonly #options: ProgressDisplayOptions;
  #entries: readonly ProgressEntry[] = [];
  #width = 0;
  #frame = 0;
  #drawnLines = 0;
  #timer: NodeJS.Timeout | null = null;
  readonly #printed = new Set<string>();

  constructor(options: ProgressDisplayOptions) {
    this.#options = options;
  }

  update(entries: readonly ProgressEntry[]): void {
    this.#entries = entries;
    this.#width = Math.max(this.#width, ...entries.map((entry) => entry.name.length));
    if (this.#options.tty) {
      this.#timer ??= setInterval(() => {
        this.#frame += 1;
        this.#redraw();
      }, FRAME_MS);
      this.#redraw();
    } else {
      this.#printSettled();
    }
  }

  /** Draws the final state (a terminal) or prints what is left (a pipe) and stops the spinner. */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#options.tty) this.#redraw();
    else this.#printSettled(true);
  }

  #redraw(): void {
    const { palette, write } = this.#options;
    const up = this.#drawnLines > 0 ? `\u001b[${this.#drawnLines}A` : '';
    const body = this.#entries.map((entry) => `\r\u001b[2K${renderProgressLine(entry, this.#width, this.#frame, palette)}\n`).join('');
    this.#drawnLines = this.#entries.length;
    write(up + body);
  }

  #printSettled(all = false): void {
    const lines: string[] = [];
    for (const entry of this.#entries) {
      if (this.#printed.has(entry.name) || (!all && !isSettled(entry))) continue;
      this.#printed.add(entry.name);
      lines.push(`${renderProgressLine(entry, this.#width, 0, this.#options.palette)}\n`);
    }
    if (lines.length > 0) this.#options.write(lines.join(''));
  }
}
