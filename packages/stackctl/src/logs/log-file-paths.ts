// Where a service's log files live: `<logsDir>/<service>.log`, then `.log.1` (newest) … `.log.N` when rotated.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The current log file of a service. */
export function logFilePath(logsDir: string, service: string): string {
  return path.join(logsDir, `${service}.log`);
}

/** The n-th rotated file of `file` (1 is the newest); 0 is the file itself. */
export function rotatedLogPath(file: string, n: number): string {
  return n === 0 ? file : `${file}.${n}`;
}

/**
 * Every file a service may keep under a `maxFiles` setting, newest first: the current file, then
 * `.log.1` … `.log.<maxFiles-1>`.
 */
export function logFilePaths(logsDir: string, service: string, maxFiles: number): string[] {
  const file = logFilePath(logsDir, service);
  return Array.from({ length: Math.max(1, maxFiles) }, (_, n) => rotatedLogPath(file, n));
}

/**
 * The files of `file` that exist now, newest first (the current file, then rotated ones by number).
 * Found by listing the folder, so a gap in the numbering or a larger, older `maxFiles` is no problem.
 */
export async function existingLogFiles(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const rotated: number[] = [];
  let current = false;
  for (const name of names) {
    if (name === base) current = true;
    else if (name.startsWith(`${base}.`)) {
      const suffix = name.slice(base.length + 1);
      if (/^[1-9]\d*$/.test(suffix)) rotated.push(Number(suffix));
    }
  }
  rotated.sort((a, b) => a - b);
  return [...(current ? [file] : []), ...rotated.map((n) => rotatedLogPath(file, n))];
}

/** The service a log file belongs to: `api` for `…/api.log` (and for its rotated copies). */
export function serviceOfLogFile(file: string): string {
  const base = path.basename(file).replace(/\.log(?:\.\d+)?$/, '');
  return base;
}
