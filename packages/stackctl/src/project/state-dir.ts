// The project's `.stackctl/` folder beside the config: created on demand, ignored by git through its own .gitignore.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export interface StateDir {
  readonly root: string;
  readonly logsDir: string;
  readonly toolLog: string;
}

export function stateDirFor(projectRoot: string): StateDir {
  const root = path.join(projectRoot, '.stackctl');
  const logsDir = path.join(root, 'logs');
  return { root, logsDir, toolLog: path.join(logsDir, 'stackctl.log') };
}

/** Creates `.stackctl/` and `logs/` if missing, with a `.gitignore` of `*` so git never sees the folder. */
export function ensureStateDir(projectRoot: string): StateDir {
  const dir = stateDirFor(projectRoot);
  mkdirSync(dir.logsDir, { recursive: true, mode: 0o700 });
  const ignoreFile = path.join(dir.root, '.gitignore');
  if (!existsSync(ignoreFile)) writeFileSync(ignoreFile, '# written by stackctl: keep this folder out of git\n*\n');
  return dir;
}
