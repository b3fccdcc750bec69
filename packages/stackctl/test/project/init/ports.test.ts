// init reads ports from the code: the entry file's PORT fallback or listen(), .env / .env.example, a --config file; says so when it cannot tell.
import { describe, expect, it } from 'vitest';
import { entryFromScript, portInSource } from '../../../src/project/init/code-ports.js';
import { portFromCommand } from '../../../src/project/init/port-sources.js';
import { initProject, pkg } from './init-project.js';

describe('init: ports from the code', () => {
  it('express: `process.env.PORT || 5000` in the file the script runs gives 5000, not a guessed 3000', async () => {
    const { plan, yaml, config } = await initProject({
      'package.json': pkg({ scripts: { dev: 'nodemon backend/server.js' }, dependencies: { express: '4' } }),
      'backend/server.js': "const express = require('express');\nconst PORT = process.env.PORT || 5000;\napp.listen(PORT);\n",
    });
    expect(plan.services[0]).toMatchObject({ name: 'api', port: 5000, portSource: 'backend/server.js (its fallback when PORT is unset)' });
    expect(config.services.api?.ports).toEqual([5000]);
    expect(yaml).toContain('# Express, port from backend/server.js (its fallback when PORT is unset)');
  });

  it('.env wins over the code’s PORT fallback; a literal listen(8080) wins over .env; .env.example counts', async () => {
    const fallback = await initProject({
      'package.json': pkg({ scripts: { dev: 'node index.js' }, dependencies: { express: '4' } }),
      'index.js': 'app.listen(process.env.PORT ?? 5000);\n',
      '.env': 'PORT=4001\n',
    });
    expect(fallback.plan.services[0]).toMatchObject({ port: 4001, portSource: '.env' });
    const literal = await initProject({
      'package.json': pkg({ main: 'src/app.js', scripts: { start: 'node .' }, dependencies: { express: '4' } } as never),
      'src/app.js': "const db = { port: 5432 };\napp.listen(8080, () => console.log('up'));\n",
      '.env': 'PORT=4001\n',
    });
    expect(literal.plan.services[0]).toMatchObject({ port: 8080, portSource: 'src/app.js' });
    const example = await initProject({
      'package.json': pkg({ scripts: { dev: 'tsx watch src/index.ts' }, dependencies: { express: '4' } }),
      'src/index.ts': 'app.listen(port);\n',
      '.env.example': 'DATABASE_URL=\nPORT=4500\n',
    });
    expect(example.plan.services[0]).toMatchObject({ port: 4500, portSource: '.env.example' });
  });

  it('cannot tell: no port written, a comment says so', async () => {
    const { plan, yaml, config } = await initProject({
      'package.json': pkg({ scripts: { dev: 'node server.js' }, dependencies: { express: '4' } }),
      'server.js': 'app.listen(config.httpPort);\n',
    });
    expect(plan.services[0]?.port).toBeUndefined();
    expect(config.services.api?.ports).toEqual([]);
    expect(yaml).toContain('# port: no port found in the dev script, the entry file or .env: add `port:` and a `health:` check');
  });

  it('vite: the config file the script points at with --config', async () => {
    const { plan } = await initProject({
      'package.json': pkg({ scripts: { dev: 'vite --config config/vite.config.js' }, devDependencies: { vite: '5' } }),
      'config/vite.config.js': 'export default { server: { port: 5175, proxy: { "/api": "http://localhost:5000" } } };\n',
    });
    expect(plan.services[0]).toMatchObject({ name: 'web', port: 5175, portSource: 'config/vite.config.js' });
  });

  it('python: runserver 0.0.0.0:8010 in a Makefile, os.getenv("PORT", 8002) in main.py, PORT in .env.example', async () => {
    const django = await initProject({ 'manage.py': '', 'requirements.txt': 'django\n', Makefile: 'run:\n\tpython manage.py runserver 0.0.0.0:8010\n' });
    expect(django.plan.services[0]).toMatchObject({ command: 'python manage.py runserver 8010', port: 8010 });
    const fastapi = await initProject({
      'requirements.txt': 'fastapi\nuvicorn\n',
      'main.py': 'app = FastAPI()\nif __name__ == "__main__":\n    uvicorn.run(app, port=int(os.getenv("PORT", 8002)))\n',
    });
    expect(fastapi.plan.services[0]).toMatchObject({ port: 8002, portSource: 'main.py' });
    const flask = await initProject({ 'requirements.txt': 'flask\n', 'app.py': 'app = Flask(__name__)\n', '.env.example': 'PORT=5050\n' });
    expect(flask.plan.services[0]).toMatchObject({ port: 5050, portSource: '.env.example' });
  });

  it('reads the pieces: entry files of scripts, source patterns, command flags', () => {
    expect(entryFromScript('cross-env NODE_ENV=dev nodemon --watch src src/server.ts')).toBe('src/server.ts');
    expect(entryFromScript('tsc && node ./dist/main.js')).toBe('dist/main.js');
    expect(entryFromScript('vite')).toBeNull();
    expect(portInSource('const port = Number(process.env.PORT) || 3001')).toEqual({ port: 3001, readsEnv: true });
    expect(portInSource("fastify.listen({ port: 3002, host: '0.0.0.0' })")).toEqual({ port: 3002, readsEnv: false });
    expect(portInSource('new Pool({ port: 5432 })')).toBeNull();
    expect(portFromCommand('python manage.py runserver 8001')).toBe(8001);
    expect(portFromCommand('gunicorn -b 0.0.0.0:8003 app:app')).toBe(8003);
  });
});
