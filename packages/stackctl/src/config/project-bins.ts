// The project's own program folders for a service: the nearest virtualenv's bin, then node_modules/.bin from its cwd up to the config's folder.
import fs from 'node:fs';
import path from 'node:path';

export interface ProjectBins {
  /** Folders to put first on PATH, in this order. */
  readonly path: readonly string[];
  /** The virtualenv whose bin is first, for VIRTUAL_ENV; null when none was found. */
  readonly virtualEnv: string | null;
}

const VENV_NAMES = ['.venv', 'venv'];

/**
 * From `cwd` up to `root` (both included; only `cwd` when it is outside `root`): the first folder holding a
 * virtualenv (`.venv` or `venv` with `bin/python`) gives its `bin`, as `uv run` / `poetry run` do; then every
 * existing `node_modules/.bin` on the way, nearest first, as `npm run` does for a workspace member.
 */
export function projectBins(cwd: string, root: string): ProjectBins {
  const folders = foldersUp(cwd, root);
  let virtualEnv: string | null = null;
  for (const folder of folders) {
    virtualEnv = VENV_NAMES.map((name) => path.join(folder, name)).find(isVirtualEnv) ?? null;
    if (virtualEnv !== null) break;
  }
  const nodeBins = folders.map((folder) => path.join(folder, 'node_modules', '.bin')).filter(isDirectory);
  return { path: [...(virtualEnv === null ? [] : [path.join(virtualEnv, 'bin')]), ...nodeBins], virtualEnv };
}

/** `cwd`, its parent, … up to `root`; just `cwd` when it is not inside `root`. */
export function foldersUp(cwd: string, root: string): string[] {
  const relative = path.relative(root, cwd);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return [cwd];
  const folders: string[] = [];
  for (let current = cwd; ; current = path.dirname(current)) {
    folders.push(current);
    if (current === root || path.dirname(current) === current) return folders;
  }
}

function isVirtualEnv(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'bin', 'python')) || fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
