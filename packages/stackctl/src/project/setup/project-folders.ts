// The folders a lockfile may sit in for a service: its cwd, then each parent up to the repository root (a folder with .git).
import fs from 'node:fs';
import path from 'node:path';

/** From `cwd` upwards, ending with the first folder that holds `.git` (a folder, or a file in worktrees), else at `/`. */
export function foldersUpToRepositoryRoot(cwd: string): string[] {
  const folders: string[] = [];
  let current = path.resolve(cwd);
  for (;;) {
    folders.push(current);
    if (fs.existsSync(path.join(current, '.git'))) return folders;
    const parent = path.dirname(current);
    if (parent === current) return folders;
    current = parent;
  }
}

export function fileExists(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

export function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function folderExists(folder: string): boolean {
  return fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
