// End-to-end: the demo stack, in a temporary copy on free ports: `stackctl setup` (.env, migrations), healthy under `stackctl up`,
// serves its page, survives `restart api --with-dependents`, leaves nothing behind, and never touches the checkout's examples/fullstack.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killSurvivors } from '../helpers/pids.js';
import { pidsOfProject, runCli, startCli, waitUntilProjectGone } from './cli-process.js';
import { copyDemo, DEMO_DIR, snapshotTree, type DemoCopy } from './demo-copy.js';

let demo: DemoCopy;
/** Every process of the copy seen during the tests (its STACKCTL_PROJECT is unique to this run), and the CLIs started. */
const seen = new Set<number>();
let checkoutBefore: string[] = [];
let gitBefore: string | null = null;

beforeAll(async () => {
  checkoutBefore = snapshotTree(DEMO_DIR);
  gitBefore = gitStatus();
  demo = await copyDemo();
});

afterAll(() => {
  // Only what this file started: the pids it saw, then anything still carrying the copy's unique project name.
  killSurvivors(seen);
  killSurvivors(pidsOfProject(demo.name));
  demo.remove();
});

function track(): number[] {
  const pids = pidsOfProject(demo.name);
  for (const pid of pids) seen.add(pid);
  return pids;
}

describe('the demo stack', () => {
  it('`npm start` is setup then up: setup creates .env and applies the migrations, and a second run has nothing to do', async () => {
    const scripts = (JSON.parse(readFileSync(path.join(DEMO_DIR, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe('stackctl setup && stackctl up');

    const first = await runCli(['setup'], { cwd: demo.dir });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(readFileSync(path.join(demo.dir, '.env'), 'utf8')).toMatch(/^DATABASE_PATH=/m);
    const status = await runCli(['--json', 'db', 'status'], { cwd: demo.dir });
    expect(status.code, status.stderr).toBe(0);
    const migrations = (JSON.parse(status.stdout) as { migrations: Array<{ version: string; state: string }> }).migrations;
    expect(migrations.map((m) => [m.version, m.state])).toEqual([
      ['0001', 'applied'],
      ['0002', 'applied'],
    ]);

    const second = await runCli(['--json', 'setup'], { cwd: demo.dir });
    expect(second.code, second.stderr).toBe(0);
    const tasks = (JSON.parse(second.stdout) as { tasks: Array<{ id: string; status: string }> }).tasks;
    expect(tasks.filter((task) => task.status === 'done' || task.status === 'failed'), JSON.stringify(tasks)).toEqual([]);
  }, 120_000);

  it('starts api, web and worker healthy, serves the page and the API through Vite, restarts with dependents, and stops cleanly', async () => {
    expect(pidsOfProject(demo.name)).toEqual([]);
    const web = `http://127.0.0.1:${demo.webPort}`;
    const run = startCli(['up'], { cwd: demo.dir });
    if (run.child.pid !== undefined) seen.add(run.child.pid);
    await run.waitForOutput(/all 3 service\(s\) up/, 60_000);
    const out = run.stdout();
    for (const service of ['api', 'web', 'worker']) expect(out).toMatch(new RegExp(`${service} +◆ healthy after`));
    expect(track().length).toBeGreaterThanOrEqual(3);

    const page = await fetch(`${web}/`).then((response) => response.text());
    expect(page).toContain('<title>stackctl demo — todos</title>');
    const health = await fetch(`http://127.0.0.1:${demo.apiPort}/health`);
    expect(health.status).toBe(200);

    const title = `e2e todo ${Date.now()}`;
    const created = await fetch(`${web}/api/todos`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    });
    expect(created.status).toBe(201);
    const todo = (await created.json()) as { id: number; title: string };
    const list = (await fetch(`${web}/api/todos`).then((response) => response.json())) as Array<{ id: number }>;
    expect(list.some((item) => item.id === todo.id)).toBe(true);
    const removed = await fetch(`${web}/api/todos/${todo.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);

    // From another terminal: api and everything that depends on it restart, and `up` goes on hosting them.
    const restart = await runCli(['--json', 'restart', 'api', '--with-dependents'], { cwd: demo.dir });
    expect(restart.code, restart.stdout + restart.stderr).toBe(0);
    const status = await runCli(['--json', 'status'], { cwd: demo.dir });
    const services = (JSON.parse(status.stdout) as { services: Array<{ name: string; state: string; origin: string; pid: number }> }).services;
    expect(services.map((s) => [s.name, s.state, s.origin])).toEqual([
      ['api', 'running', 'managed'],
      ['web', 'running', 'managed'],
      ['worker', 'running', 'managed'],
    ]);
    for (const service of services) expect(parentOf(service.pid), service.name).toBe(run.child.pid);
    track();
    expect(await fetch(`${web}/`).then((response) => response.status)).toBe(200);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/all services stopped/);
    expect(await waitUntilProjectGone(demo.name)).toEqual([]);
    expect([...seen].filter((pid) => existsSync(`/proc/${pid}`) && !isZombie(pid))).toEqual([]);
  }, 120_000);

  it('leaves the checkout’s examples/fullstack as it was found: no .env, database or .stackctl/ made there', () => {
    expect(snapshotTree(DEMO_DIR)).toEqual(checkoutBefore);
    expect(gitStatus()).toBe(gitBefore);
    // What the copy made is in the copy.
    for (const made of ['.env', '.stackctl', 'api/data']) expect(existsSync(path.join(demo.dir, made)), made).toBe(true);
  });
});

/** `git status` of examples/fullstack, or null where git (or the repository) is not there. */
function gitStatus(): string | null {
  const result = spawnSync('git', ['status', '--porcelain', '--ignored', '--', '.'], { cwd: DEMO_DIR, encoding: 'utf8' });
  return result.status === 0 ? result.stdout : null;
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}
