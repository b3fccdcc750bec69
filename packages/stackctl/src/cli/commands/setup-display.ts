// The live task list of `stackctl setup`: lines redrawn in place on a terminal, a line per start and end otherwise.
import type { Palette } from '../../output/colors.js';
import { formatDuration } from '../../output/format-duration.js';
import { SPINNER_FRAMES } from '../../output/start-progress-display.js';
import { UP_TO_DATE, type SetupEvent, type SetupTask, type TaskResult } from '../../project/setup/index.js';

const FRAME_MS = 100;

interface Row {
  readonly task: SetupTask;
  startedAt: number | null;
  lastLine: string;
  result: TaskResult | null;
}

export interface SetupDisplayOptions {
  readonly write: (text: string) => void;
  /** Redraw in place (a terminal) or print a line when a task starts and when it ends. */
  readonly tty: boolean;
  readonly palette: Palette;
  /** The terminal's width: a redrawn line must never wrap. */
  readonly columns?: () => number;
  readonly now?: () => number;
}

/** One task as a line (no newline); the tail (last output line, reason) is cut so the line fits in `width`. */
export function renderSetupLine(row: Readonly<Row>, frame: number, now: number, palette: Palette, width = Number.POSITIVE_INFINITY): string {
  const { task, result } = row;
  let line: { mark: string; markStyle: (text: string) => string; name: (text: string) => string; time: string; sep: string; tail: string; tailStyle: (text: string) => string };
  if (result === null && row.startedAt === null) {
    line = { mark: '·', markStyle: palette.dim, name: palette.dim, time: '', sep: '', tail: '', tailStyle: palette.dim };
  } else if (result === null) {
    const mark = SPINNER_FRAMES[frame % SPINNER_FRAMES.length] ?? '*';
    const time = formatDuration(now - (row.startedAt ?? now));
    line = { mark, markStyle: palette.yellow, name: palette.bold, time, sep: '  ', tail: row.lastLine, tailStyle: palette.dim };
  } else if (result.status === 'failed') {
    line = { mark: '✗', markStyle: palette.red, name: palette.bold, time: '', sep: ' ', tail: `failed: ${result.reason ?? 'unknown reason'}`, tailStyle: palette.red };
  } else if (result.status === 'skipped') {
    line = { mark: '–', markStyle: palette.dim, name: (text) => text, time: '', sep: ' ', tail: result.reason ?? UP_TO_DATE, tailStyle: palette.dim };
  } else {
    const time = formatDuration(result.durationMs);
    line = { mark: '✓', markStyle: palette.green, name: palette.bold, time, sep: '  ', tail: result.reason ?? '', tailStyle: palette.dim };
  }
  const head = `${line.markStyle(line.mark)} ${line.name(task.name)}${line.time === '' ? '' : ` ${line.time}`}`;
  const room = width - (2 + task.name.length + (line.time === '' ? 0 : line.time.length + 1) + line.sep.length);
  const tail = line.tail.length <= room ? line.tail : room >= 8 ? `${line.tail.slice(0, room - 1)}…` : '';
  return tail === '' ? head : `${head}${line.sep}${line.tailStyle(tail)}`;
}

export class SetupDisplay {
  readonly #options: SetupDisplayOptions;
  readonly #rows: Row[];
  #frame = 0;
  #drawnLines = 0;
  #paused = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(tasks: readonly SetupTask[], options: SetupDisplayOptions) {
    this.#options = options;
    this.#rows = tasks.map((task) => ({ task, startedAt: null, lastLine: '', result: null }));
    if (options.tty) {
      this.#timer = setInterval(() => {
        this.#frame += 1;
        if (this.#rows.some((row) => row.startedAt !== null && row.result === null)) this.#redraw();
      }, FRAME_MS);
      this.#timer.unref();
      this.#redraw();
    }
  }

  handle(event: SetupEvent): void {
    const row = this.#rows.find((candidate) => candidate.task.id === event.task.id);
    if (row === undefined) return;
    if (event.type === 'output') {
      row.lastLine = event.line;
      return; // shown at the next frame; a pipe never shows output lines
    }
    if (event.type === 'start') row.startedAt = event.at;
    else row.result = event.result;
    if (this.#options.tty) this.#redraw();
    else if (event.type === 'start') this.#options.write(`→ ${event.task.name}\n`);
    else this.#options.write(`${renderSetupLine(row, 0, this.#now(), this.#options.palette)}\n`);
  }

  /** Stops redrawing (a question is being asked below the list); `resume` draws the list again under it. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#drawnLines = 0;
    if (this.#options.tty) this.#redraw();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#options.tty && !this.#paused) this.#redraw();
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #redraw(): void {
    if (this.#paused) return;
    const width = Math.max(20, (this.#options.columns?.() ?? 80) - 1);
    const up = this.#drawnLines > 0 ? `\u001b[${this.#drawnLines}A` : '';
    const now = this.#now();
    const body = this.#rows.map((row) => `\r\u001b[2K${renderSetupLine(row, this.#frame, now, this.#options.palette, width)}\n`).join('');
    this.#drawnLines = this.#rows.length;
    this.#options.write(up + body);
  }
}
