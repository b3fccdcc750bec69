// `<service>.log.generations`: which file is which generation of a log, and how many lines the ones rotated away held.
import { readFile } from 'node:fs/promises';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rotatedLogPath } from './log-file-paths.js';

/**
 * A follower (`logs -f`) that falls behind a fast rotation finds the file it read gone: was the
 * oldest file left the very next one, or were generations deleted before it could open them, and
 * how many lines did they hold? The names cannot tell (every rotation renames them), so the writer
 * numbers its files and keeps this small record beside them, rewritten (atomically) at each
 * rotation only: the kept files by identity, and the last deleted ones with their line counts.
 */
export interface LogGeneration {
  readonly gen: number;
  /** `<dev>:<ino>` as fs.Stats gives them. */
  readonly id: string;
  /** Lines it held when it was rotated; null while current or when not known (it existed before this writer). */
  readonly lines: number | null;
  readonly bytes: number | null;
}

export interface LogGenerations {
  /** The kept files, newest (the current file) first. */
  readonly files: readonly LogGeneration[];
  /** Files deleted by rotation, oldest first, the latest `MAX_DELETED`. */
  readonly deleted: readonly LogGeneration[];
}

const MAX_DELETED = 256;

export function generationsPath(file: string): string {
  return `${file}.generations`;
}

export function fileId(stats: { readonly dev: number; readonly ino: number }): string {
  return `${stats.dev}:${stats.ino}`;
}

function parse(text: string): LogGenerations | null {
  try {
    const value = JSON.parse(text) as Partial<LogGenerations>;
    return Array.isArray(value.files) && Array.isArray(value.deleted) ? { files: value.files, deleted: value.deleted } : null;
  } catch {
    return null;
  }
}

/** What the record says now; null when there is none (a writer that keeps none) or it cannot be read. */
export async function readLogGenerations(file: string): Promise<LogGenerations | null> {
  try {
    return parse(await readFile(generationsPath(file), 'utf8'));
  } catch {
    return null;
  }
}

/** What a follower missed between the file it read (`from`) and the one it goes on with (`to`). */
export type RotatedAway = { readonly lines: number | null; readonly bytes: number | null } | 'nothing' | 'unknown';

/**
 * `nothing` when `to` is the generation right after `from`; the lines (else the bytes) of the
 * generations in between when the record has them all; `unknown` when it does not know either file.
 */
export function rotatedAwayBetween(generations: LogGenerations | null, from: string, to: string): RotatedAway {
  if (generations === null) return 'unknown';
  const all = [...generations.deleted, ...generations.files];
  const first = all.find((entry) => entry.id === from);
  const next = generations.files.find((entry) => entry.id === to);
  if (first === undefined || next === undefined) return 'unknown';
  if (next.gen <= first.gen + 1) return 'nothing';
  const missed = generations.deleted.filter((entry) => entry.gen > first.gen && entry.gen < next.gen);
  const complete = missed.length === next.gen - first.gen - 1;
  const sum = (values: ReadonlyArray<number | null>): number | null => (values.some((value) => value === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0));
  const lines = complete ? sum(missed.map((entry) => entry.lines)) : null;
  const bytes = complete ? sum(missed.map((entry) => entry.bytes)) : null;
  return { lines, bytes };
}

/** The writer's side: numbers each new current file, and records what each rotation deleted. */
export class LogGenerationsWriter {
  readonly #file: string;
  #state: { files: LogGeneration[]; deleted: LogGeneration[] } | null = null;

  constructor(file: string) {
    this.#file = file;
  }

  /** The current file is open as `id`: a file not seen before becomes the newest generation. */
  opened(id: string): void {
    const state = this.#load();
    if (state.files[0]?.id === id) return;
    const last = Math.max(0, ...state.files.map((entry) => entry.gen), ...state.deleted.map((entry) => entry.gen));
    state.files = [{ gen: last + 1, id, lines: null, bytes: null }, ...state.files.filter((entry) => entry.id !== id)];
    this.#save();
  }

  /** The current file is about to be rotated, holding `lines` (NaN: not known) and `bytes`. */
  closing(lines: number, bytes: number): void {
    const current = this.#load().files[0];
    if (current !== undefined) this.#load().files[0] = { ...current, lines: Number.isNaN(lines) ? null : lines, bytes };
  }

  /** The rotation renamed and deleted files: the kept ones are found again by identity, the others are deleted. */
  rotated(maxFiles: number): void {
    const state = this.#load();
    const kept = new Set<string>();
    try {
      for (let n = 0; n < maxFiles; n++) {
        const stats = statSync(rotatedLogPath(this.#file, n), { throwIfNoEntry: false });
        if (stats !== undefined) kept.add(fileId(stats));
      }
    } catch {
      return; // cannot look: the record stays as it was
    }
    state.deleted = [...state.deleted, ...state.files.filter((entry) => !kept.has(entry.id))].slice(-MAX_DELETED);
    state.files = state.files.filter((entry) => kept.has(entry.id));
  }

  #load(): { files: LogGeneration[]; deleted: LogGeneration[] } {
    if (this.#state !== null) return this.#state;
    let loaded: LogGenerations | null = null;
    try {
      loaded = parse(readFileSync(generationsPath(this.#file), 'utf8'));
    } catch {
      // none yet
    }
    this.#state = { files: [...(loaded?.files ?? [])], deleted: [...(loaded?.deleted ?? [])] };
    return this.#state;
  }

  /** Written beside and renamed over: a reader sees the old record or the new one. A failure leaves the old one (followers then count less). */
  #save(): void {
    const target = generationsPath(this.#file);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(this.#state)}\n`, { mode: 0o600 });
      renameSync(temporary, target);
    } catch {
      // a full disk: the next rotation tries again
      rmSync(temporary, { force: true });
    }
  }
}
