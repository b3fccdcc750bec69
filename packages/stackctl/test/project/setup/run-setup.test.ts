// The runner with real processes: npm offline, setup: commands, env files, up-to-date skips, --force, failures, migrations on SQLite.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSetup, type RunSetupOptions, type SetupEvent, type SetupReport, type TaskResult } from '../../../src/project/setup/index.js';
import { killProject, waitUntilProjectGone } from '../../e2e/cli-process.js';
import { emptyNpmPackage, inFolder, removeSetupProjects, setupProject, type SetupProject } from './setup-project.js';

const projects: SetupProject[] = [];

afterEach(async () => {
  for (const project of projects.splice(0)) {
    const left = await waitUntilProjectGone(project.name);
    killProject(project.name);
    expect(left, 'processes left behind by setup').toEqual([]);
  }
  removeSetupProjects();
});

function project(yaml: string, files: Record<string, string> = {}): SetupProject {
  const created = setupProject(yaml, files);
  projects.push(created);
  return created;
}

async function run(target: SetupProject, options: Partial<RunSetupOptions> = {}): Promise<SetupReport & { byName: Record<string, TaskResult>; events: SetupEvent[] }> {
  const { config, tasks } = await target.plan();
  const events: SetupEvent[] = [];
  const report = await runSetup({ config, tasks, parentEnv: process.env, onEvent: (event) => events.push(event), ...options });
  return { ...report, events, byName: Object.fromEntries(report.results.map(({ task, result }) => [task.name, result])) };
}

const EXAMPLE = '# Session signing key\n# @generate\nSESSION_SECRET=\nLOG_LEVEL=info\n';

