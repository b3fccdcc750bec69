// End-to-end: the demo stack in examples/fullstack comes up healthy under `stackctl up`, serves its page, and leaves nothing behind.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killProject, pidsOfProject, startCli, waitUntilProjectGone } from './cli-process.js';

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/fullstack');
const PROJECT = 'demo';

afterAll(() => killProject(PROJECT));

describe('the demo stack', () => {
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
