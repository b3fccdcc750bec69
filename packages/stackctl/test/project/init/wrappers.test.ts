// init splits wrapper scripts (concurrently, npm-run-all, run-p, `&`, cd/--prefix) into their components and leaves the wrapper out.
import { describe, expect, it } from 'vitest';
import { initProject, pkg } from './init-project.js';

const names = (plan: { services: ReadonlyArray<{ name: string; command: string; cwd: string; port?: number }> }): Array<[string, string, string, number | undefined]> =>
  plan.services.map((service) => [service.name, service.command, service.cwd, service.port]);

describe('init: wrapper scripts', () => {
  it('concurrently with quoted commands: cd spa && npm start, npm run dev --prefix svc (folders init would not look in on its own)', async () => {
    const { plan } = await initProject({
      'package.json': pkg({ scripts: { dev: `concurrently --kill-others "npm run dev --prefix svc" "cd spa && npm start"` }, devDependencies: { concurrently: '9' } }),
      'svc/package.json': pkg({ scripts: { dev: 'node index.js' }, dependencies: { express: '4' } }),
      'svc/index.js': 'app.listen(process.env.PORT || 3001);\n',
      'spa/package.json': pkg({ scripts: { start: 'vite' }, devDependencies: { vite: '5' } }),
      'spa/vite.config.js': "export default { server: { proxy: { '/api': 'http://localhost:3001' } } };\n",
    });
    expect(names(plan)).toEqual([
      ['svc', 'npm run dev', 'svc', 3001],
      ['spa', 'npm run start', 'spa', 5173],
    ]);
    expect(plan.services[1]?.dependsOn).toEqual({ svc: 'healthy' });
  });

  it('npm-run-all --parallel dev:* and run-p, with the scripts they name; a wrapper inside a wrapper splits too', async () => {
    const { plan } = await initProject({
      'package.json': pkg({
        scripts: { dev: 'npm-run-all --parallel dev:*', 'dev:api': 'node server.js', 'dev:web': 'run-p web:*', 'web:vite': 'vite', 'web:types': 'tsc --watch' },
        dependencies: { express: '4' },
        devDependencies: { vite: '5', 'npm-run-all': '4' },
      }),
      'server.js': 'app.listen(4100);\n',
    });
    expect(names(plan)).toEqual([
      ['api', 'npm run dev:api', '.', 4100],
      ['web', 'npm run web:vite', '.', 5173],
    ]);
  });

  it('a single & sends a server to the background: both halves are services', async () => {
    const { plan } = await initProject({
      'package.json': pkg({ scripts: { dev: 'node api.js & vite' }, dependencies: { express: '4' }, devDependencies: { vite: '5' } }),
      'api.js': 'const port = process.env.PORT || 4200;\n',
    });
    expect(names(plan)).toEqual([
      ['api', 'node api.js', '.', 4200],
      ['web', 'vite', '.', 5173],
    ]);
  });

  it('nx run-many -t serve picks that script in each workspace', async () => {
    const { plan } = await initProject({
      'package.json': pkg({ scripts: { dev: 'nx run-many -t serve' }, workspaces: ['apps/*'] }),
      'apps/api/package.json': pkg({ scripts: { dev: 'tsc -w', serve: 'node main.js' }, dependencies: { express: '4' } }),
      'apps/api/main.js': 'app.listen(3333);\n',
    });
    expect(names(plan)).toEqual([['api', 'npm run serve', 'apps/api', 3333]]);
  });

  it('a start script that runs stackctl itself is no service: the scripts that each start a file are (build and test scripts left out)', async () => {
    const { plan } = await initProject({
      'package.json': pkg({
        scripts: { start: 'stackctl setup && stackctl up', api: 'node --env-file=.env api/server.js', worker: 'node worker/worker.js', build: 'node build.js', test: 'node --test' },
        devDependencies: { vite: '8' },
      }),
      'api/server.js': 'server.listen(process.env.PORT ?? 4000);\n',
    });
    expect(names(plan)).toEqual([
      ['api', 'npm run api', '.', 4000],
      ['worker', 'npm run worker', '.', undefined],
    ]);
  });
});
