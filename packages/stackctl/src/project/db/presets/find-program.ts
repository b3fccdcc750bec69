// Finds a preset's program: the project's own install (node_modules/.bin, a virtualenv) before anything on PATH.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../../../terminals/terminal-env.js';
import type { ToolProgram } from './preset-types.js';

/** What to spawn: the program file and the arguments that come before the action's own. */
export interface FoundProgram {
  readonly file: string;
  readonly leadingArgs: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** Folders from `dir` up to the file-system root, nearest first. */
export function foldersUp(dir: string): string[] {
  const folders: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    folders.push(current);
    const parent = path.dirname(current);
    if (parent === current) return folders;
    current = parent;
  }
}

/** The program for `program` run in `cwd`, or null when none is installed. */
export function findProgram(program: ToolProgram, cwd: string, env: Env, platform: NodeJS.Platform = process.platform): FoundProgram | null {
  switch (program.kind) {
    case 'node':
      return firstFound(program.bins, (bin) => localNodeBin(bin, cwd, platform) ?? findOnPath(bin, env, platform));
    case 'python':
      return firstFound(program.bins, (bin) => virtualenvBin(bin, cwd, env, platform) ?? findOnPath(bin, env, platform));
    case 'python-script': {
      const python = ['python', 'python3']
        .map((name) => virtualenvBin(name, cwd, env, platform))
        .find((file) => file !== undefined) ?? findOnPath('python3', env, platform) ?? findOnPath('python', env, platform);
      return python === undefined ? null : { file: python, leadingArgs: [program.script] };
    }
  }
}

function firstFound(bins: readonly string[], find: (bin: string) => string | undefined): FoundProgram | null {
  for (const bin of bins) {
    const file = find(bin);
    if (file !== undefined) return { file, leadingArgs: [] };
  }
  return null;
}

/** `node_modules/.bin/<bin>` in `cwd` or the nearest parent that has it (hoisted workspaces). */
function localNodeBin(bin: string, cwd: string, platform: NodeJS.Platform): string | undefined {
  const names = platform === 'win32' ? [`${bin}.cmd`, bin] : [bin];
  for (const folder of foldersUp(cwd)) {
    for (const name of names) {
      const file = path.join(folder, 'node_modules', '.bin', name);
      if (isExecutable(file, platform)) return file;
    }
  }
  return undefined;
}

/** `<bin>` in the active virtualenv ($VIRTUAL_ENV), else in `.venv/` or `venv/` of `cwd` or a parent. */
function virtualenvBin(bin: string, cwd: string, env: Env, platform: NodeJS.Platform): string | undefined {
  const scripts = platform === 'win32' ? 'Scripts' : 'bin';
  const name = platform === 'win32' ? `${bin}.exe` : bin;
  const roots = [...(env.VIRTUAL_ENV === undefined || env.VIRTUAL_ENV === '' ? [] : [env.VIRTUAL_ENV])];
  for (const folder of foldersUp(cwd)) roots.push(path.join(folder, '.venv'), path.join(folder, 'venv'));
  for (const root of roots) {
    const file = path.join(root, scripts, name);
    if (isExecutable(file, platform)) return file;
  }
  return undefined;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!existsSync(file) || !statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
