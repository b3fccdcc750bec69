// Where a program would be found: a path as written, the project's own bin folders, then PATH.
import { accessSync, constants, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOnPath } from '../../terminals/terminal-env.js';

export interface FindExecutableOptions {
  /** What relative paths (`./bin/server`) are resolved against: the service's cwd. */
  readonly cwd: string;
  /** Looked in before PATH: `node_modules/.bin`, `.venv/bin`. */
  readonly localDirs: readonly string[];
  /** Its PATH is searched. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

/** The file `program` would run, or null when there is none. */
export function findExecutable(program: string, options: FindExecutableOptions): string | null {
  if (program.includes('/') || program.startsWith('~')) {
    const file = path.resolve(options.cwd, program.startsWith('~/') ? path.join(os.homedir(), program.slice(2)) : program);
    return isExecutable(file, options.platform) ? file : null;
  }
  for (const dir of options.localDirs) {
    const file = path.join(dir, options.platform === 'win32' ? `${program}.cmd` : program);
    if (isExecutable(file, options.platform)) return file;
  }
  return findOnPath(program, options.env, options.platform) ?? null;
}

/** `node_modules/.bin` and `.venv/bin` of `cwd` and each folder above it up to `root` (hoisted workspaces). */
export function localBinDirs(cwd: string, root: string): string[] {
  const dirs: string[] = [];
  for (const folder of foldersBetween(cwd, root)) {
    dirs.push(path.join(folder, 'node_modules', '.bin'), path.join(folder, '.venv', 'bin'), path.join(folder, 'venv', 'bin'));
  }
  return dirs;
}

/** `from`, its parent, … up to `root` included; just `from` when it is not inside `root`. */
export function foldersBetween(from: string, root: string): string[] {
  const folders: string[] = [];
  let current = path.resolve(from);
  const top = path.resolve(root);
  for (;;) {
    folders.push(current);
    const parent = path.dirname(current);
    if (current === top || parent === current) break;
    current = parent;
  }
  return folders[folders.length - 1] === top ? folders : [path.resolve(from)];
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
