// Detects a Python web backend in one folder: FastAPI (uvicorn), Django (manage.py) or Flask, from requirements/pyproject.
import type { DetectedService } from './detected.js';
import { healthRoute } from './health-route.js';
import { portInSource } from './code-ports.js';
import { portFromCommand, portFromDotenv } from './port-sources.js';
import { joinPath, type ProjectFiles } from './project-files.js';
import { folderName } from './node-detector.js';

const APP_FILES = ['main.py', 'app.py', 'app/main.py', 'src/main.py', 'server.py', 'wsgi.py', 'api.py'];

/** The backend a folder holds, or null when it has no recognised Python web framework. */
export function detectPythonService(files: ProjectFiles, dir: string): DetectedService | null {
  const read = (file: string): string | null => files.read(joinPath(dir, file));
  const deps = [read('requirements.txt'), read('pyproject.toml'), read('Pipfile')].filter((text) => text !== null).join('\n').toLowerCase();
  const manage = read('manage.py');
  const run = runnerPrefix(files, dir);
  const name = folderName(dir) ?? 'api';
  const health = (extra: readonly string[] = []): DetectedService['health'] => {
    const route = healthRoute(files, dir, extra);
    return route === null ? { kind: 'tcp' } : { kind: 'http', path: route };
  };
  const hinted = hintedPort(files, dir);

  if (/\b(fastapi|uvicorn)\b/.test(deps)) {
    const app = findApp(files, dir, /(\w+)\s*=\s*FastAPI\(/) ?? { module: 'main', variable: 'app' };
    const port = hinted ?? { port: 8000, source: 'uvicorn default' };
    return {
      name, cwd: dir, role: 'backend', framework: 'FastAPI', port: port.port, portSource: port.source,
      command: `${run}uvicorn ${app.module}:${app.variable} --reload --port ${port.port}`,
      health: health(),
    };
  }
  if (manage !== null || /\bdjango\b/.test(deps)) {
    if (manage === null) return null;
    const port = hinted ?? { port: 8000, source: 'Django default' };
    const urls = files.folders(dir).map((folder) => `${folder}/urls.py`);
    return {
      name, cwd: dir, role: 'backend', framework: 'Django', port: port.port, portSource: port.source,
      command: `${run}python manage.py runserver ${port.port}`,
      health: health(urls),
    };
  }
  if (/\bflask\b/.test(deps)) {
    const app = findApp(files, dir, /(\w+)\s*=\s*Flask\(/) ?? { module: 'app', variable: 'app' };
    const port = hinted ?? { port: 5000, source: 'Flask default' };
    return {
      name, cwd: dir, role: 'backend', framework: 'Flask', port: port.port, portSource: port.source,
      command: `${run}flask --app ${app.module} run --debug --port ${port.port}`,
      health: health(),
    };
  }
  return null;
}

/**
 * `uv run `, `poetry run `, `pipenv run ` when their lockfile governs the folder: in it, or in a folder above it
 * (a uv or poetry workspace root); else nothing (stackctl puts a `.venv` it finds first on PATH).
 */
function runnerPrefix(files: ProjectFiles, dir: string): string {
  for (const folder of foldersUp(dir)) {
    if (files.read(joinPath(folder, 'uv.lock')) !== null) return 'uv run ';
    if (files.read(joinPath(folder, 'poetry.lock')) !== null) return 'poetry run ';
    if (folder === dir && files.read(joinPath(folder, 'Pipfile.lock')) !== null) return 'pipenv run ';
  }
  return '';
}

/** `apps/api`, `apps`, `.`: a relative folder and each one above it up to the project root. */
function foldersUp(dir: string): string[] {
  const parts = dir === '.' ? [] : dir.split('/');
  const folders: string[] = [];
  for (let length = parts.length; length > 0; length -= 1) folders.push(parts.slice(0, length).join('/'));
  return [...folders, '.'];
}

/** The module and variable of the app object, e.g. `app.main` / `app` for `app = FastAPI()` in app/main.py. */
function findApp(files: ProjectFiles, dir: string, pattern: RegExp): { module: string; variable: string } | null {
  for (const file of APP_FILES) {
    const match = pattern.exec(files.read(joinPath(dir, file)) ?? '');
    if (match?.[1] !== undefined) return { module: file.replace(/\.py$/, '').replace(/\//g, '.'), variable: match[1] };
  }
  return null;
}

/**
 * A port written next to the run command: `--port 8001` / `runserver 8001` in a Makefile, script or Procfile
 * line; `uvicorn.run(…, port=8001)` or `os.getenv("PORT", 8001)` in the app; `PORT=` in .env, then .env.example.
 */
function hintedPort(files: ProjectFiles, dir: string): { port: number; source: string } | null {
  for (const file of ['Makefile', 'run.sh', 'start.sh', 'justfile', 'Procfile', ...APP_FILES]) {
    const text = files.read(joinPath(dir, file));
    if (text === null) continue;
    const flag = portFromCommand(text);
    const port = flag ?? (file.endsWith('.py') ? (portInSource(text)?.port ?? null) : null);
    if (port !== null) return { port, source: file };
  }
  const env = portFromDotenv(files, dir, { example: true });
  return env === null ? null : { port: env.port, source: env.file };
}
