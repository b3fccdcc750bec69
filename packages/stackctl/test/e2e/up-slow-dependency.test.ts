// End-to-end: `up` with a dependency slow to become healthy — its dependent waits, starts once it is healthy, and Ctrl+C exits 0.
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { startCli, waitUntilProjectGone } from './cli-process.js';
import { fixture, TempProjects } from './temp-project.js';

const projects = new TempProjects();

afterEach(() => projects.cleanUpAll());

describe('stackctl up with a slow dependency', () => {
  it('starts api once db (503 for its first 800 ms, checked every 200ms) is healthy, reports all up, exits 0 after Ctrl+C', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const p = projects.create(`services:
  db:
    command: ["node", ${fixture('health-after-delay.cjs')}, "${port}", "800"]
    health:
      http: http://127.0.0.1:${port}/health
      interval: 200ms
  api:
    command: ["node", "-e", "console.log('api up'); setInterval(() => {}, 1000)"]
    depends_on: { db: healthy }
`);
    const run = startCli(['up'], { cwd: p.dir });
    await run.waitForOutput(/all 2 service\(s\) up; press Ctrl\+C to stop/, 30_000);
    await run.waitForOutput(/api \| api up/);
    const out = run.stdout();
    expect(out).not.toMatch(/failed/);
    const healthy = out.search(/db +◆ healthy after/);
    const apiStarted = out.search(/api +◆ started \(pid/);
    expect(healthy).toBeGreaterThan(-1);
    expect(apiStarted).toBeGreaterThan(healthy);
    // While db answered 503 after its retries, api said what it waited for.
    if (/db +◆ unhealthy/.test(out)) expect(out).toMatch(/api +◆ waiting for db: unhealthy \(HTTP 503\)/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
  });
});

describe('stackctl up after a failed start', () => {
  it('says when a service that failed its start comes up after all, and exits 0 after a clean Ctrl+C', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const p = projects.create(`services:
  db:
    command: ["node", ${fixture('health-after-delay.cjs')}, "${port}", "2500"]
    health:
      http: http://127.0.0.1:${port}/health
      interval: 200ms
      start_timeout: 1s
`);
    const run = startCli(['up'], { cwd: p.dir });
    await run.waitForOutput(/db failed to start: .*within 1s \(health\.start_timeout\)/, 30_000);
    await run.waitForOutput(/0 service\(s\) up, 1 failed \(db\); press Ctrl\+C to stop/);
    await run.waitForOutput(/db +◆ healthy after/, 30_000);
    await run.waitForOutput(/◆ all 1 service\(s\) up\n/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
  });
});
