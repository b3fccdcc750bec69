// The project's package.json files (the root's, and the nearest above each service's cwd), lockfiles and Python markers.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig, ResolvedService } from '../../config/types.js';
import { findLockfile, type FoundLockfile } from '../lockfiles.js';
import { foldersBetween } from './find-executable.js';

/** The parts of a package.json the doctor reads. */
export interface PackageJson {
  readonly engines?: { readonly node?: unknown };
  readonly dependencies?: Readonly<Record<string, unknown>>;
  readonly devDependencies?: Readonly<Record<string, unknown>>;
}

export interface ProjectPackage {
  /** Absolute path of the package.json. */
  readonly file: string;
  /** The services it belongs to (none for the root's, unless a service runs there). */
  readonly services: readonly string[];
}

/** The root package.json first (when there is one), then each service's nearest, each once, in config order. */
export function projectPackages(config: ResolvedConfig, include: (service: ResolvedService) => boolean = () => true): ProjectPackage[] {
  const byFile = new Map<string, string[]>();
  const rootFile = path.join(config.root, 'package.json');
  if (isFile(rootFile)) byFile.set(rootFile, []);
  for (const service of Object.values(config.services)) {
    if (!include(service)) continue;
    const file = nearestPackageJson(service.cwd);
    if (file === null) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), service.name]);
  }
  return [...byFile].map(([file, services]) => ({ file, services }));
}

/** The nearest package.json in `dir` or a folder above it, or null. */
export function nearestPackageJson(dir: string): string | null {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const file = path.join(current, 'package.json');
    if (isFile(file)) return file;
    if (path.dirname(current) === current) return null;
  }
}

/** Throws a plain Error saying why when the file is not a JSON object. */
export function readPackageJson(file: string): PackageJson {
  const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as PackageJson;
}

/** Every package the package.json asks for: dependencies and devDependencies. */
export function declaredDependencies(pkg: PackageJson): string[] {
  const names = (field: unknown): string[] => (typeof field === 'object' && field !== null ? Object.keys(field) : []);
  return [...new Set([...names(pkg.dependencies), ...names(pkg.devDependencies)])];
}

/** The lockfile nearest to `dir` (up to `root`) and the package manager it implies, or null. */
export function nearestLockfile(dir: string, root: string): FoundLockfile | null {
  return findLockfile(foldersBetween(dir, root), isFile);
}

/** The files that make a folder a Python project whose requirements `stackctl setup` installs into `.venv`. */
export const PYTHON_REQUIREMENTS = ['requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.py'] as const;

/** The requirements file in `dir`, or null when it holds no Python project. */
export function pythonRequirements(dir: string): string | null {
  return PYTHON_REQUIREMENTS.find((name) => isFile(path.join(dir, name))) ?? null;
}

/** Whether a service runs Python: requirements in its cwd, a manage.py, or a python program as its command. */
export function isPythonService(service: ResolvedService, programs: readonly string[]): boolean {
  if (pythonRequirements(service.cwd) !== null || isFile(path.join(service.cwd, 'manage.py'))) return true;
  return programs.some((program) => /^python(3(\.\d+)?)?$/.test(path.basename(program)));
}

export function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

export function isDirectory(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
