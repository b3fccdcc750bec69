// The export generators as pure functions of a 3-service config: systemd units, pm2 ecosystem, compose.yaml, Procfile.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ResolvedService } from '../../src/config/types.js';
import { exportCompose, exportPm2, exportProcfile, exportSystemd, type ExportInput } from '../../src/project/export/index.js';
import { systemdAssignment, systemdWord } from '../../src/project/export/systemd.js';
import { configuredService } from '../helpers/make-config.js';

const ROOT = `/home/me/my "app" $x`;

function service(overrides: Partial<ResolvedService> & Pick<ResolvedService, 'name' | 'command'>): ResolvedService {
  return configuredService({ cwd: ROOT, ...overrides });
}

const INPUT: ExportInput = {
  project: 'demo',
  root: ROOT,
  services: [
    {
      service: service({
        name: 'db',
        command: ['node', 'db.js'],
        ports: [5432],
        health: { check: { kind: 'tcp', host: '127.0.0.1', port: 5432 }, intervalMs: 2000, timeoutMs: 1000, retries: 3, startPeriodMs: 500, startTimeoutMs: 120_000 },
      }),
      envFiles: [],
      env: { PORT: '5432' },
    },
    {
      service: service({
        name: 'api',
        command: 'node server.js --name "a b"',
        cwd: `${ROOT}/api`,
        ports: [4000],
        dependsOn: { db: 'healthy', migrate: 'completed' },
        health: { check: { kind: 'http', url: 'http://127.0.0.1:4000/health', expectStatus: [] }, intervalMs: 2000, timeoutMs: 1000, retries: 3, startPeriodMs: 0, startTimeoutMs: 120_000 },
        restart: 'always',
        stopSignal: 'SIGINT',
        stopTimeoutMs: 1500,
      }),
      envFiles: [`${ROOT}/.env`],
      env: { LOG_LEVEL: 'debug', GREETING: 'hello "world" 100%' },
    },
    { service: service({ name: 'migrate', command: ['node', 'migrate.js'], restart: 'no' }), envFiles: [], env: {} },
  ],
};

describe('export systemd', () => {
  const result = exportSystemd(INPUT);

  it('writes one unit per service', () => {
    expect(result.files.map((file) => file.name)).toEqual(['stackctl-demo-db.service', 'stackctl-demo-api.service', 'stackctl-demo-migrate.service']);
    expect(result.files[1]?.content).toBe(`[Unit]
Description=stackctl demo: api
After=stackctl-demo-db.service stackctl-demo-migrate.service
Requires=stackctl-demo-db.service stackctl-demo-migrate.service
StartLimitIntervalSec=60s
StartLimitBurst=5

[Service]
Type=simple
WorkingDirectory=/home/me/my "app" $x/api
EnvironmentFile=/home/me/my "app" $x/.env
Environment=LOG_LEVEL=debug
Environment="GREETING=hello \\"world\\" 100%%"
ExecStart=/bin/sh -c "node server.js --name \\"a b\\""
Restart=always
RestartSec=1
KillSignal=SIGINT
TimeoutStopSec=1500ms
KillMode=control-group

[Install]
WantedBy=default.target
`);
    expect(result.files[2]?.content).toContain('\nExecStart=node migrate.js\nRestart=no\n');
    expect(result.files[2]?.content).not.toContain('StartLimitBurst');
  });

  it('quotes ExecStart words with spaces, quotes, $ and %', () => {
    expect(systemdWord('plain')).toBe('plain');
    expect(systemdWord('/my dir/$HOME/50%')).toBe('"/my dir/$$HOME/50%%"');
    expect(systemdWord(`it's`)).toBe(`"it's"`);
    expect(systemdAssignment('A', 'x$y')).toBe('A=x$y');
  });

  it('lists what does not translate', () => {
    expect(result.notes).toEqual(
      expect.arrayContaining([
        'db: health check not translated (systemd has none; use ExecStartPost= or a watchdog)',
        'api: depends_on db: healthy becomes After=/Requires= (waits only for started)',
        'api: depends_on migrate: completed becomes After=/Requires= (waits only for started)',
      ]),
    );
  });
});

