// Writes a file so readers see the old content or the new, never half: temp file in the same folder, then rename.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The temp file is created afresh (`wx`) with `mode`, so the result has exactly that mode (narrowed
 * by the umask) whatever mode the file had before. On any error the temp file is removed and the
 * old file is left as it was.
 */
export function writeFileAtomic(file: string, content: string, mode = 0o644): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    rmSync(temp, { force: true });
    writeFileSync(temp, content, { mode, flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the first error is the one to report
    }
    throw error;
  }
}
