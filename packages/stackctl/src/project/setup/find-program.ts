// Whether a program is installed: looked up on PATH the way a shell does (an executable file in one of its folders).
import fs from 'node:fs';
import path from 'node:path';

/** The program's absolute path, or null when it is not installed. Injected into the planner so tests choose. */
export type ProgramLookup = (program: string) => string | null;

export function programLookup(env: Readonly<Record<string, string | undefined>>): ProgramLookup {
  const folders = (env.PATH ?? '').split(path.delimiter).filter((folder) => folder !== '');
  const found = new Map<string, string | null>();
  return (program) => {
    if (!found.has(program)) found.set(program, folders.map((folder) => path.join(folder, program)).find(isExecutable) ?? null);
    return found.get(program) ?? null;
  };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
