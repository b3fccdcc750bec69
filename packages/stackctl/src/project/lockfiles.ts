// Which package manager a Node project uses, told by the lockfile nearest to it: pnpm, yarn, bun or npm.
import path from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** Each lockfile and the manager it implies, in the order they are looked for within one folder. */
const LOCKFILES: ReadonlyArray<readonly [name: string, manager: PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

export interface FoundLockfile {
  /** The folder that holds it. */
  readonly folder: string;
  /** Its path: `join(folder, name)`. */
  readonly file: string;
  readonly manager: PackageManager;
}

/**
 * The lockfile in the first of `folders` (nearest first) that holds one, or null. `exists` says whether a
 * file is there; `join` builds its path (`path.join` on disk, `/`-joined for a project read from elsewhere).
 */
export function findLockfile(
  folders: Iterable<string>,
  exists: (file: string) => boolean,
  join: (folder: string, name: string) => string = path.join,
): FoundLockfile | null {
  for (const folder of folders) {
    for (const [name, manager] of LOCKFILES) {
      const file = join(folder, name);
      if (exists(file)) return { folder, file, manager };
    }
  }
  return null;
}
