// Valid configs in YAML, JSON, TS and JS, and the resolved, frozen shape the engine gets.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { DOCUMENTED_SERVICE_DEFAULTS } from '../helpers/make-config.js';
import { dedent, loadProject, removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

const DEFINE_CONFIG = fileURLToPath(new URL('../../src/config/define-config.ts', import.meta.url));

const DESIGN_EXAMPLE = dedent(`
  name: demo                       # project name; default: the folder's name
  services:
    api:
      command: node server.js      # a shell string, or an argv list
      cwd: ./api                   # relative to the config file
      env: { LOG_LEVEL: debug }
      env_file: .env               # a path or a list of paths
      port: 4000                   # or ports: [4000, 9229]
      health:                      # exactly one of http / tcp / exec
        http: http://127.0.0.1:4000/health
        interval: 2s
        timeout: 1s
        retries: 3
        start_period: 10s
      depends_on: { db: healthy }  # started | healthy | completed; a list means started
      restart: on-failure          # no | on-failure | always
      max_restarts: 5              # within restart_window, then state failed
      restart_window: 60s
      stop_signal: SIGTERM
      stop_timeout: 10s
    db:
      command: [postgres, -D, ./data]
      health: { tcp: 5432 }
`);

describe('loadConfig with a YAML config', () => {
  it('resolves the documented example config', async () => {
    const { config, root, warnings } = await loadProject(
      { 'stackctl.yaml': DESIGN_EXAMPLE, 'api/': '', '.env': 'SECRET=s3cret\n' },
      { parentEnv: { HOME: '/home/dev' } },
    );
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({ project: 'demo', root, configPath: path.join(root, 'stackctl.yaml'), source: 'yaml' });
    expect(Object.keys(config.services)).toEqual(['api', 'db']);
    expect(config.services.api).toEqual({
      name: 'api',
      command: 'node server.js',
      cwd: path.join(root, 'api'),
      env: {
        HOME: '/home/dev',
        SECRET: 's3cret',
        LOG_LEVEL: 'debug',
        STACKCTL: '1',
        STACKCTL_SERVICE: 'api',
        STACKCTL_PROJECT: 'demo',
        PORT: '4000',
      },
      ports: [4000],
      health: {
        check: { kind: 'http', url: 'http://127.0.0.1:4000/health', expectStatus: [] },
        intervalMs: 2000,
        timeoutMs: 1000,
        retries: 3,
        startPeriodMs: 10_000,
        startTimeoutMs: 120_000,
      },
      dependsOn: { db: 'healthy' },
      restart: 'on-failure',
      maxRestarts: 5,
      restartWindowMs: 60_000,
      minUptimeMs: 1_000,
      backoffResetMs: 10_000,
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 10_000,
      logs: { maxBytes: 10 * 1024 * 1024, maxFiles: 5 },
    });
    expect(config.services.db).toMatchObject({
      command: ['postgres', '-D', './data'],
      cwd: root,
      ports: [],
      health: { check: { kind: 'tcp', host: '127.0.0.1', port: 5432 }, startPeriodMs: 0 },
    });
  });

  it('applies the documented defaults and names the project after its folder', async () => {
    const { config, root } = await loadProject({ 'stackctl.yaml': 'services:\n  web:\n    command: npm run dev\n' });
    expect(config.project).toBe(path.basename(root));
    expect(config.services.web).toMatchObject({ cwd: root, ...DOCUMENTED_SERVICE_DEFAULTS });
  });

  it('returns a deeply frozen config', async () => {
    const { config } = await loadProject({ 'stackctl.yaml': DESIGN_EXAMPLE, 'api/': '', '.env': '' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.services)).toBe(true);
    expect(Object.isFrozen(config.services.api?.env)).toBe(true);
    expect(Object.isFrozen(config.services.db?.command)).toBe(true);
    expect(Object.isFrozen(config.services.api?.health?.check)).toBe(true);
  });

  it('normalises restart, signals, durations, depends_on lists and health forms', async () => {
    const { config } = await loadProject({
      'stackctl.yaml': dedent(`
        services:
          db:
            command: x
            restart: no
            stop_signal: int
            stop_timeout: 1.5
            health: { tcp: "db.local:5432", interval: 1m30s, timeout: 500ms, start_period: 0, start_timeout: 30s }
          cache:
            command: x
            restart: always
            stop_signal: hup
            health: { tcp: "[::1]:6379" }
          web:
            command: x
            ports: [3000, 9229]
            depends_on: [db, cache]
            health: { http: "https://localhost:3000/", expect_status: 204 }
          job:
            command: x
            health: { exec: [sh, -c, "exit 0"] }
      `),
    });
    const { db, cache, web, job } = config.services;
    expect(db).toMatchObject({ restart: 'no', stopSignal: 'SIGINT', stopTimeoutMs: 1500 });
    expect(db?.health).toMatchObject({
      check: { kind: 'tcp', host: 'db.local', port: 5432 },
      intervalMs: 90_000,
      timeoutMs: 500,
      startPeriodMs: 0,
      startTimeoutMs: 30_000,
    });
    expect(cache).toMatchObject({ restart: 'always', stopSignal: 'SIGHUP' });
    expect(cache?.health?.check).toEqual({ kind: 'tcp', host: '::1', port: 6379 });
    expect(web).toMatchObject({ ports: [3000, 9229], dependsOn: { db: 'started', cache: 'started' } });
    expect(web?.health?.check).toEqual({ kind: 'http', url: 'https://localhost:3000/', expectStatus: [204] });
    expect(job?.health?.check).toEqual({ kind: 'exec', command: ['sh', '-c', 'exit 0'] });
  });

  it('returns warnings alongside a valid config', async () => {
    const { config, warnings } = await loadProject({
      'stackctl.yaml': dedent(`
        services:
          migrate:
            command: npm run migrate
            restart: always
          api:
            command: node server.js
            depends_on: { migrate: completed }
      `),
    });
    expect(config.services.api?.dependsOn).toEqual({ migrate: 'completed' });
    expect(warnings).toEqual([
      expect.objectContaining({
        path: 'services.api.depends_on.migrate',
        line: 7,
        column: 28,
        severity: 'warning',
        message: 'migrate has restart: always, so it never completes',
        formatted: 'stackctl.yaml:7:28 services.api.depends_on.migrate: migrate has restart: always, so it never completes',
      }),
    ]);
  });

  it('accepts YAML anchors and merge keys', async () => {
    const { config } = await loadProject({
      'stackctl.yaml': dedent(`
        services:
          api: &base
            command: node api.js
            restart: always
            stop_timeout: 3s
          worker:
            <<: *base
            command: node worker.js
      `),
    });
    expect(config.services.worker).toMatchObject({ command: 'node worker.js', restart: 'always', stopTimeoutMs: 3000 });
  });
});

describe('loadConfig with JSON, TS and JS configs', () => {
  it('reads stackctl.json, with $schema allowed and restart: false meaning no', async () => {
    const json = { $schema: './schema/stackctl.schema.json', services: { api: { command: ['node', 'api.js'], port: 4000, restart: false } } };
    const { config } = await loadProject({ 'stackctl.json': JSON.stringify(json, null, 2) });
    expect(config.source).toBe('json');
    expect(config.services.api).toMatchObject({ command: ['node', 'api.js'], ports: [4000], restart: 'no' });
  });

  it('reads stackctl.config.ts written with defineConfig', async () => {
    const source = dedent(`
      import { defineConfig } from ${JSON.stringify(DEFINE_CONFIG)};
      const apiPort: number = 4100;
      export default defineConfig({
        name: 'typed',
        services: {
          api: { command: 'node api.js', port: apiPort, health: { http: 'http://127.0.0.1:4100/health' } },
          web: { command: ['npm', 'run', 'dev'], depends_on: { api: 'healthy' } },
        },
      });
    `);
    const { config } = await loadProject({ 'stackctl.config.ts': source });
    expect(config.source).toBe('ts');
    expect(config.project).toBe('typed');
    expect(config.services.api?.env.PORT).toBe('4100');
    expect(config.services.web?.dependsOn).toEqual({ api: 'healthy' });
  });

  it('reads stackctl.config.mjs exporting a plain object, or a function returning one', async () => {
    const plain = await loadProject({ 'stackctl.config.mjs': 'export default { services: { a: { command: "x" } } };\n' });
    expect(plain.config.source).toBe('js');
    expect(Object.keys(plain.config.services)).toEqual(['a']);
    const factory = await loadProject({
      'stackctl.config.js': 'export default async () => ({ services: { b: { command: "y", port: 1234 } } });\n',
    });
    expect(factory.config.services.b?.ports).toEqual([1234]);
  });

  it('reports a module that throws as a config problem', async () => {
    const root = tempProject({ 'stackctl.config.ts': 'throw new Error("boom");\nexport default {};\n' });
    const error = await loadConfig({ cwd: root, parentEnv: {} }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'E_CONFIG_INVALID', details: ['stackctl.config.ts:1:7: threw an error: boom'] });
  });
});
