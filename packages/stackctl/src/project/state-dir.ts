// The project's `.stackctl/` folder beside the config: created on demand, private (0700, files 0600), ignored by git through its own .gitignore.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileSystemError } from '../errors/index.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE, tightenTree } from '../system/private-files.js';
import { writeFileAtomic } from '../system/write-file-atomic.js';

export interface StateDir {
  readonly root: string;
  readonly logsDir: string;
  readonly toolLog: string;
}

/** What `.stackctl/.gitignore` holds: git ignores everything in the folder, this file included. */
export const STATE_DIR_GITIGNORE = '# written by stackctl: keep this folder out of git\n*\n';

export function stateDirFor(projectRoot: string): StateDir {
  const root = path.join(projectRoot, '.stackctl');
  const logsDir = path.join(root, 'logs');
  return { root, logsDir, toolLog: path.join(logsDir, 'stackctl.log') };
}

/**
 * Creates `.stackctl/` and `logs/` if missing, as 0700; narrows existing ones, and every folder and
 * file below them, to their owner (0700 / 0600), whatever made them wider (a tar, a copy, `mkdir`);
 * writes the `.gitignore` (atomically) when it is missing, empty or no longer ignores everything.
 * A full disk, a read-only file system or a permission denied is E_DISK_FULL or
 * E_STATE_DIR_UNWRITABLE naming the path.
 */
export function ensureStateDir(projectRoot: string): StateDir {
  const dir = stateDirFor(projectRoot);
  inStateDir('create', () => {
    ensurePrivateDir(dir.root);
    ensurePrivateDir(dir.logsDir);
  });
  inStateDir('make private', () => tightenTree(dir.root));
  const ignoreFile = path.join(dir.root, '.gitignore');
  if (!ignoresEverything(ignoreFile)) inStateDir('write', () => writeFileAtomic(ignoreFile, STATE_DIR_GITIGNORE, PRIVATE_FILE_MODE), ignoreFile);
  return dir;
}

/** True when the file has a line `*` (and so keeps the whole folder out of git). */
function ignoresEverything(ignoreFile: string): boolean {
  try {
    return /^\*[ \t]*$/m.test(readFileSync(ignoreFile, 'utf8'));
  } catch {
    return false;
  }
}

/** Runs `work`, mapping a disk or permission failure to its error (naming `file`, or the path the error carries). */
function inStateDir<T>(doing: string, work: () => T, file?: string): T {
  try {
    return work();
  } catch (error) {
    throw fileSystemError(error, file, doing) ?? error;
  }
}
