// Shifts a log file's rotated copies up by one (`.log` → `.log.1` → `.log.2` …) and drops those beyond the limit.
import { rename, unlink } from 'node:fs/promises';
import { existingLogFiles, rotatedLogPath } from './log-file-paths.js';

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function removeIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/**
 * Afterwards `file` does not exist and at most `maxFiles - 1` rotated copies do: `.log.1` is the
 * former `file`. Copies numbered `maxFiles - 1` and above are deleted first (the oldest one makes
 * room, and leftovers of a larger earlier `maxFiles` go too), then the others move up, oldest
 * first, so no rename ever has to replace an existing file. With `maxFiles` 1 the file is deleted.
 * The writer must have closed `file` before: a follower that still has it open keeps reading it.
 */
export async function rotateLogFiles(file: string, maxFiles: number): Promise<void> {
  const keepRotated = Math.max(0, maxFiles - 1);
  const numbers = (await existingLogFiles(file)).map((candidate) =>
    candidate === file ? 0 : Number(candidate.slice(file.length + 1)),
  );
  for (const n of numbers) if (n > 0 && n >= keepRotated) await removeIfPresent(rotatedLogPath(file, n));
  if (keepRotated === 0) {
    await removeIfPresent(file);
    return;
  }
  // Highest first: by the time n moves to n + 1, what was at n + 1 has moved on or never existed.
  const moving = numbers.filter((n) => n < keepRotated).sort((a, b) => b - a);
  for (const n of moving) await renameIfPresent(rotatedLogPath(file, n), rotatedLogPath(file, n + 1));
}
