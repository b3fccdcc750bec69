// init on whole projects: a Procfile, a pnpm monorepo with web + api, compose databases as hints; and the file's round trip.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { detectProject, memoryProjectFiles, writeConfig } from '../../../src/project/init/index.js';
import { initProject, pkg, shape } from './init-project.js';

describe('init: projects', () => {
  it('procfile: its processes, $PORT numbered like foreman', async () => {
    const { plan, config } = await initProject({
      Procfile: 'web: node server.js --port $PORT\nworker: node worker.js\n# comment\napi: uvicorn main:app --port 8001\n',
    });
    expect(shape(plan)).toEqual([
      { name: 'web', command: 'node server.js --port $PORT', cwd: '.', port: 5000, health: { kind: 'tcp' } },
      { name: 'worker', command: 'node worker.js', cwd: '.', port: undefined, health: undefined },
      { name: 'api', command: 'uvicorn main:app --port 8001', cwd: '.', port: 8001, health: { kind: 'tcp' } },
    ]);
    expect(Object.keys(config.services)).toEqual(['web', 'worker', 'api']);
  });

  it('monorepo: pnpm workspaces web (Vite) + api (Express), the root turbo script skipped, web depends on the api its proxy targets', async () => {
    const { plan, config, yaml } = await initProject({
      'package.json': pkg({ scripts: { dev: 'turbo dev' }, devDependencies: { turbo: '2' } }),
      'pnpm-lock.yaml': 'lockfileVersion: 9\n',
      'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n',
      'apps/web/package.json': pkg({ scripts: { dev: 'vite --port 5180' }, devDependencies: { vite: '5' } }),
      'apps/web/vite.config.ts': "export default defineConfig({ server: { proxy: { '/api': { target: 'http://localhost:4000', changeOrigin: true } } } });\n",
      'apps/api/package.json': pkg({ scripts: { dev: 'tsx watch src/index.ts' }, dependencies: { express: '4' } }),
      'apps/api/src/index.ts': "app.get('/health', (_req, res) => res.json({ ok: true }));\napp.listen(process.env.PORT || 4000);\n",
      'packages/ui/package.json': pkg({ scripts: { dev: 'tsup --watch' } }),
    });
    expect(shape(plan)).toEqual([
      { name: 'api', command: 'pnpm dev', cwd: 'apps/api', port: 4000, health: { kind: 'http', path: '/health' } },
      { name: 'web', command: 'pnpm dev', cwd: 'apps/web', port: 5180, health: { kind: 'http', path: '/' }, dependsOn: { api: 'healthy' } },
    ]);
    expect(config.services.web?.dependsOn).toEqual({ api: 'healthy' });
    expect(yaml).toContain('cwd: ./apps/web');
  });

  it('monorepo: npm workspaces, api (Express) reads `process.env.PORT || 3000`, web (Next) defaults to 3000 — web is the one moved', async () => {
    const { plan } = await initProject({
      'package.json': pkg({ workspaces: ['web', 'api'] }),
      'web/package.json': pkg({ scripts: { dev: 'next dev' }, dependencies: { next: '14' } }),
      'api/package.json': pkg({ scripts: { dev: 'node --watch server.js' }, dependencies: { express: '4' } }),
      'api/server.js': 'const port = process.env.PORT || 3000;\napp.listen(port);\n',
    });
    expect(plan.services.map((service) => [service.name, service.port])).toEqual([
      ['web', 3001],
      ['api', 3000],
    ]);
    expect(plan.services[0]?.notes[0]).toBe("Next.js's default 3000 is api's: this one gets 3001 through PORT");
  });

  it('a frontend waits only for the backend its env points at, not for every other dev script; without a target, for none (said in a comment)', async () => {
    const { plan, yaml } = await initProject({
      'package.json': pkg({ workspaces: ['apps/*'] }),
      'apps/web/package.json': pkg({ scripts: { dev: 'vite' }, devDependencies: { vite: '5' } }),
      'apps/web/.env.development': 'VITE_API_URL=http://localhost:4000/api\nVITE_SENTRY_DSN=https://x@sentry.io/1\n',
      'apps/api/package.json': pkg({ scripts: { dev: 'node main.js' }, dependencies: { express: '4' } }),
      'apps/api/main.js': 'app.listen(4000);\n',
      'apps/auth/package.json': pkg({ scripts: { dev: 'node main.js' }, dependencies: { express: '4' } }),
      'apps/auth/main.js': 'app.listen(4001);\n',
      'apps/storybook/package.json': pkg({ scripts: { dev: 'storybook dev -p 6007' }, devDependencies: { storybook: '8', vite: '5' } }),
      'apps/admin/package.json': pkg({ scripts: { dev: 'vite --port 5180' }, devDependencies: { vite: '5' } }),
    });
    const deps = Object.fromEntries(plan.services.map((service) => [service.name, service.dependsOn]));
    expect(deps).toEqual({ admin: {}, api: {}, auth: {}, storybook: {}, web: { api: 'healthy' } });
    expect(plan.services.find((service) => service.name === 'storybook')).toMatchObject({ role: 'tool', port: 6007 });
    expect(yaml).toContain('# no dev proxy or API URL found: it waits for no service (add depends_on if it needs one)');
  });

  it('compose: postgres and redis as commented hints only', async () => {
    const { plan, yaml, config } = await initProject({
      'package.json': pkg({ scripts: { dev: 'fastify start -w -l info app.js' }, dependencies: { fastify: '4' } }),
      'docker-compose.yml':
        'services:\n  db:\n    image: postgres:16\n    ports: ["5433:5432"]\n  cache:\n    image: redis:7-alpine\n  mailer:\n    build: .\n',
    });
    expect(plan.hints).toEqual([
      { name: 'db', image: 'postgres:16', kind: 'PostgreSQL', ports: [5433] },
      { name: 'cache', image: 'redis:7-alpine', kind: 'Redis', ports: [6379] },
    ]);
    expect(Object.keys(config.services)).toEqual(['api']);
    expect(yaml).toMatch(/^# {3}db: PostgreSQL \(postgres:16\) on port 5433$/m);
    expect(yaml).toContain('stackctl does not run containers');
  });

  it('writes names and commands that need quoting so that they read back the same', () => {
    const files = memoryProjectFiles({
      Procfile: "web: node -e 'console.log(\"#1: yes\")' --port $PORT\nclock: echo \"a: b\" # not a comment\n",
    });
    const text = writeConfig(detectProject(files), { name: 'demo' });
    const back = parse(text) as { name: string; services: Record<string, { command: string }> };
    expect(back.name).toBe('demo');
    expect(back.services.web?.command).toBe("node -e 'console.log(\"#1: yes\")' --port $PORT");
    expect(back.services.clock?.command).toBe('echo "a: b" # not a comment');
  });

  it('an empty project gets an empty services map and a comment saying so', () => {
    const text = writeConfig(detectProject(memoryProjectFiles({})));
    expect(text).toContain('Nothing runnable was recognised');
    expect(parse(text)).toEqual({ services: {} });
  });
});