describe('export pm2', () => {
  it('writes apps without an interpreter, shell strings through /bin/sh -c', () => {
    const result = exportPm2(INPUT);
    const content = result.files[0]?.content ?? '';
    expect(result.files[0]?.name).toBe('ecosystem.config.js');
    const module = { exports: {} as { apps: unknown[] } };
    new Function('module', content)(module);
    expect(module.exports.apps[1]).toEqual({
      name: 'api',
      script: '/bin/sh',
      args: ['-c', 'node server.js --name "a b"'],
      interpreter: 'none',
      cwd: `${ROOT}/api`,
      env: { LOG_LEVEL: 'debug', GREETING: 'hello "world" 100%' },
      autorestart: true,
      max_restarts: 5,
      kill_timeout: 1500,
    });
    expect(module.exports.apps[0]).toMatchObject({ script: 'node', args: ['db.js'], autorestart: true, stop_exit_codes: [0] });
    expect(module.exports.apps[2]).toMatchObject({ autorestart: false });
    expect(result.notes).toEqual(
      expect.arrayContaining(['db: health check not translated (pm2 has none)', 'api: depends_on migrate: completed has no pm2 equivalent']),
    );
  });
});

describe('export pm2 for a "type": "module" package', () => {
  it('names the file ecosystem.config.cjs, in the start hint too', () => {
    const result = exportPm2({ ...INPUT, jsIsEsm: true });
    expect(result.files.map((file) => file.name)).toEqual(['ecosystem.config.cjs']);
    expect(result.files[0]?.content).toMatch(/Start with: pm2 start ecosystem\.config\.cjs\nmodule\.exports = /);
  });
});

describe('export compose', () => {
  const result = exportCompose(INPUT);
  const doc = parse(result.files[0]?.content ?? '') as { name: string; services: Record<string, Record<string, unknown>> };

  it('is valid YAML that reads back to the intended structure', () => {
    expect(doc.name).toBe('demo');
    expect(Object.keys(doc.services)).toEqual(['db', 'api', 'migrate']);
    expect(doc.services.api).toEqual({
      image: 'node:20',
      volumes: [`${ROOT}:/app`],
      working_dir: '/app/api',
      command: ['/bin/sh', '-c', 'node server.js --name "a b"'],
      env_file: [`${ROOT}/.env`],
      environment: { LOG_LEVEL: 'debug', GREETING: 'hello "world" 100%' },
      ports: ['4000:4000'],
      depends_on: { db: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } },
      healthcheck: {
        test: ['CMD', 'node', '-e', 'fetch("http://127.0.0.1:4000/health").then(r=>process.exit(r.status>=200&&r.status<400?0:1),()=>process.exit(1))'],
        interval: '2s',
        timeout: '1s',
        retries: 3,
        start_period: '0s',
      },
      restart: 'always',
      stop_signal: 'SIGINT',
      stop_grace_period: '1500ms',
    });
    expect(doc.services.db).toMatchObject({
      working_dir: '/app',
      command: ['node', 'db.js'],
      restart: 'on-failure:5',
      healthcheck: { test: ['CMD', 'node', '-e', `require('net').connect(5432,"127.0.0.1").on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`] },
    });
  });

  it('quotes `no` so YAML 1.1 parsers read a string', () => {
    expect(result.files[0]?.content).toContain('restart: "no"');
    expect(parse(result.files[0]?.content ?? '', { version: '1.1' }).services.migrate.restart).toBe('no');
  });
});

describe('export procfile', () => {
  it('writes one line per service, cd into its folder, argv shell-quoted', () => {
    const result = exportProcfile({
      ...INPUT,
      services: [...INPUT.services, { service: service({ name: 'odd', command: ['echo', "it's"] }), envFiles: [], env: {} }],
    });
    expect(result.files).toEqual([
      { name: 'Procfile', content: `db: node db.js\napi: cd api && node server.js --name "a b"\nmigrate: node migrate.js\nodd: echo 'it'\\''s'\n` },
    ]);
    expect(result.notes).toContain('api: depends_on not translated (all start at once)');
  });
});
