// A consistent view of a log's files and their identities, taken while a rotation may be renaming them.
import { stat, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import { existingLogFiles } from './log-file-paths.js';

const statAsync = promisify(stat);

export interface LogFileEntry {
  readonly path: string;
  readonly stats: Stats;
}

/** Same file, whatever its name now (device and inode). */
export function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev;
}

export async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await statAsync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Newest first, one at a time; null when a file vanished or showed up under two names. */
async function listOnce(file: string): Promise<LogFileEntry[] | null> {
  const entries: LogFileEntry[] = [];
  const seen = new Set<string>();
  for (const candidate of await existingLogFiles(file)) {
    const stats = await statOrNull(candidate);
    if (stats === null) return null;
    const identity = `${stats.dev}:${stats.ino}`;
    if (seen.has(identity)) return null;
    seen.add(identity);
    entries.push({ path: candidate, stats });
  }
  return entries;
}

/**
 * `file` and its rotated copies, newest first, with their identities; null while a rotation is
 * moving them. Names are only a snapshot and a rotation renames one file after another, so a
 * listing taken meanwhile can show a file under two names or miss one: two listings in a row must
 * agree and show every file exactly once.
 */
export async function stableLogFiles(file: string): Promise<LogFileEntry[] | null> {
  const first = await listOnce(file);
  const second = await listOnce(file);
  if (first === null || second === null || first.length !== second.length) return null;
  const agree = first.every((entry, i) => {
    const other = second[i];
    return other !== undefined && entry.path === other.path && sameFile(entry.stats, other.stats);
  });
  return agree ? second : null;
}
