// End-to-end: `up` runs a Python service with the project's .venv first on PATH, so `python` is the venv's and its modules import.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { addModule, HAS_PYTHON_VENV, makeVenv } from '../helpers/python-venv.js';
import { pidsOfProject, startCli, waitUntilProjectGone } from './cli-process.js';
import { TempProjects } from './temp-project.js';

const projects = new TempProjects();
afterEach(() => projects.cleanUpAll());

/** A stand-in web framework: only importable from the venv it is written into. */
const STANDIN = `import http.server, os, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ('venv=' + os.environ.get('VIRTUAL_ENV', '') + ' python=' + sys.executable).encode()
        self.send_response(200 if self.path == '/health' else 404)
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
def serve():
    port = int(os.environ['PORT'])
    print('standin serving on', port, 'with', sys.executable, flush=True)
    http.server.HTTPServer(('127.0.0.1', port), Handler).serve_forever()
`;

describe.runIf(HAS_PYTHON_VENV)('up with a project virtualenv', () => {
  it('runs `python app.py` with backend/.venv’s python: the module only the venv has imports, the service gets healthy, Ctrl+C leaves nothing', async () => {
    const port = await freePort();
    const p = projects.create(`services:
  api:
    command: python app.py
    cwd: ./backend
    port: ${port}
    health: { http: "http://127.0.0.1:${port}/health", interval: 200ms }
`);
    fs.mkdirSync(path.join(p.dir, 'backend'));
    fs.writeFileSync(path.join(p.dir, 'backend', 'app.py'), 'import standin_web\nstandin_web.serve()\n');
    addModule(makeVenv(path.join(p.dir, 'backend', '.venv')), 'standin_web', STANDIN);
    const run = startCli(['up'], { cwd: p.dir });
    await run.waitForOutput(/all 1 service\(s\) up/, 30_000);
    expect(run.stdout()).toContain(`with ${path.join(p.dir, 'backend', '.venv', 'bin', 'python')}`);
    const answer = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.text());
    expect(answer).toContain(`venv=${path.join(p.dir, 'backend', '.venv')}`);
    expect(pidsOfProject(p.name).length).toBeGreaterThan(0);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
  }, 60_000);
});
