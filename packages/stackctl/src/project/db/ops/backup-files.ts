// Where backups go (`.stackctl/backups/<project>-<YYYYMMDD-HHMMSS>.<ext>`) and which ones exist, newest first.
import { closeSync, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../system/private-files.js';
import { ensureStateDir, stateDirFor } from '../../state-dir.js';

export function backupsDir(root: string): string {
  return path.join(stateDirFor(root).root, 'backups');
}

/** `20240501-093012` in local time. */
export function backupStamp(now: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
}

/**
 * A new, unused path in `.stackctl/backups/` (created, with the `.stackctl/.gitignore`): `<project>-<stamp>.<ext>`,
 * or `<project>-<stamp>-2.<ext>` and so on when a backup was already taken within the same second. The file
 * is created empty, 0600, so the dump written into it is never readable by other users, not even for a moment.
 */
export function newBackupPath(root: string, project: string, extension: string, now: Date): string {
  ensureStateDir(root);
  const dir = backupsDir(root);
  ensurePrivateDir(dir);
  const base = `${project}-${backupStamp(now)}`;
  for (let attempt = 1; ; attempt += 1) {
    const file = path.join(dir, `${base}${attempt === 1 ? '' : `-${attempt}`}.${extension}`);
    if (existsSync(file)) continue;
    try {
      closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export interface BackupEntry {
  readonly file: string;
  readonly bytes: number;
  readonly modifiedAt: Date;
}

/** The files in `.stackctl/backups/`, newest first (empty when there are none). */
export function listBackups(root: string): BackupEntry[] {
  const dir = backupsDir(root);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const entries: BackupEntry[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const stat = statSync(file);
      if (stat.isFile()) entries.push({ file, bytes: stat.size, modifiedAt: stat.mtime });
    } catch {
      // removed while listing
    }
  }
  return entries.sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime() || b.file.localeCompare(a.file));
}
