// Which package manager a project uses (from its lockfile) and how it runs a script.
import { joinPath, type ProjectFiles } from './project-files.js';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const LOCKFILES: ReadonlyArray<readonly [string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

/** From the lockfile in `dir` (else the `packageManager` field of its package.json), defaulting to npm. */
export function detectPackageManager(files: ProjectFiles, dir = '.'): PackageManager {
  for (const [file, manager] of LOCKFILES) if (files.read(joinPath(dir, file)) !== null) return manager;
  const field = /"packageManager"\s*:\s*"(npm|pnpm|yarn|bun)@/.exec(files.read(joinPath(dir, 'package.json')) ?? '');
  return (field?.[1] as PackageManager | undefined) ?? 'npm';
}

/** `npm run dev`, `pnpm dev`, `yarn dev`, `bun run dev`. */
export function runScript(manager: PackageManager, script: string): string {
  return manager === 'npm' || manager === 'bun' ? `${manager} run ${script}` : `${manager} ${script}`;
}
