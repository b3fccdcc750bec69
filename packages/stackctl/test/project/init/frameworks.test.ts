// init on one-app projects of every recognised kind: names, commands, cwd, ports, checks — and loadConfig accepts the file.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initProject, pkg, shape } from './init-project.js';

describe('init: JavaScript frameworks', () => {
  it('vite-react: port from vite.config.ts, http check on /', async () => {
    const { plan, config, yaml } = await initProject({
      'package.json': pkg({ scripts: { dev: 'vite', build: 'vite build' }, dependencies: { react: '^18' }, devDependencies: { vite: '^5' } }),
      'package-lock.json': '{}',
      'vite.config.ts': "export default defineConfig({ plugins: [react()], server: { port: 5174 } })\n",
    });
    expect(shape(plan)).toEqual([{ name: 'web', command: 'npm run dev', cwd: '.', port: 5174, health: { kind: 'http', path: '/' } }]);
    expect(config.services.web?.ports).toEqual([5174]);
    expect(config.services.web?.health?.check).toMatchObject({ kind: 'http', url: 'http://localhost:5174/' });
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=/);
    expect(yaml).toContain('# Vite, port from vite.config.ts');
  });

  it('next: port from the -p flag, yarn from yarn.lock', async () => {
    const { plan, config } = await initProject({
      'package.json': pkg({ scripts: { dev: 'next dev -p 3001', start: 'next start' }, dependencies: { next: '14', react: '18' } }),
      'yarn.lock': '',
    });
    expect(shape(plan)).toEqual([{ name: 'web', command: 'yarn dev', cwd: '.', port: 3001, health: { kind: 'http', path: '/' } }]);
    expect(config.services.web?.ports).toEqual([3001]);
  });

  it('nuxt: default 3000', async () => {
    const { plan } = await initProject({ 'package.json': pkg({ scripts: { dev: 'nuxt dev' }, dependencies: { nuxt: '^3' } }) });
    expect(shape(plan)).toEqual([{ name: 'web', command: 'npm run dev', cwd: '.', port: 3000, health: { kind: 'http', path: '/' } }]);
  });

  it('remix: Vite-based 5173; classic 3000', async () => {
    const vite = await initProject({
      'package.json': pkg({ scripts: { dev: 'remix vite:dev' }, dependencies: { '@remix-run/react': '2' }, devDependencies: { '@remix-run/dev': '2', vite: '5' } }),
    });
    expect(vite.plan.services[0]).toMatchObject({ name: 'web', port: 5173, framework: 'Remix (Vite)' });
    const classic = await initProject({
      'package.json': pkg({ scripts: { dev: 'remix dev' }, dependencies: { '@remix-run/serve': '2' }, devDependencies: { '@remix-run/dev': '2' } }),
    });
    expect(classic.plan.services[0]).toMatchObject({ name: 'web', port: 3000, framework: 'Remix' });
  });

  it('astro: port from astro.config.mjs, bun from bun.lockb', async () => {
    const { plan } = await initProject({
      'package.json': pkg({ scripts: { dev: 'astro dev' }, dependencies: { astro: '4' } }),
      'bun.lockb': 'x',
      'astro.config.mjs': 'export default defineConfig({ server: { port: 4400 } });\n',
    });
    expect(shape(plan)).toEqual([{ name: 'web', command: 'bun run dev', cwd: '.', port: 4400, health: { kind: 'http', path: '/' } }]);
  });

  it('astro: default 4321', async () => {
    const { plan } = await initProject({ 'package.json': pkg({ scripts: { dev: 'astro dev' }, dependencies: { astro: '4' } }) });
    expect(plan.services[0]?.port).toBe(4321);
  });

  it('nestjs: start script when there is no dev, /health from the controller', async () => {
    const { plan, config } = await initProject({
      'package.json': pkg({ scripts: { start: 'nest start --watch' }, dependencies: { '@nestjs/core': '10', '@nestjs/platform-express': '10', express: '4' } }),
      'src/health/health.controller.ts': "@Controller('health')\nexport class HealthController {}\n",
      'src/main.ts': 'const app = await NestFactory.create(AppModule);\nawait app.listen(process.env.PORT ?? 3000);\n',
    });
    expect(shape(plan)).toEqual([{ name: 'api', command: 'npm run start', cwd: '.', port: 3000, health: { kind: 'http', path: '/health' } }]);
    expect(config.services.api?.health?.check).toMatchObject({ url: 'http://localhost:3000/health' });
  });

  it('express: PORT from .env, tcp check without a health route', async () => {
    const { plan, config } = await initProject({
      'package.json': pkg({ scripts: { dev: 'nodemon server.js' }, dependencies: { express: '4' } }),
      '.env': 'DATABASE_URL=postgres://x\nPORT=4000\n',
      'server.js': "app.get('/', (req, res) => res.send('hi'));\n",
    });
    expect(shape(plan)).toEqual([{ name: 'api', command: 'npm run dev', cwd: '.', port: 4000, health: { kind: 'tcp' } }]);
    expect(config.services.api?.health?.check).toMatchObject({ kind: 'tcp', port: 4000 });
  });
});

describe('init: Python backends', () => {
  it('fastapi: app module and variable from the source, --port from the Makefile, /health', async () => {
    const { plan, config } = await initProject({
      'requirements.txt': 'fastapi==0.110\nuvicorn[standard]\n',
      'app/main.py': "from fastapi import FastAPI\napi = FastAPI()\n@api.get('/health')\ndef health(): return {}\n",
      'Makefile': 'dev:\n\tuvicorn app.main:api --reload --port 8001\n',
    });
    expect(shape(plan)).toEqual([
      { name: 'api', command: 'uvicorn app.main:api --reload --port 8001', cwd: '.', port: 8001, health: { kind: 'http', path: '/health' } },
    ]);
    expect(config.services.api?.ports).toEqual([8001]);
  });

  it('django: manage.py runserver 8000 in ./backend, with uv', async () => {
    const { plan, config, dir } = await initProject({
      'backend/manage.py': '#!/usr/bin/env python\n',
      'backend/pyproject.toml': '[project]\ndependencies = ["django>=5"]\n',
      'backend/uv.lock': '',
    });
    expect(shape(plan)).toEqual([
      { name: 'backend', command: 'uv run python manage.py runserver 8000', cwd: 'backend', port: 8000, health: { kind: 'tcp' } },
    ]);
    expect(config.services.backend?.cwd).toBe(path.join(dir, 'backend'));
  });

  it('a uv.lock at the workspace root governs a member folder: uv run; a poetry.lock likewise: poetry run', async () => {
    const uv = await initProject({
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["backend"]\n',
      'uv.lock': '',
      'backend/pyproject.toml': '[project]\ndependencies = ["fastapi"]\n',
      'backend/main.py': 'app = FastAPI()\n',
    });
    expect(uv.plan.services.map((service) => [service.name, service.command])).toEqual([['backend', 'uv run uvicorn main:app --reload --port 8000']]);
    const poetry = await initProject({ 'poetry.lock': '', 'backend/manage.py': '', 'backend/pyproject.toml': '[tool.poetry]\n' });
    expect(poetry.plan.services.map((service) => service.command)).toEqual(['poetry run python manage.py runserver 8000']);
  });

  it('flask: default 5000', async () => {
    const { plan } = await initProject({ 'requirements.txt': 'Flask\n', 'app.py': 'app = Flask(__name__)\n' });
    expect(shape(plan)).toEqual([{ name: 'api', command: 'flask --app app run --debug --port 5000', cwd: '.', port: 5000, health: { kind: 'tcp' } }]);
  });
});
