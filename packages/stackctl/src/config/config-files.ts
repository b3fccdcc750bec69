// Where a project's config file is: the names looked for and the walk up from the working folder; no other imports.
import fs from 'node:fs';
import path from 'node:path';

/*
 * Kept apart from discover.ts (which adds the error messages) so that `status` can find the project
 * root while loading nothing else (see cli/status-fast-path.ts).
 */

/** Looked for in this order; the first one present in a folder wins, so the choice is deterministic. */
export const CONFIG_FILE_NAMES = [
  'stackctl.yaml',
  'stackctl.yml',
  'stackctl.json',
  'stackctl.config.ts',
  'stackctl.config.mts',
  'stackctl.config.js',
  'stackctl.config.mjs',
] as const;

export const PROCFILE_NAME = 'Procfile';

/** The config files present in `folder`, in the order of CONFIG_FILE_NAMES. */
export function configFilesIn(folder: string): string[] {
  return CONFIG_FILE_NAMES.map((name) => path.join(folder, name)).filter(isFile);
}

/** The nearest config file in `cwd` or a parent, else a Procfile in `cwd`, else null. */
export function findConfigUpwards(cwd: string): string | null {
  for (let folder = cwd; ; folder = path.dirname(folder)) {
    const [first] = configFilesIn(folder);
    if (first !== undefined) return first;
    if (path.dirname(folder) === folder) break;
  }
  const procfile = path.join(cwd, PROCFILE_NAME);
  return isFile(procfile) ? procfile : null;
}

/** `--config PATH` (absolute): the file itself, or a folder's config file or Procfile; null when there is none. */
export function findExplicitConfig(file: string): string | null {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isFile() === true) return file;
  if (stat?.isDirectory() !== true) return null;
  const [first] = configFilesIn(file);
  if (first !== undefined) return first;
  const procfile = path.join(file, PROCFILE_NAME);
  return isFile(procfile) ? procfile : null;
}

export function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
