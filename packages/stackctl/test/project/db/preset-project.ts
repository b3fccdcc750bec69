// Temporary projects for the migration tool preset tests: the files written, those in a bin/ folder made executable.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { TempDirs } from '../../helpers/temp-dirs.js';

/**
 * Registers cleanup for the calling test file (every project removed after each test) and returns the function that
 * makes a project (real path) from `files`: relative path → text.
 */
export function usePresetProjects(prefix: string): (files?: Readonly<Record<string, string>>) => string {
  const dirs = new TempDirs(prefix);
  afterEach(() => dirs.removeAll());
  return (files = {}) => {
    const dir = dirs.create();
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
      if (/(?:^|\/)\.?bin\//.test(file)) chmodSync(path.join(dir, file), 0o755);
    }
    return dir;
  };
}
