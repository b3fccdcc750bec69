// `<service>.log.generations`: which file is which generation of a log, and how many lines the ones rotated away held.
import { readFile } from 'node:fs/promises';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rotatedLogPath } from './log-file-paths.js';

/**
 * A follower (`logs -f`) that falls behind a fast rotation finds the file it read gone: was the
 * oldest file left the very next one, or were generations deleted before it could open them, and
 * how many lines did they hold? The names cannot tell (every rotation renames them), so the writer
 * numbers its files and keeps this small record beside them, rewritten (atomically) at each
 * rotation only: per kept file its identity, its generation and how many bytes and lines the
 * generations before it held, counted from a base generation. Lines deleted between two files a
 * follower read = the second's `linesBefore` − the first's − the lines of the first (which the
 * follower counted), when both count from the same base; bytes likewise. A file whose lines the
 * writer could not count (it was there before it) starts a new base for the lines after it.
 */
export interface LogGeneration {
  readonly gen: number;
  /** `<dev>:<ino>` as fs.Stats gives them. */
  readonly id: string;
  /** The generation `bytesBefore` counts from. */
  readonly base: number;
  readonly bytesBefore: number;
  /** The generation `linesBefore` counts from. */
  readonly linesBase: number;
  readonly linesBefore: number;
}

type Counts = Pick<LogGeneration, 'base' | 'bytesBefore' | 'linesBase' | 'linesBefore'>;

export interface LogGenerations {
  /** The kept files, newest (the current file) first. */
  readonly files: readonly LogGeneration[];
  /** The latest files rotation deleted, oldest first: a follower may still hold one open and look it up. */
  readonly deleted: readonly LogGeneration[];
}

/** How many deleted files the record remembers. */
const DELETED_KEPT = 128;

/**
 * The entry of the file with identity `id`. Inode numbers are reused once a file is gone; a file
 * the caller holds open is not gone, so its entry is the kept one, else the latest deleted one.
 */
export function findGeneration(generations: LogGenerations | null, id: string): LogGeneration | null {
  if (generations === null) return null;
  return generations.files.find((entry) => entry.id === id) ?? generations.deleted.findLast((entry) => entry.id === id) ?? null;
}

export function generationsPath(file: string): string {
  return `${file}.generations`;
}

export function fileId(stats: { readonly dev: number; readonly ino: number }): string {
  return `${stats.dev}:${stats.ino}`;
}

function parse(text: string): LogGenerations | null {
  try {
    const value = JSON.parse(text) as Partial<LogGenerations>;
    return Array.isArray(value.files) ? { files: value.files, deleted: Array.isArray(value.deleted) ? value.deleted : [] } : null;
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

/** The same, read at once (a follower starting at the end of the current file). */
export function readLogGenerationsSync(file: string): LogGenerations | null {
  try {
    return parse(readFileSync(generationsPath(file), 'utf8'));
  } catch {
    return null;
  }
}

/** A file as a follower read it: its record entry (null when unknown), its lines (null when it did not read them all) and size. */
export interface FileRead {
  readonly entry: LogGeneration | null;
  readonly lines: number | null;
  readonly bytes: number;
}

/** What a follower missed between the file it read (`from`) and the one it goes on with (`to`). */
export type RotatedAway = { readonly lines: number | null; readonly bytes: number | null } | 'nothing' | 'unknown';

/** `nothing` when `to` is the generation right after `from`; else the lines (or bytes) deleted in between, when known. */
export function rotatedAwayBetween(from: FileRead, to: LogGeneration | null): RotatedAway {
  if (from.entry === null || to === null || to.gen <= from.entry.gen) return 'unknown';
  if (to.gen === from.entry.gen + 1) return 'nothing';
  const { entry } = from;
  const lines = from.lines !== null && entry.linesBase === to.linesBase ? Math.max(0, to.linesBefore - entry.linesBefore - from.lines) : null;
  const bytes = entry.base === to.base ? Math.max(0, to.bytesBefore - entry.bytesBefore - from.bytes) : null;
  return { lines, bytes };
}

/** The writer's side: numbers each new current file, and keeps the counts of the generations before it. */
export class LogGenerationsWriter {
  readonly #file: string;
  #files: LogGeneration[] | null = null;
  #deleted: LogGeneration[] = [];
  /** What the next new file's entry says came before it: set when the current file is rotated. */
  #next: (Counts & { readonly gen: number }) | null = null;

  constructor(file: string) {
    this.#file = file;
  }

  /** The current file is open as `id`: a file not seen before becomes the newest generation. */
  opened(id: string): void {
    const files = this.#load();
    if (files[0]?.id === id) return;
    // The rotation may have deleted every file before (maxFiles 1): the number comes from it.
    const gen = this.#next?.gen ?? Math.max(0, ...files.map((entry) => entry.gen)) + 1;
    // Not right after a rotation (a new record, or a file made by someone else): counting starts anew.
    const { gen: _gen, ...before } = this.#next ?? { gen, base: gen, bytesBefore: 0, linesBase: gen, linesBefore: 0 };
    this.#next = null;
    this.#files = [{ gen, id, ...before }, ...files.filter((entry) => entry.id !== id)];
    this.#save();
  }

  /** The current file is about to be rotated, holding `lines` (NaN: not known) and `bytes`. */
  closing(lines: number, bytes: number): void {
    const current = this.#load()[0];
    if (current === undefined) return;
    const next = current.gen + 1;
    this.#next = Number.isNaN(lines)
      ? { gen: next, base: current.base, bytesBefore: current.bytesBefore + bytes, linesBase: next, linesBefore: 0 }
      : { gen: next, base: current.base, bytesBefore: current.bytesBefore + bytes, linesBase: current.linesBase, linesBefore: current.linesBefore + lines };
  }

  /** The rotation renamed and deleted files: the kept ones are found again by identity. */
  rotated(maxFiles: number): void {
    const kept = new Set<string>();
    try {
      for (let n = 0; n < maxFiles; n++) {
        const stats = statSync(rotatedLogPath(this.#file, n), { throwIfNoEntry: false });
        if (stats !== undefined) kept.add(fileId(stats));
      }
    } catch {
      return; // cannot look: the record stays as it was
    }
    const files = this.#load();
    this.#deleted = [...this.#deleted, ...files.filter((entry) => !kept.has(entry.id))].slice(-DELETED_KEPT);
    this.#files = files.filter((entry) => kept.has(entry.id));
  }

  #load(): LogGeneration[] {
    if (this.#files !== null) return this.#files;
    let loaded: LogGenerations | null = null;
    try {
      loaded = parse(readFileSync(generationsPath(this.#file), 'utf8'));
    } catch {
      // none yet
    }
    this.#files = [...(loaded?.files ?? [])];
    this.#deleted = [...(loaded?.deleted ?? [])];
    return this.#files;
  }

  /** Written beside and renamed over: a reader sees the old record or the new one. A failure leaves the old one (followers then count less). */
  #save(): void {
    const target = generationsPath(this.#file);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify({ files: this.#files, deleted: this.#deleted })}\n`, { mode: 0o600 });
      renameSync(temporary, target);
    } catch {
      // a full disk: the next rotation tries again
      rmSync(temporary, { force: true });
    }
  }
}
