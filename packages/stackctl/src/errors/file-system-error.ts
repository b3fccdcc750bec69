// Disk and permission failures while writing stackctl's files: a stable code, the path and a hint, never "a bug".
import path from 'node:path';
import { StackctlError } from './stackctl-error.js';

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
const UNWRITABLE = new Set(['EROFS', 'EACCES', 'EPERM']);

/** The errno code (`ENOSPC`…) of a Node file-system error, or undefined. */
export function errnoCodeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * E_DISK_FULL for ENOSPC/EDQUOT, E_STATE_DIR_UNWRITABLE for EROFS/EACCES/EPERM, naming `file` (default:
 * the path the error carries) and `doing` (what was being done: "write", "create the folder"…);
 * null for any other error, which the caller rethrows as it is.
 */
export function fileSystemError(error: unknown, file?: string, doing = 'write'): StackctlError | null {
  const code = errnoCodeOf(error);
  if (code === undefined) return null;
  const target = file ?? pathOf(error) ?? 'a file in .stackctl/';
  const folder = path.dirname(target);
  if (DISK_FULL.has(code)) {
    return new StackctlError('E_DISK_FULL', `cannot ${doing} ${target}: no space left on the disk (${code})`, {
      cause: error,
      hint: `free some space on the file system holding ${folder} (\`df -h ${folder}\`), then run the command again`,
    });
  }
  if (!UNWRITABLE.has(code)) return null;
  if (code === 'EROFS') {
    return new StackctlError('E_STATE_DIR_UNWRITABLE', `cannot ${doing} ${target}: the file system is read-only (EROFS)`, {
      cause: error,
      hint: `remount the file system holding ${folder} read-write, or move the project to a writable folder`,
    });
  }
  return new StackctlError('E_STATE_DIR_UNWRITABLE', `cannot ${doing} ${target}: permission denied (${code})`, {
    cause: error,
    hint: `make it yours and writable: \`chown -R "$(id -un)" ${folder}\` then \`chmod u+rwx ${folder}\``,
  });
}

function pathOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'path' in error && typeof error.path === 'string' ? error.path : undefined;
}
