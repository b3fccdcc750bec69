// init on the seven project shapes of test/fixtures/projects: services, commands, cwds, ports, checks and dependencies as written.
import { describe, expect, it } from 'vitest';
import { initFixture } from './fixture-projects.js';
import { shape } from './init-project.js';

describe('init on real project shapes', () => {
  it('express + vite through concurrently: the wrapper split into server and client, the client waits for its proxy target, the e-mail preview for nobody', async () => {
    const { plan, config, yaml } = await initFixture('express-vite-concurrently');
    expect(shape(plan)).toEqual([
      { name: 'server', command: 'npm run dev:server', cwd: '.', port: 5000, health: { kind: 'http', path: '/health' } },
      { name: 'client', command: 'npm run dev:client', cwd: '.', port: 5173, health: { kind: 'http', path: '/' }, dependsOn: { server: 'healthy' } },
      { name: 'emails', command: 'npm run dev', cwd: 'emails', port: 3030, health: { kind: 'http', path: '/' } },
    ]);
    expect(yaml).not.toContain('concurrently');
    expect(yaml).toContain('# Vite, port from client/vite.config.js');
    expect(config.services.server?.env.PORT).toBe('5000');
  });

  it('express at the root, vite in frontend/: the port from `process.env.PORT || 8080`, the frontend waits for its proxy target', async () => {
    const { plan } = await initFixture('express-root-vite-frontend');
    expect(shape(plan)).toEqual([
      { name: 'api', command: 'npm run dev', cwd: '.', port: 8080, health: { kind: 'tcp' } },
      { name: 'frontend', command: 'npm run dev', cwd: 'frontend', port: 5173, health: { kind: 'http', path: '/' }, dependsOn: { api: 'healthy' } },
    ]);
  });

  it('pnpm + turbo: the root task becomes the workspaces’ own services; web waits for the api its Next rewrites point at, not for docs', async () => {
    const { plan, yaml } = await initFixture('pnpm-turbo-monorepo');
    expect(shape(plan)).toEqual([
      { name: 'api', command: 'pnpm dev', cwd: 'apps/api', port: 4000, health: { kind: 'http', path: '/health' } },
      { name: 'docs', command: 'pnpm dev', cwd: 'apps/docs', port: 5174, health: { kind: 'http', path: '/' } },
      { name: 'web', command: 'pnpm dev', cwd: 'apps/web', port: 3000, health: { kind: 'http', path: '/' }, dependsOn: { api: 'healthy' } },
    ]);
    expect(yaml).not.toContain('turbo');
    expect(yaml).toContain('http: http://localhost:3000/\n      start_period: 30s');
  });

  it('bun + uv monorepo: uv run from the workspace root’s uv.lock, bun for the frontend, postgres from compose as a hint', async () => {
    const { plan } = await initFixture('bun-uv-monorepo');
    expect(shape(plan)).toEqual([
      { name: 'frontend', command: 'bun run dev', cwd: 'frontend', port: 5173, health: { kind: 'http', path: '/' }, dependsOn: { backend: 'healthy' } },
      { name: 'backend', command: 'uv run uvicorn app.main:app --reload --port 8000', cwd: 'backend', port: 8000, health: { kind: 'http', path: '/health' } },
    ]);
    expect(plan.hints.map((hint) => hint.kind)).toContain('PostgreSQL');
  });

  it('fastapi at the root, vite in app/: the frontend waits for the api VITE_API_URL names', async () => {
    const { plan } = await initFixture('fastapi-root-vite-app');
    expect(shape(plan)).toEqual([
      { name: 'api', command: 'uvicorn main:app --reload --port 8000', cwd: '.', port: 8000, health: { kind: 'http', path: '/healthz' } },
      { name: 'app', command: 'npm run dev', cwd: 'app', port: 3000, health: { kind: 'http', path: '/' }, dependsOn: { api: 'healthy' } },
    ]);
  });

  it('procfile on Redis: web gets the port its file listens on and its /health check, the worker none; Redis noted with its install command', async () => {
    const { plan, yaml, config } = await initFixture('procfile-redis');
    expect(shape(plan)).toEqual([
      { name: 'web', command: 'node web.js', cwd: '.', port: 5000, health: { kind: 'http', path: '/health' } },
      { name: 'worker', command: 'node worker.js', cwd: '.', port: undefined, health: undefined },
    ]);
    expect(yaml).toContain('# web, worker need Redis (bull), and redis-server is not installed.');
    expect(yaml).toContain('sudo apt install redis-server');
    expect(yaml).toMatch(/^# {3}redis:\n# {5}command: "mkdir -p \.stackctl\/data\/redis && exec redis-server --port 6379/m);
    expect(Object.keys(config.services)).toEqual(['web', 'worker']);
  });

  it('procfile on Redis with redis-server installed: a native redis service with its data under .stackctl/data, both processes waiting for it', async () => {
    const { plan, config } = await initFixture('procfile-redis', { lookup: (program) => (program === 'redis-server' ? '/usr/bin/redis-server' : null) });
    expect(shape(plan)).toEqual([
      { name: 'web', command: 'node web.js', cwd: '.', port: 5000, health: { kind: 'http', path: '/health' }, dependsOn: { redis: 'healthy' } },
      { name: 'worker', command: 'node worker.js', cwd: '.', port: undefined, health: undefined, dependsOn: { redis: 'healthy' } },
      { name: 'redis', command: 'mkdir -p .stackctl/data/redis && exec /usr/bin/redis-server --port 6379 --bind 127.0.0.1 --dir .stackctl/data/redis', cwd: '.', port: 6379, health: { kind: 'tcp' } },
    ]);
    expect(config.services.worker?.dependsOn).toEqual({ redis: 'healthy' });
  });

  it('needs from dependencies: MongoDB from mongoose; PostgreSQL from psycopg2 (postgres found: initdb on first start, a start_period)', async () => {
    const mongo = await initFixture('express-root-vite-frontend');
    expect(mongo.plan.missing.map((entry) => [entry.kind, entry.because, entry.neededBy])).toEqual([['MongoDB', ['mongoose'], ['api']]]);
    const postgres = await initFixture('django-vite', { lookup: (program) => ({ postgres: '/opt/pg/bin/postgres', initdb: '/opt/pg/bin/initdb' })[program] ?? null });
    const db = postgres.plan.services.find((service) => service.name === 'postgres');
    expect(db?.command).toContain('test -f .stackctl/data/postgres/PG_VERSION || /opt/pg/bin/initdb -D .stackctl/data/postgres');
    expect(postgres.config.services.postgres?.health?.startPeriodMs).toBe(30_000);
    expect(postgres.config.services.backend?.dependsOn).toEqual({ postgres: 'healthy' });
  });

  it('PostgreSQL installed but init runs as root: postgres refuses root, so it is left commented with the reason, and nobody waits for it', async () => {
    const lookup = (program: string): string | null => ({ postgres: '/opt/pg/bin/postgres', initdb: '/opt/pg/bin/initdb' })[program] ?? null;
    const { plan, yaml, config } = await initFixture('django-vite', { lookup, asRoot: true });
    expect(Object.keys(config.services)).toEqual(['frontend', 'backend']);
    expect(config.services.backend?.dependsOn).toEqual({});
    expect(plan.missing.map((entry) => [entry.kind, entry.refusesRoot])).toEqual([['PostgreSQL', true]]);
    expect(yaml).toContain('# backend needs PostgreSQL (psycopg2-binary): postgres is installed, but it refuses to run as root, and stackctl runs as root here.');
    expect(yaml).toMatch(/^# {3}postgres:\n# {5}command: "mkdir -p \.stackctl\/data && \{ test -f \.stackctl\/data\/postgres\/PG_VERSION \|\| \/opt\/pg\/bin\/initdb /m);
    // Redis does run as root: it stays a service.
    const redis = await initFixture('procfile-redis', { lookup: (program) => (program === 'redis-server' ? '/usr/bin/redis-server' : null), asRoot: true });
    expect(Object.keys(redis.config.services)).toEqual(['web', 'worker', 'redis']);
  });

  it('django in backend/, vite in frontend/', async () => {
    const { plan } = await initFixture('django-vite');
    expect(shape(plan)).toEqual([
      { name: 'frontend', command: 'npm run dev', cwd: 'frontend', port: 5173, health: { kind: 'http', path: '/' }, dependsOn: { backend: 'healthy' } },
      { name: 'backend', command: 'python manage.py runserver 8000', cwd: 'backend', port: 8000, health: { kind: 'http', path: '/health' } },
    ]);
  });
});
