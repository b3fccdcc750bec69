// Python dependencies: uv.lock / poetry.lock (here or up to the repository root), requirements.txt or pyproject.toml in cwd.
import path from 'node:path';
import { argvStep, stepsKey, type DetectedInstall } from './detected-install.js';
import { fileExists, readText } from './project-folders.js';
import type { ProgramLookup } from './find-program.js';

/**
 * In cwd: uv.lock → `uv sync`, poetry.lock → `poetry install`, requirements.txt → a .venv and pip;
 * then a uv.lock or poetry.lock in a parent (a workspace); then cwd's pyproject.toml: `[tool.uv…]` → uv sync,
 * `[tool.poetry]` → poetry install, else a .venv and `pip install -e .`. The .venv is made by uv when it is installed.
 */
export function detectPythonInstall(cwd: string, folders: readonly string[], lookup: ProgramLookup): DetectedInstall | null {
  const pyproject = path.join(cwd, 'pyproject.toml');
  const requirements = path.join(cwd, 'requirements.txt');
  const locked = (folder: string): DetectedInstall | null => {
    if (fileExists(path.join(folder, 'uv.lock'))) return uvSync(folder, [path.join(folder, 'uv.lock'), path.join(folder, 'pyproject.toml'), pyproject]);
    if (fileExists(path.join(folder, 'poetry.lock'))) return poetryInstall(folder, [path.join(folder, 'poetry.lock'), path.join(folder, 'pyproject.toml'), pyproject]);
    return null;
  };
  const here = locked(cwd);
  if (here !== null) return here;
  if (fileExists(requirements)) return venvInstall(cwd, ['-r', 'requirements.txt'], [requirements], lookup);
  for (const folder of folders.slice(1)) {
    const found = locked(folder);
    if (found !== null) return found;
  }
  const text = readText(pyproject);
  if (text === null) return null;
  if (/^\s*\[tool\.uv[\].]/m.test(text)) return uvSync(cwd, [pyproject]);
  if (/^\s*\[tool\.poetry[\].]/m.test(text)) return poetryInstall(cwd, [pyproject]);
  return venvInstall(cwd, ['-e', '.'], [pyproject], lookup);
}

function uvSync(folder: string, inputs: readonly string[]): DetectedInstall {
  const step = argvStep(folder, ['uv', 'sync']);
  return { folder, tool: 'uv', program: 'uv', steps: [step], inputs, commandKey: step.display, output: path.join(folder, '.venv'), npmLockfile: null };
}

/** Poetry may keep its virtualenv outside the project, so there is no output folder to watch. */
function poetryInstall(folder: string, inputs: readonly string[]): DetectedInstall {
  const step = argvStep(folder, ['poetry', 'install']);
  return { folder, tool: 'poetry', program: 'poetry', steps: [step], inputs, commandKey: step.display, output: null, npmLockfile: null };
}

/** `.venv` (made once) then pip into it: uv's when uv is installed, else python3's venv and the venv's own pip. */
function venvInstall(folder: string, pipArgs: readonly string[], inputs: readonly string[], lookup: ProgramLookup): DetectedInstall {
  const venv = path.join(folder, '.venv');
  const uv = lookup('uv') !== null;
  const steps = uv
    ? [argvStep(folder, ['uv', 'venv'], venv), argvStep(folder, ['uv', 'pip', 'install', ...pipArgs])]
    : [argvStep(folder, ['python3', '-m', 'venv', '.venv'], venv), argvStep(folder, [path.join(venv, 'bin', 'pip'), 'install', ...pipArgs])];
  return { folder, tool: 'pip', program: uv ? 'uv' : 'python3', steps, inputs, commandKey: stepsKey(steps), output: venv, npmLockfile: null };
}