describe('runSetup', () => {
  it('installs with npm offline, runs setup: commands, creates .env; a second run skips all; --force redoes all', async () => {
    const p = project(
      `services:\n  api:\n    command: node a.js\n    cwd: ./api\n  worker:\n    command: node w.js\n    cwd: ./worker\n    env_file: .env\n    setup: ["echo \\"run $STACKCTL_SERVICE\\" >> marker.txt", ["node", "-e", "console.log('built')"]]\n`,
      { ...inFolder('api', emptyNpmPackage('api')), 'worker/': '', '.env.example': EXAMPLE },
    );
    const first = await run(p);
    expect(first.byName, JSON.stringify(first.results, null, 2)).toMatchObject({
      'env: .env': { status: 'done', reason: 'created from .env.example' },
      'deps: api (npm)': { status: 'done' },
      'setup: worker': { status: 'done', outputTail: ['built'] },
    });
    expect(first.ok).toBe(true);
    expect(fs.readFileSync(path.join(p.root, 'worker/marker.txt'), 'utf8')).toBe('run worker\n');
    const envFile = path.join(p.root, '.env');
    expect(fs.statSync(envFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(envFile, 'utf8')).toMatch(/^# Session signing key\n# @generate\nSESSION_SECRET=[\w-]{43}\nLOG_LEVEL=info\n$/);
    const log = fs.readFileSync(path.join(p.root, '.stackctl/setup/deps-api-npm.log'), 'utf8');
    expect(log).toContain('$ npm ci --no-audit --no-fund');
    expect(fs.readFileSync(path.join(p.root, '.stackctl/setup/setup-worker.log'), 'utf8')).toContain('built\n');
    expect(first.events.filter((event) => event.type === 'start').map((event) => event.task.name)).toEqual(['env: .env', 'deps: api (npm)', 'setup: worker']);

    const second = await run(p);
    expect(second.results.map(({ result }) => [result.status, result.reason])).toEqual([
      ['skipped', 'up to date'],
      ['skipped', 'up to date'],
      ['skipped', 'up to date'],
    ]);
    expect(second.events.filter((event) => event.type === 'start')).toEqual([]);
    const secret = fs.readFileSync(envFile, 'utf8');

    const forced = await run(p, { force: true });
    expect(forced.results.map(({ result }) => result.status)).toEqual(['done', 'done', 'done']);
    expect(fs.readFileSync(path.join(p.root, 'worker/marker.txt'), 'utf8')).toBe('run worker\nrun worker\n');
    expect(fs.readFileSync(envFile, 'utf8')).toBe(secret);
  });

  it('reruns when an input or the command changes, or the output folder it made is gone', async () => {
    const p = project(`services:\n  api:\n    command: node a.js\n    cwd: ./api\n  job:\n    command: j\n    setup: "echo one >> job.txt"\n`, {
      ...inFolder('api', emptyNpmPackage('api')),
      'api/node_modules/': '',
    });
    expect((await run(p)).results.map(({ result }) => result.status)).toEqual(['done', 'done']);
    fs.rmSync(path.join(p.root, 'api/node_modules'), { recursive: true });
    p.write('stackctl.yaml', fs.readFileSync(path.join(p.root, 'stackctl.yaml'), 'utf8').replace('echo one', 'echo two'));
    const again = await run(p);
    expect(again.byName['deps: api (npm)']?.status).toBe('done');
    expect(again.byName['setup: job']?.status).toBe('done');
    expect((await run(p)).results.map(({ result }) => result.status)).toEqual(['skipped', 'skipped']);
    // A manifest in the service's folder is an input of its setup: commands; one elsewhere is not.
    p.write('api/README.md', 'not a manifest');
    p.write('package.json', '{"name":"root"}');
    const changed = await run(p);
    expect(changed.byName['setup: job']?.status).toBe('done');
    expect(changed.byName['deps: api (npm)']?.status).toBe('skipped');
    expect(fs.readFileSync(path.join(p.root, 'job.txt'), 'utf8')).toBe('one\ntwo\ntwo\n');
  });

  it('takes an npm install run by hand as installed: node_modules/.package-lock.json not older than package-lock.json', async () => {
    const p = project(`services:\n  api:\n    command: node a.js\n    cwd: ./api\n`, {
      ...inFolder('api', emptyNpmPackage('api')),
      'api/node_modules/.package-lock.json': '{}',
    });
    const marker = path.join(p.root, 'api/node_modules/.package-lock.json');
    const older = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(p.root, 'api/package-lock.json'), older, older);
    const first = await run(p);
    expect(first.byName['deps: api (npm)']).toMatchObject({ status: 'skipped', reason: 'up to date' });
    expect(JSON.parse(fs.readFileSync(path.join(p.root, '.stackctl/setup/state.json'), 'utf8')).tasks['deps-api-npm']).toBeDefined();
    fs.utimesSync(marker, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    fs.rmSync(path.join(p.root, '.stackctl/setup/state.json'));
    expect((await run(p)).byName['deps: api (npm)']?.status).toBe('done');
  });

  it('after a recorded run, a lockfile changed and installed by hand counts as installed; changed and not installed, it runs', async () => {
    const p = project(`services:\n  api:\n    command: node a.js\n    cwd: ./api\n`, {
      ...inFolder('api', emptyNpmPackage('api')),
      'api/node_modules/.package-lock.json': '{}',
    });
    const marker = path.join(p.root, 'api/node_modules/.package-lock.json');
    const lockfile = path.join(p.root, 'api/package-lock.json');
    const at = (secondsAgo: number): Date => new Date(Date.now() - secondsAgo * 1000);
    for (const file of [lockfile, path.join(p.root, 'api/package.json')]) fs.utimesSync(file, at(300), at(300));
    fs.utimesSync(marker, at(200), at(200));
    expect((await run(p)).byName['deps: api (npm)']).toMatchObject({ status: 'skipped', reason: 'up to date' });

    // A dependency update changes the lockfile (a new fingerprint), and `npm install` ran by hand after it.
    fs.appendFileSync(lockfile, '\n');
    fs.utimesSync(lockfile, at(100), at(100));
    fs.utimesSync(marker, at(50), at(50));
    expect((await run(p)).byName['deps: api (npm)']).toMatchObject({ status: 'skipped', reason: 'up to date' });

    // Changed again, not installed: it runs.
    fs.appendFileSync(lockfile, '\n');
    expect((await run(p)).byName['deps: api (npm)']?.status).toBe('done');
  });

  it('creates a .venv and installs an empty requirements.txt with its pip (no download); skips it next time', async () => {
    const p = project(`services:\n  worker:\n    command: python3 main.py\n    cwd: ./worker\n`, { 'worker/requirements.txt': '# nothing to install yet\n' });
    // Without uv on PATH the plan uses python3's venv and the venv's own pip.
    const { config, tasks } = await p.plan({ findProgram: (program) => (program === 'python3' ? '/usr/bin/python3' : null) });
    const report = await runSetup({ config, tasks, parentEnv: process.env });
    const [result] = report.results.map(({ result }) => result);
    expect(result?.status, `python3 -m venv + pip failed on this machine: ${result?.reason}\n${result?.outputTail.join('\n')}`).toBe('done');
    expect(fs.existsSync(path.join(p.root, 'worker/.venv/bin/pip'))).toBe(true);
    const again = await runSetup({ config, tasks, parentEnv: process.env });
    expect(again.results[0]?.result).toMatchObject({ status: 'skipped', reason: 'up to date' });
  }, 60_000);

  it('a failing task fails alone: its reason and output are kept, the others still run, migrations do not', async () => {
    const p = project(
      `services:\n  bad:\n    command: b\n    setup: "echo starting; echo boom >&2; exit 3"\n  good:\n    command: g\n    setup: "touch good.txt"\n  web:\n    command: w\n    cwd: ./web\ndatabase:\n  url: sqlite:./data/app.db\n`,
      { 'web/package.json': '{}', 'web/pnpm-lock.yaml': '' },
    );
    const { config, tasks } = await p.plan({ findProgram: (program) => (program === 'pnpm' ? null : `/usr/bin/${program}`) });
    const report = await runSetup({ config, tasks, parentEnv: process.env, migrate: async () => expect.fail('migrations must not run') });
    const byName = Object.fromEntries(report.results.map(({ task, result }) => [task.name, result]));
    expect(report.ok).toBe(false);
    expect(byName['setup: bad']).toMatchObject({ status: 'failed', reason: 'exited with code 3', outputTail: ['starting', 'boom'] });
    expect(byName['setup: good']?.status).toBe('done');
    expect(byName['deps: web (pnpm)']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^pnpm is not installed \(install it: corepack enable pnpm/) });
    expect(byName['migrations (builtin)']).toMatchObject({ status: 'skipped', reason: 'not run: an earlier task failed' });
    expect(fs.existsSync(path.join(p.root, 'good.txt'))).toBe(true);
    expect(fs.readFileSync(path.join(p.root, '.stackctl/setup/setup-bad.log'), 'utf8')).toBe('$ echo starting; echo boom >&2; exit 3\nstarting\nboom\n# exited with code 3\n');
    // A failed task has no record: it runs again next time.
    expect((await runSetup({ config, tasks, parentEnv: process.env, migrate: async () => ({ tool: 'builtin', applied: [] }) })).results[0]?.result.status).toBe('failed');
  });

  it('stops the running tasks’ process groups when aborted and starts nothing more', async () => {
    const p = project(`services:\n  slow:\n    command: s\n    setup: ["sleep 30 & sleep 31", "touch never.txt"]\n  stubborn:\n    command: t\n    setup: [["sh", "-c", "trap '' TERM; sleep 32"]]\n  later:\n    command: l\n    setup: "touch later.txt"\n`);
    const { config, tasks } = await p.plan();
    const controller = new AbortController();
    let started = 0;
    const report = await runSetup({
      config,
      tasks,
      parentEnv: process.env,
      concurrency: 2,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'start' && (started += 1) === 2) setTimeout(() => controller.abort(), 300);
      },
    });
    expect(report.interrupted).toBe(true);
    expect(report.ok).toBe(false);
    expect(report.results.map(({ task, result }) => [task.name, result.status, result.reason])).toEqual([
      ['setup: slow', 'failed', 'interrupted'],
      ['setup: stubborn', 'failed', 'interrupted'],
      ['setup: later', 'skipped', 'not run: interrupted'],
    ]);
    expect(await waitUntilProjectGone(p.name, 100)).toEqual([]);
    expect(fs.existsSync(path.join(p.root, 'never.txt')) || fs.existsSync(path.join(p.root, 'later.txt'))).toBe(false);
  });

  it('applies SQLite migrations with ${DATABASE_URL} from the .env it just created, then reports them up to date', async () => {
    const p = project(`services:\n  api:\n    command: a\n    setup: false\ndatabase:\n  url: \${DATABASE_URL}\n`, {
      '.env.example': 'DATABASE_URL=sqlite:./data/app.db\n',
      'migrations/0001_init.sql': '-- up\nCREATE TABLE todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n-- down\nDROP TABLE todos;\n',
    });
    const env = { ...process.env, DATABASE_URL: undefined };
    const first = await run(p, { parentEnv: env });
    expect(first.byName, JSON.stringify(first.results)).toMatchObject({
      'env: .env': { status: 'done' },
      'migrations (builtin)': { status: 'done', reason: 'applied 1 migration' },
    });
    expect(first.byName['migrations (builtin)']?.outputTail.join('\n')).toContain('0001');
    expect(fs.existsSync(path.join(p.root, 'data/app.db'))).toBe(true);
    const second = await run(p, { parentEnv: env });
    expect(second.byName['migrations (builtin)']).toMatchObject({ status: 'skipped', reason: 'up to date' });
    expect(second.events.some((event) => event.type === 'start' && event.task.kind === 'migrations')).toBe(true);
  });
});
