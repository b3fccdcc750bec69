// Where backups go (`.stackctl/backups/<project>-<YYYYMMDD-HHMMSS>.<ext>`) and which ones exist, newest first.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
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
 * or `<project>-<stamp>-2.<ext>` and so on when a backup was already taken within the same second.
 */
export function newBackupPath(root: string, project: string, extension: string, now: Date): string {
  ensureStateDir(root);
  const dir = backupsDir(root);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const base = `${project}-${backupStamp(now)}`;
  for (let attempt = 1; ; attempt += 1) {
    const file = path.join(dir, `${base}${attempt === 1 ? '' : `-${attempt}`}.${extension}`);
    if (!existsSync(file)) return file;
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
