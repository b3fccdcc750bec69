// Which package manager a project uses (from its lockfile) and how it runs a script.
import { findLockfile, type PackageManager } from '../lockfiles.js';
import { joinPath, type ProjectFiles } from './project-files.js';

/** From the lockfile in `dir` (else the `packageManager` field of its package.json), defaulting to npm. */
export function detectPackageManager(files: ProjectFiles, dir = '.'): PackageManager {
  const lockfile = findLockfile([dir], (file) => files.read(file) !== null, joinPath);
  if (lockfile !== null) return lockfile.manager;
  const field = /"packageManager"\s*:\s*"(npm|pnpm|yarn|bun)@/.exec(files.read(joinPath(dir, 'package.json')) ?? '');
  return (field?.[1] as PackageManager | undefined) ?? 'npm';
}

/** `npm run dev`, `pnpm dev`, `yarn dev`, `bun run dev`. */
export function runScript(manager: PackageManager, script: string): string {
  return manager === 'npm' || manager === 'bun' ? `${manager} run ${script}` : `${manager} ${script}`;
}
