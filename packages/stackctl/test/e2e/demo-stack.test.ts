// End-to-end: the demo stack in examples/fullstack is set up by `stackctl setup` (.env, migrations), comes up healthy under `stackctl up`,
// serves its page, and leaves nothing behind.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killProject, pidsOfProject, runCli, startCli, waitUntilProjectGone } from './cli-process.js';

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/fullstack');
const PROJECT = 'demo';

afterAll(() => killProject(PROJECT));

describe('the demo stack', () => {
  it('`npm start` is setup then up: setup creates .env and applies the migrations, and a second run has nothing to do', async () => {
    const scripts = (JSON.parse(readFileSync(path.join(DEMO_DIR, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe('stackctl setup && stackctl up');

    const first = await runCli(['setup'], { cwd: DEMO_DIR });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(readFileSync(path.join(DEMO_DIR, '.env'), 'utf8')).toMatch(/^DATABASE_PATH=/m);
    const status = await runCli(['--json', 'db', 'status'], { cwd: DEMO_DIR });
    expect(status.code, status.stderr).toBe(0);
    const migrations = (JSON.parse(status.stdout) as { migrations: Array<{ version: string; state: string }> }).migrations;
    expect(migrations.map((m) => [m.version, m.state])).toEqual([
      ['0001', 'applied'],
      ['0002', 'applied'],
    ]);

    const second = await runCli(['--json', 'setup'], { cwd: DEMO_DIR });
    expect(second.code, second.stderr).toBe(0);
    const tasks = (JSON.parse(second.stdout) as { tasks: Array<{ id: string; status: string }> }).tasks;
    expect(tasks.filter((task) => task.status === 'done' || task.status === 'failed'), JSON.stringify(tasks)).toEqual([]);
  }, 120_000);

  it('starts api, web and worker healthy, serves the page and the API through Vite, and stops cleanly', async () => {
    expect(pidsOfProject(PROJECT)).toEqual([]);
    const run = startCli(['up'], { cwd: DEMO_DIR });
    await run.waitForOutput(/all 3 service\(s\) up/, 60_000);
    const out = run.stdout();
    for (const service of ['api', 'web', 'worker']) expect(out).toMatch(new RegExp(`${service} +◆ healthy after`));

    const page = await fetch('http://127.0.0.1:5173/').then((response) => response.text());
    expect(page).toContain('<title>stackctl demo — todos</title>');

    const title = `e2e todo ${Date.now()}`;
    const created = await fetch('http://127.0.0.1:5173/api/todos', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    });
    expect(created.status).toBe(201);
    const todo = (await created.json()) as { id: number; title: string };
    const list = (await fetch('http://127.0.0.1:5173/api/todos').then((response) => response.json())) as Array<{ id: number }>;
    expect(list.some((item) => item.id === todo.id)).toBe(true);
    const removed = await fetch(`http://127.0.0.1:5173/api/todos/${todo.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);

    expect(pidsOfProject(PROJECT).length).toBeGreaterThanOrEqual(3);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/all services stopped/);
    expect(await waitUntilProjectGone(PROJECT)).toEqual([]);
  }, 90_000);
});
