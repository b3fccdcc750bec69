// Whether a Python service's entry modules import in its virtualenv: `uvicorn`, `django` for manage.py, the frameworks it requires.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Programs whose name is the module they need. */
const PROGRAM_MODULES: Readonly<Record<string, string>> = {
  uvicorn: 'uvicorn', gunicorn: 'gunicorn', hypercorn: 'hypercorn', daphne: 'daphne', flask: 'flask',
  celery: 'celery', fastapi: 'fastapi', django: 'django', 'django-admin': 'django', alembic: 'alembic', streamlit: 'streamlit',
};
/** Frameworks named in requirements whose import proves the install got that far. */
const FRAMEWORKS = ['django', 'fastapi', 'flask', 'starlette', 'uvicorn'];
const RUNNERS = /^(?:uv\s+run|poetry\s+run|pipenv\s+run)\s+/;

/** The modules to import for `command` (a shell string or argv) and the requirements text, in a stable order. */
export function entryModules(command: string | readonly string[], requirementsText: string): string[] {
  const words = (typeof command === 'string' ? command.replace(RUNNERS, '').split(/\s+/) : [...command]).filter((word) => word !== '' && !/^\w+=/.test(word));
  if (typeof command !== 'string' && /^(uv|poetry|pipenv)$/.test(words[0] ?? '') && words[1] === 'run') words.splice(0, 2);
  const modules: string[] = [];
  const program = path.basename(words[0] ?? '');
  if (PROGRAM_MODULES[program] !== undefined) modules.push(PROGRAM_MODULES[program]);
  if (/^python(3(\.\d+)?)?$/.test(program)) {
    if (words[1] === '-m' && words[2] !== undefined) modules.push(words[2].split('.')[0] ?? words[2]);
    else if (words[1] !== undefined && path.basename(words[1]) === 'manage.py') modules.push('django');
  }
  const wanted = requirementsText.toLowerCase();
  for (const framework of FRAMEWORKS) if (new RegExp(`(^|[\\s"'\\[,])${framework}\\b`, 'm').test(wanted)) modules.push(framework);
  return [...new Set(modules)];
}

export interface ImportFailure {
  readonly module: string;
  /** `ModuleNotFoundError: No module named 'django'`. */
  readonly error: string;
}

const PROBE = [
  'import importlib, sys',
  'for name in sys.argv[1:]:',
  '    try:',
  '        importlib.import_module(name)',
  '    except BaseException as error:',
  "        print(name + '\\t' + type(error).__name__ + ': ' + str(error).splitlines()[0] if str(error) else name + '\\t' + type(error).__name__)",
].join('\n');

/**
 * Imports each module with the virtualenv's python, in `cwd` (so the project's own packages count). Null when the
 * venv has no python; a failure of python itself is reported against every module.
 */
export function failedImports(venv: string, cwd: string, modules: readonly string[]): ImportFailure[] | null {
  const python = path.join(venv, 'bin', 'python');
  if (!fs.existsSync(python)) return null;
  if (modules.length === 0) return [];
  const result = spawnSync(python, ['-c', PROBE, ...modules], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, VIRTUAL_ENV: venv } });
  if (result.status !== 0) {
    const reason = (result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n').pop() ?? 'python failed';
    return modules.map((module) => ({ module, error: reason }));
  }
  return result.stdout
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const [module = '', error = ''] = line.split('\t');
      return { module, error };
    });
}
