// Files only their owner can read: folders 0700, files 0600, made so and tightened when they exist with wider modes.
import { chmodSync, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Bits that let anyone but the owner in. */
const OPEN_TO_OTHERS = 0o077;

/**
 * Creates `dir` (and missing parents) as 0700, or removes the group and other bits of an existing
 * one (0755 → 0700; the owner's own bits are left as they are). Follows a symlink at `dir` itself.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const { mode } = statSync(dir);
  if ((mode & OPEN_TO_OTHERS) !== 0) chmodSync(dir, mode & 0o700);
}

/**
 * Everything below `dir`: folders lose their group and other bits (→ 0700), files, sockets and FIFOs
 * too (→ 0600). Symlinks are neither followed nor changed. Returns the paths it changed; entries that
 * vanish meanwhile are skipped, other errors are thrown.
 */
export function tightenTree(dir: string): string[] {
  const changed: string[] = [];
  const visit = (folder: string): void => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch (error) {
      if (isGone(error)) return;
      throw error;
    }
    for (const name of names) {
      const entry = path.join(folder, name);
      const stats = lstatSync(entry, { throwIfNoEntry: false });
      if (stats === undefined || stats.isSymbolicLink()) continue;
      if ((stats.mode & OPEN_TO_OTHERS) !== 0) {
        try {
          chmodSync(entry, stats.mode & 0o700);
          changed.push(entry);
        } catch (error) {
          if (!isGone(error)) throw error;
        }
      }
      if (stats.isDirectory()) visit(entry);
    }
  };
  visit(dir);
  return changed;
}

/** `openSync(file, flags, 0o600)`, and a file that already existed with a wider mode is narrowed at once. */
export function openPrivate(file: string, flags: string | number): number {
  const fd = openSync(file, flags, PRIVATE_FILE_MODE);
  tightenOpenFile(fd);
  return fd;
}

/** Narrows an open file (fchmod) to its owner's bits when group or others have any. */
export function tightenOpenFile(fd: number): void {
  const { mode } = fstatSync(fd);
  if ((mode & OPEN_TO_OTHERS) !== 0) fchmodSync(fd, mode & 0o700);
}

function isGone(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
