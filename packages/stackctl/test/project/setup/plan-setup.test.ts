// The planner on real folders: lockfile → tool and command, workspace dedupe, `setup:` override, Python variants, env files, missing programs.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessTask, SetupTask } from '../../../src/project/setup/index.js';
import { emptyNpmPackage, inFolder, removeSetupProjects, setupProject } from './setup-project.js';

afterEach(removeSetupProjects);

const everything = (): string => '/usr/bin/found';
const nothing = (): null => null;
const only = (...programs: string[]) => (program: string): string | null => (programs.includes(program) ? `/usr/bin/${program}` : null);

function processTasks(tasks: readonly SetupTask[]): ProcessTask[] {
  return tasks.filter((task): task is ProcessTask => task.kind === 'deps' || task.kind === 'setup');
}

function commandsOf(task: SetupTask | undefined): string[] {
  return task !== undefined && (task.kind === 'deps' || task.kind === 'setup') ? task.steps.map((step) => step.display) : [];
}

const API = `services:\n  api:\n    command: node server.js\n    cwd: ./api\n`;

describe('planSetup: Node lockfiles', () => {
  it.each([
    ['pnpm-lock.yaml', {}, 'pnpm', ['pnpm install --frozen-lockfile']],
    ['yarn.lock', {}, 'yarn', ['yarn install --frozen-lockfile']],
    ['yarn.lock', { 'api/.yarnrc.yml': 'nodeLinker: node-modules\n' }, 'yarn', ['yarn install --immutable']],
    ['bun.lockb', {}, 'bun', ['bun install --frozen-lockfile']],
    ['bun.lock', {}, 'bun', ['bun install --frozen-lockfile']],
    ['package-lock.json', {}, 'npm', ['npm ci --no-audit --no-fund']],
    ['package-lock.json', { 'api/node_modules/': '' }, 'npm', ['npm install --no-audit --no-fund']],
  ])('%s (%j) → %s', async (lockfile, extra, tool, commands) => {
    const project = setupProject(API, { 'api/package.json': '{"name":"api"}', [`api/${lockfile}`]: '{}', ...extra });
    const { tasks } = await project.plan({ findProgram: everything });
    expect(tasks).toHaveLength(1);
    const [task] = processTasks(tasks);
    expect(task).toMatchObject({ id: `deps-api-${tool}`, name: `deps: api (${tool})`, kind: 'deps', tool, services: ['api'], cwd: path.join(project.root, 'api'), missing: null });
    expect(commandsOf(task)).toEqual(commands);
    expect(task?.output).toBe(path.join(project.root, 'api', 'node_modules'));
    expect(task?.inputs).toContain(path.join(project.root, 'api', lockfile));
    expect(task?.env.STACKCTL_PROJECT).toBe(project.name);
  });

  it('npm ci and npm install share one fingerprint command, and only npm gets the node_modules/.package-lock.json rule', async () => {
    const npm = setupProject(API, inFolder('api', emptyNpmPackage('api')));
    const [ci] = processTasks((await npm.plan({ findProgram: everything })).tasks);
    npm.write('api/node_modules/', '');
    const [install] = processTasks((await npm.plan({ findProgram: everything })).tasks);
    expect(ci?.commandKey).toBe(install?.commandKey);
    expect(ci?.npmLockfile).toBe(path.join(npm.root, 'api', 'package-lock.json'));
    const pnpm = setupProject(API, { 'api/package.json': '{}', 'api/pnpm-lock.yaml': '' });
    expect(processTasks((await pnpm.plan({ findProgram: everything })).tasks)[0]?.npmLockfile).toBeNull();
  });

  it('a package.json with dependencies but no lockfile gets npm install; one without dependencies gets nothing', async () => {
    const withDeps = setupProject(API, { 'api/package.json': JSON.stringify({ dependencies: { express: '^4.0.0' } }) });
    const [task] = processTasks((await withDeps.plan({ findProgram: everything })).tasks);
    expect(task?.tool).toBe('npm');
    expect(commandsOf(task)).toEqual(['npm install --no-audit --no-fund']);
    const without = setupProject(API, { 'api/package.json': JSON.stringify({ name: 'api', scripts: { dev: 'node x' } }) });
    expect((await without.plan({ findProgram: everything })).tasks).toEqual([]);
  });

  it('services of a workspace share the root lockfile: one task named after the root folder, for every member', async () => {
    const project = setupProject(
      `services:\n  api:\n    command: node a.js\n    cwd: ./apps/api\n  web:\n    command: node w.js\n    cwd: ./apps/web\n  docs:\n    command: node d.js\n    cwd: ./apps/web\n`,
      {
        ...emptyNpmPackage('root'),
        'apps/api/package.json': JSON.stringify({ name: 'api', dependencies: { zod: '*' } }),
        'apps/web/package.json': JSON.stringify({ name: 'web' }),
      },
    );
    const { tasks } = await project.plan({ findProgram: everything });
    expect(tasks.map((task) => task.name)).toEqual(['deps: . (npm)']);
    const [task] = processTasks(tasks);
    expect(task).toMatchObject({ id: 'deps-root-npm', cwd: project.root, services: ['api', 'web', 'docs'] });
    expect(task?.inputs).toEqual(
      [path.join(project.root, 'package-lock.json'), path.join(project.root, 'package.json'), path.join(project.root, 'apps/api/package.json'), path.join(project.root, 'apps/web/package.json')].sort(),
    );
  });

  it('the search for a lockfile stops at the repository root (.git)', async () => {
    const project = setupProject(`services:\n  api:\n    command: node a.js\n    cwd: ./repo/api\n`, {
      ...emptyNpmPackage('outside'),
      'repo/.git/': '',
      'repo/api/package.json': JSON.stringify({ name: 'api' }),
    });
    expect((await project.plan({ findProgram: everything })).tasks).toEqual([]);
    project.write('repo/pnpm-lock.yaml', '');
    expect((await project.plan({ findProgram: everything })).tasks.map((task) => task.name)).toEqual(['deps: repo (pnpm)']);
  });
});

