// Whether an app's source visibly declares a health route, read from the few files where servers usually live.
import { joinPath, type ProjectFiles } from './project-files.js';

const ENTRY_FILES = [
  'server.js', 'server.ts', 'index.js', 'index.ts', 'app.js', 'app.ts', 'main.ts', 'main.js',
  'src/server.js', 'src/server.ts', 'src/index.js', 'src/index.ts', 'src/app.js', 'src/app.ts', 'src/main.ts', 'src/main.js',
  'src/app.controller.ts', 'src/health.controller.ts', 'src/health/health.controller.ts', 'src/routes/health.ts', 'src/routes/health.js',
  'main.py', 'app.py', 'wsgi.py', 'app/main.py', 'src/main.py', 'urls.py',
];

/** `/health` or `/healthz` when one of the entry files (or a Django project's urls.py) mentions it as a route; else null. */
export function healthRoute(files: ProjectFiles, dir: string, extraFiles: readonly string[] = []): string | null {
  for (const file of [...ENTRY_FILES, ...extraFiles]) {
    const text = files.read(joinPath(dir, file));
    if (text === null) continue;
    const match = /['"`]\/?(healthz?)\/?['"`]/.exec(text);
    if (match?.[1] !== undefined) return `/${match[1]}`;
  }
  return null;
}
