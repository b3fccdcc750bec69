// Test helper: a real virtualenv made with `python3 -m venv --without-pip` (no network) and stand-in modules written into it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Whether `python3 -m venv` works on this machine (python3 with its venv module). */
export const HAS_PYTHON_VENV = spawnSync('python3', ['-c', 'import venv'], { stdio: 'ignore' }).status === 0;

/** Makes a virtualenv at `dir` and returns its site-packages folder. */
export function makeVenv(dir: string): string {
  const made = spawnSync('python3', ['-m', 'venv', '--without-pip', dir], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`python3 -m venv failed: ${made.stderr}`);
  const lib = path.join(dir, 'lib');
  const version = fs.readdirSync(lib).find((name) => name.startsWith('python'));
  if (version === undefined) throw new Error(`no lib/python* in ${dir}`);
  return path.join(lib, version, 'site-packages');
}

/** Writes a package `name` (an `__init__.py` with `source`) into `sitePackages`. */
export function addModule(sitePackages: string, name: string, source = ''): void {
  fs.mkdirSync(path.join(sitePackages, name), { recursive: true });
  fs.writeFileSync(path.join(sitePackages, name, '__init__.py'), source);
}