describe('planSetup: Python', () => {
  const WORKER = `services:\n  worker:\n    command: python3 main.py\n    cwd: ./worker\n`;

  it.each([
    ['uv.lock', { 'worker/uv.lock': '', 'worker/pyproject.toml': '[project]\nname = "w"\n' }, 'uv', ['uv sync'], '.venv'],
    ['[tool.uv]', { 'worker/pyproject.toml': '[project]\nname = "w"\n\n[tool.uv]\ndev-dependencies = []\n' }, 'uv', ['uv sync'], '.venv'],
    ['poetry.lock', { 'worker/poetry.lock': '', 'worker/pyproject.toml': '[tool.poetry]\nname = "w"\n' }, 'poetry', ['poetry install'], null],
    ['[tool.poetry]', { 'worker/pyproject.toml': '[tool.poetry]\nname = "w"\n' }, 'poetry', ['poetry install'], null],
    ['requirements.txt', { 'worker/requirements.txt': 'flask\n' }, 'pip', ['python3 -m venv .venv', '.venv/bin/pip install -r requirements.txt'], '.venv'],
    ['pyproject.toml only', { 'worker/pyproject.toml': '[project]\nname = "w"\n' }, 'pip', ['python3 -m venv .venv', '.venv/bin/pip install -e .'], '.venv'],
  ])('%s → %s', async (_label, files, tool, commands, output) => {
    const project = setupProject(WORKER, files);
    const { tasks } = await project.plan({ findProgram: only('python3') });
    const [task] = processTasks(tasks);
    expect(tasks).toHaveLength(1);
    expect(task).toMatchObject({ name: `deps: worker (${tool})`, tool, cwd: path.join(project.root, 'worker') });
    expect(commandsOf(task)).toEqual(commands);
    expect(task?.output).toBe(output === null ? null : path.join(project.root, 'worker', output));
    expect(task?.missing === null).toBe(tool === 'pip');
  });

  it('with uv installed, the .venv and pip are uv’s; the venv step runs only while .venv is missing', async () => {
    const project = setupProject(WORKER, { 'worker/requirements.txt': '' });
    const [task] = processTasks((await project.plan({ findProgram: only('uv', 'python3') })).tasks);
    expect(commandsOf(task)).toEqual(['uv venv', 'uv pip install -r requirements.txt']);
    expect(task?.steps[0]?.unlessExists).toBe(path.join(project.root, 'worker', '.venv'));
    expect(task?.missing).toBeNull();
  });

  it('a uv workspace member uses the root uv.lock', async () => {
    const project = setupProject(WORKER, { 'uv.lock': '', 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["worker"]\n', 'worker/pyproject.toml': '[project]\nname = "w"\n' });
    const [task] = processTasks((await project.plan({ findProgram: everything })).tasks);
    expect(task).toMatchObject({ name: 'deps: . (uv)', cwd: project.root });
  });

  it('a folder with both package.json and requirements.txt gets a Node and a Python task', async () => {
    const project = setupProject(WORKER, { ...inFolder('worker', emptyNpmPackage('w')), 'worker/requirements.txt': '' });
    const { tasks } = await project.plan({ findProgram: everything });
    expect(tasks.map((task) => task.name)).toEqual(['deps: worker (npm)', 'deps: worker (pip)']);
  });
});

describe('planSetup: setup: commands, env files, migrations, missing programs', () => {
  it('setup: replaces detection (commands in order, service env and cwd); setup: false means nothing', async () => {
    const project = setupProject(
      `services:\n  api:\n    command: node a.js\n    cwd: ./api\n    env: { MODE: dev }\n    setup: ["npm ci", ["node", "build.js"]]\n  web:\n    command: node w.js\n    cwd: ./web\n    setup: false\n`,
      { ...inFolder('api', emptyNpmPackage('api')), ...inFolder('web', emptyNpmPackage('web')) },
    );
    const { tasks } = await project.plan({ findProgram: everything });
    expect(tasks.map((task) => task.name)).toEqual(['setup: api']);
    const [task] = processTasks(tasks);
    expect(task).toMatchObject({ id: 'setup-api', kind: 'setup', tool: 'setup', cwd: path.join(project.root, 'api'), output: null, missing: null });
    expect(task?.steps.map((step) => step.command)).toEqual(['npm ci', ['node', 'build.js']]);
    expect(task?.env.MODE).toBe('dev');
    expect(task?.env.STACKCTL_SERVICE).toBe('api');
    expect(task?.inputs).toContain(path.join(project.root, 'api', 'package-lock.json'));
  });

  it('only the named services are planned', async () => {
    const project = setupProject(`services:\n  api:\n    command: a\n    setup: "echo a"\n  web:\n    command: w\n    setup: "echo w"\n`);
    expect((await project.plan({ services: ['web'] })).tasks.map((task) => task.name)).toEqual(['setup: web']);
  });

  it('env files with an example beside them: .env, a service’s env_file (own example or .env.sample), none without an example', async () => {
    const project = setupProject(
      `services:\n  api:\n    command: a\n    setup: false\n    env_file: [api/.env.local, api/.env]\n  web:\n    command: w\n    setup: false\n    env_file: web/.env\n  job:\n    command: j\n    setup: false\n    env_file: .env\n`,
      { '.env.example': 'A=1\n', 'api/.env.local.example': 'B=2\n', 'api/.env.sample': 'C=3\n', 'web/nothing': '' },
    );
    const { tasks, config } = await project.plan();
    expect(tasks.map((task) => [task.name, task.kind === 'env' ? path.relative(config.root, task.example) : null, task.services])).toEqual([
      ['env: .env', '.env.example', ['job']],
      ['env: api/.env.local', 'api/.env.local.example', ['api']],
      ['env: api/.env', 'api/.env.sample', ['api']],
    ]);
  });

  it('a database gives a migrations task last, unless skipped', async () => {
    const project = setupProject(`services:\n  api:\n    command: a\n    setup: "echo hi"\ndatabase:\n  url: sqlite:./data/app.db\n`);
    expect((await project.plan()).tasks.map((task) => task.name)).toEqual(['setup: api', 'migrations (builtin)']);
    expect((await project.plan({ skipMigrations: true })).tasks.map((task) => task.name)).toEqual(['setup: api']);
  });

  it('a program that is not installed marks its task with the program and how to install it', async () => {
    const project = setupProject(
      `services:\n  web:\n    command: w\n    cwd: ./web\n  py:\n    command: p\n    cwd: ./py\n  tools:\n    command: t\n    cwd: ./tools\n`,
      { 'web/package.json': '{}', 'web/pnpm-lock.yaml': '', 'py/requirements.txt': '', 'tools/uv.lock': '' },
    );
    const { tasks } = await project.plan({ findProgram: nothing });
    expect(processTasks(tasks).map((task) => [task.name, task.missing?.program])).toEqual([
      ['deps: web (pnpm)', 'pnpm'],
      ['deps: py (pip)', 'python3'],
      ['deps: tools (uv)', 'uv'],
    ]);
    expect(processTasks(tasks)[0]?.missing?.install).toContain('corepack enable pnpm');
    expect(processTasks(tasks)[2]?.missing?.install).toContain('pip install uv');
    const withTools = await project.plan({ findProgram: only('pnpm', 'python3', 'uv') });
    expect(processTasks(withTools.tasks).every((task) => task.missing === null)).toBe(true);
  });
});
