// The real TerminalEnv: this process's environment, platform, PATH lookup and file reads (tests inject their own).
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TerminalEnv } from './terminal-launcher.js';

export function createTerminalEnv(vars: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform): TerminalEnv {
  return {
    vars,
    platform,
    which: (program) => findOnPath(program, vars, platform),
    readTextFile: (file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}

/** The first executable file named `program` (with a PATHEXT extension on Windows) in PATH. */
export function findOnPath(program: string, vars: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): string | undefined {
  const windows = platform === 'win32';
  const pathValue = (windows ? (vars.Path ?? vars.PATH) : vars.PATH) ?? '';
  const extensions = windows ? ['', ...(vars.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  for (const dir of pathValue.split(windows ? ';' : ':')) {
    if (dir === '') continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, program + extension);
      if (isExecutableFile(candidate, windows)) return candidate;
    }
  }
  return undefined;
}

function isExecutableFile(file: string, windows: boolean): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (!windows) accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
