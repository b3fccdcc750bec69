// Node dependencies: the nearest lockfile up to the repository root picks the package manager and the folder to install in.
import path from 'node:path';
import { findLockfile, type PackageManager } from '../lockfiles.js';
import { parsePackageJson } from '../package-json.js';
import { argvStep, type DetectedInstall } from './detected-install.js';
import { fileExists, folderExists, readText } from './project-folders.js';

const NPM_FLAGS = ['--no-audit', '--no-fund'] as const;

/**
 * `folders` runs from the service's cwd to the repository root. The nearest folder with a lockfile wins
 * (workspace members share the root's); without any, a package.json with dependencies gets `npm install`
 * (in the nearest folder whose package.json declares `workspaces`, else in cwd).
 */
export function detectNodeInstall(cwd: string, folders: readonly string[]): DetectedInstall | null {
  const manifest = path.join(cwd, 'package.json');
  const lockfile = findLockfile(folders, fileExists);
  if (lockfile !== null) return withLockfile(lockfile.manager, lockfile.folder, lockfile.file, manifest);
  const own = readPackageJson(manifest);
  if (own === null || !hasDependencies(own)) return null;
  const folder = folders.find((candidate) => readPackageJson(path.join(candidate, 'package.json'))?.workspaces !== undefined) ?? cwd;
  return {
    ...npmInstall(folder, false),
    inputs: [path.join(folder, 'package.json'), path.join(folder, 'package-lock.json'), manifest],
  };
}

function withLockfile(tool: PackageManager, folder: string, lockfile: string, manifest: string): DetectedInstall {
  const inputs = [lockfile, path.join(folder, 'package.json'), manifest];
  if (tool === 'npm') return { ...npmInstall(folder, true), inputs, npmLockfile: lockfile };
  const argv =
    tool === 'yarn'
      ? ['yarn', 'install', fileExists(path.join(folder, '.yarnrc.yml')) ? '--immutable' : '--frozen-lockfile']
      : [tool, 'install', '--frozen-lockfile'];
  const step = argvStep(folder, argv);
  return { folder, tool, program: tool, steps: [step], inputs, commandKey: step.display, output: path.join(folder, 'node_modules'), npmLockfile: null };
}

/** `npm ci` while node_modules is missing (with a lockfile), else `npm install`; one fingerprint for both. */
function npmInstall(folder: string, hasLockfile: boolean): DetectedInstall {
  const output = path.join(folder, 'node_modules');
  const verb = hasLockfile && !folderExists(output) ? 'ci' : 'install';
  return {
    folder,
    tool: 'npm',
    program: 'npm',
    steps: [argvStep(folder, ['npm', verb, ...NPM_FLAGS])],
    inputs: [],
    commandKey: `npm ci|install ${NPM_FLAGS.join(' ')}`,
    output,
    npmLockfile: null,
  };
}

interface PackageJson {
  readonly dependencies?: unknown;
  readonly devDependencies?: unknown;
  readonly optionalDependencies?: unknown;
  readonly workspaces?: unknown;
}

function readPackageJson(file: string): PackageJson | null {
  return parsePackageJson<PackageJson>(readText(file));
}

function hasDependencies(pkg: PackageJson): boolean {
  return [pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies].some(
    (field) => typeof field === 'object' && field !== null && Object.keys(field).length > 0,
  );
}
