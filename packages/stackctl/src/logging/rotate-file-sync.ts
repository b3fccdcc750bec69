// Shifts a log file out of the way by size: `stackctl.log` → `.1` → `.2`, the oldest beyond the limit deleted (synchronous).
import { renameSync, rmSync } from 'node:fs';

/**
 * Afterwards `file` does not exist and `file.1` … `file.<maxFiles-1>` hold the older records
 * (1 the newest). Missing copies are fine; a writer that still has a renamed file open goes on
 * writing into it, which is why the logger checks the name before it rotates.
 */
export function rotateFileSync(file: string, maxFiles: number): void {
  const keep = Math.max(0, maxFiles - 1);
  rmSync(`${file}.${keep}`, { force: true });
  for (let n = keep - 1; n >= 0; n--) {
    const from = n === 0 ? file : `${file}.${n}`;
    if (keep === 0) break;
    try {
      renameSync(from, `${file}.${n + 1}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  if (keep === 0) rmSync(file, { force: true });
}
