// End-to-end: `stackctl setup` with the built CLI on a temporary project: failures, up-to-date reruns, --json, --dry-run, Ctrl+C.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killProject, pidsOfProject, runCli, startCli, waitUntilProjectGone, type CliRun } from './cli-process.js';
import { createTempProject, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];
const clis: CliRun[] = [];

afterEach(async () => {
  for (const cli of clis.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli.exited;
  }
  for (const project of projects.splice(0)) {
    const left = await waitUntilProjectGone(project.name);
    killProject(project.name);
    project.remove();
    expect(left, 'processes left behind by setup').toEqual([]);
  }
});

/** A project in a repository of its own (the lockfile search stops at its .git). */
function project(body: string, files: Record<string, string> = {}): TempProject {
  const created = createTempProject(body);
  projects.push(created);
  mkdirSync(path.join(created.dir, '.git'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(created.dir, file)), { recursive: true });
    writeFileSync(path.join(created.dir, file), content);
  }
  return created;
}

const STACK = `services:
  api:
    command: node server.js
    cwd: ./api
  worker:
    command: node worker.js
    cwd: ./worker
    setup: ["echo built > marker.txt"]
  bad:
    command: node bad.js
    setup: "echo boom >&2; exit 3"
database:
  url: sqlite:./data/app.db
`;

const FILES = {
  'api/package.json': JSON.stringify({ name: 'api', version: '1.0.0', private: true }),
  'api/package-lock.json': JSON.stringify({ name: 'api', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'api', version: '1.0.0' } } }),
  'worker/.keep': '',
  '.env.example': '# @generate\nSESSION_SECRET=\nLOG_LEVEL=info\n',
  'migrations/0001_init.sql': '-- up\nCREATE TABLE todos (id INTEGER PRIMARY KEY);\n-- down\nDROP TABLE todos;\n',
};

interface TaskJson {
  id: string;
  service: string | null;
  kind: string;
  tool: string;
  status: string;
  duration_ms: number;
  reason: string | null;
  output_tail: string[];
}

describe('stackctl setup', () => {
  it('runs every task, reports a failed one with its output (exit 1), skips what is up to date, prints JSON', async () => {
    const p = project(STACK, FILES);
    const cli = (args: string[]) => runCli(args, { cwd: p.dir });

    const first = await cli(['setup']);
    expect(first.code, first.stdout + first.stderr).toBe(1);
    expect(first.stdout).toContain('✓ deps: api (npm)');
    expect(first.stdout).toContain('✗ setup: bad failed: exited with code 3');
    expect(first.stdout).toMatch(/\nsetup: bad — last 1 line\(s\) of output:\n {4}boom\n {2}full output: \.stackctl\/setup\/setup-bad\.log\n$/);
    expect(first.stderr).toMatch(/^error\[E_SETUP_FAILED\]: 1 of 5 setup task\(s\) failed \(3 done, 1 not run\) in [\d.]+m?s\n/);
    // The failure is said once: not again in the output block, a summary line or the error line.
    const everything = first.stdout + first.stderr;
    expect(everything.match(/failed: exited with code 3/g), everything).toHaveLength(1);
    expect(everything.match(/setup: bad failed/g), everything).toHaveLength(1);
    expect(readFileSync(path.join(p.dir, 'worker/marker.txt'), 'utf8')).toBe('built\n');
    expect(statSync(path.join(p.dir, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(p.dir, '.env'), 'utf8')).toMatch(/^# @generate\nSESSION_SECRET=[\w-]{43}\nLOG_LEVEL=info\n$/);
    expect(readFileSync(path.join(p.dir, '.stackctl/setup/setup-bad.log'), 'utf8')).toContain('boom');

    const rest = await cli(['setup', 'api', 'worker']);
    expect(rest.code, rest.stdout + rest.stderr).toBe(0);
    expect(rest.stdout).toContain('– deps: api (npm) up to date');
    expect(rest.stdout).toContain('✓ migrations (builtin)');
    expect(rest.stdout).toMatch(/setup: 4 tasks — 1 done, 3 up to date in /);
    expect(existsSync(path.join(p.dir, 'data/app.db'))).toBe(true);

    const json = await cli(['--json', 'setup']);
    expect(json.code).toBe(1);
    const document = JSON.parse(json.stdout) as { ok: boolean; tasks: TaskJson[] };
    expect(document.ok).toBe(false);
    expect(document.tasks.map((task) => [task.id, task.service, task.kind, task.tool, task.status, task.reason])).toEqual([
      ['env-.env', null, 'env', 'dotenv', 'skipped', 'up to date'],
      ['deps-api-npm', 'api', 'deps', 'npm', 'skipped', 'up to date'],
      ['setup-worker', 'worker', 'setup', 'setup', 'skipped', 'up to date'],
      ['setup-bad', 'bad', 'setup', 'setup', 'failed', 'exited with code 3'],
      ['migrations', null, 'migrations', 'builtin', 'skipped', 'not run: an earlier task failed'],
    ]);
    const bad = document.tasks[3];
    expect(bad?.output_tail).toEqual(['boom']);
    expect(typeof bad?.duration_ms).toBe('number');
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'E_SETUP_FAILED' } });

    const forced = await cli(['--json', 'setup', '--force', 'api', 'worker']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((JSON.parse(forced.stdout) as { tasks: TaskJson[] }).tasks.map((task) => [task.id, task.status])).toEqual([
      ['env-.env', 'done'],
      ['deps-api-npm', 'done'],
      ['setup-worker', 'done'],
      ['migrations', 'skipped'],
    ]);
  });

  it('rejects an unknown service (exit 2) before running anything; --dry-run lists the commands and runs nothing', async () => {
    const p = project(STACK, FILES);
    const unknown = await runCli(['setup', 'api', 'wroker'], { cwd: p.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error[E_SERVICE_UNKNOWN]: unknown service "wroker"');
    expect(unknown.stderr).toContain('hint: did you mean worker?');
    expect(existsSync(path.join(p.dir, '.stackctl'))).toBe(false);

    const dry = await runCli(['setup', '--dry-run'], { cwd: p.dir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('setup would run 5 tasks');
    expect(dry.stdout).toContain('  deps: api (npm)\n      in api\n      $ npm ci --no-audit --no-fund\n');
    expect(dry.stdout).toContain('  setup: bad\n      in .\n      $ echo boom >&2; exit 3\n');
    expect(dry.stdout).toContain('  env: .env\n      create from .env.example\n');
    expect(existsSync(path.join(p.dir, '.env'))).toBe(false);
    expect(existsSync(path.join(p.dir, 'worker/marker.txt'))).toBe(false);
    expect(existsSync(path.join(p.dir, '.stackctl'))).toBe(false);
  });

  it('Ctrl+C stops the running tasks’ process groups and exits 130', async () => {
    const p = project(`services:\n  slow:\n    command: node slow.js\n    setup: "echo started; sleep 30 & sleep 31"\n  after:\n    command: node after.js\n    setup: "sleep 32"\n`);
    const run = startCli(['setup'], { cwd: p.dir });
    clis.push(run);
    await run.waitForOutput('→ setup: after');
    const deadline = Date.now() + 5000;
    while (pidsOfProject(p.name).length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(pidsOfProject(p.name).length).toBeGreaterThanOrEqual(4);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toContain('error[E_INTERRUPTED]');
    expect(await waitUntilProjectGone(p.name, 1000)).toEqual([]);
  });
});
