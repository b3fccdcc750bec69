// End-to-end: the built `stackctl up` against temporary projects — output integrity, Ctrl+C, exit codes.
import { afterEach, describe, expect, it } from 'vitest';
import { pidsOfProject, runCli, startCli, waitUntilProjectGone } from './cli-process.js';
import { fixture, TempProjects, type TempProject } from './temp-project.js';

const projects = new TempProjects();
const project = (body: string): TempProject => projects.create(body);

afterEach(() => projects.cleanUpAll());

describe('stackctl up', () => {
  it('keeps every line of two services printing 10,000 lines each intact and attributed', async () => {
    const p = project(`services:
  alpha:
    command: ["node", ${fixture('print-lines.cjs')}, "10000", "alpha", "--pad=60"]
    restart: "no"
  beta-service:
    command: ["node", ${fixture('print-lines.cjs')}, "10000", "beta", "--stderr", "--pad=60"]
    restart: "no"
`);
    const { code, stdout } = await runCli(['up'], { cwd: p.dir });
    expect(code).toBe(0);
    const padding = 'x'.repeat(60);
    const seen = { alpha: 0, beta: 0 };
    for (const line of stdout.split('\n')) {
      if (line.startsWith('alpha        | ')) {
        seen.alpha += 1;
        expect(line).toBe(`alpha        | alpha ${seen.alpha} ${padding}`);
      } else if (line.startsWith('beta-service ! ')) {
        seen.beta += 1;
        expect(line).toBe(`beta-service ! beta ${seen.beta} ${padding}`);
      } else if (line !== '') {
        expect(line).toMatch(/^(alpha {7}|beta-service| {12}) ◆ /);
      }
    }
    expect(seen).toEqual({ alpha: 10_000, beta: 10_000 });
    expect(stdout).toMatch(/no service is running any more/);
  });

  it('flushes a final partial line when a service exits', async () => {
    const p = project(`services:
  once:
    command: ["node", ${fixture('print-lines.cjs')}, "1", "complete", "--partial"]
    restart: "no"
`);
    const { code, stdout } = await runCli(['up'], { cwd: p.dir });
    expect(code).toBe(0);
    expect(stdout).toContain('once | complete 1\n');
    expect(stdout).toContain('once | complete end\n');
  });

  it('stops every process (grandchildren included) on the first Ctrl+C and exits 0', async () => {
    const p = project(`services:
  server:
    command: node ${JSON.parse(fixture('grandchildren.cjs'))}
  helper:
    command: ["node", ${fixture('grandchildren.cjs')}]
    depends_on: [server]
`);
    const run = startCli(['up'], { cwd: p.dir });
    await run.waitForOutput(/all 2 service\(s\) up/);
    await run.waitForOutput(/helper \| pid grandchild/);
    await run.waitForOutput(/server \| pid grandchild/);
    expect(pidsOfProject(p.name).length).toBeGreaterThanOrEqual(7);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/stopping all services/);
    expect(run.stdout()).toMatch(/all services stopped/);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
  });

  it('kills at once on a second Ctrl+C and exits 130', async () => {
    const p = project(`services:
  stubborn:
    command: ["node", "-e", "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('ready'); setInterval(() => {}, 1000)"]
    stop_timeout: 30s
`);
    const run = startCli(['up'], { cwd: p.dir });
    await run.waitForOutput(/stubborn \| ready/);
    run.child.kill('SIGINT');
    await run.waitForOutput(/ignoring SIGTERM/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stdout()).toMatch(/the second Ctrl\+C: killing all services now/);
    // It was the second Ctrl+C that killed it, long before its 30 s stop timeout.
    expect(run.stdout()).toMatch(/stubborn +◆ killed by the second Ctrl\+C \(ran /);
    expect(run.stdout()).not.toMatch(/stop timeout/);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
  });

  it('exits 1 when a service fails to start', async () => {
    const p = project(`services:
  broken:
    command: ["node", "-e", "process.exit(3)"]
    restart: "no"
  dependent:
    command: ["node", "-e", "setInterval(() => {}, 1000)"]
    depends_on: { broken: completed }
`);
    const { code, stdout } = await runCli(['up', 'dependent'], { cwd: p.dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/dependent failed to start: .*broken/);
    // Nothing runs: it says so and ends, rather than asking for a Ctrl+C it does not wait for.
    expect(stdout).toMatch(/2 service\(s\) failed to start and none is running: nothing to supervise, exiting/);
    expect(stdout).not.toMatch(/press Ctrl\+C/);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
  });

  it('answers an invalid config with one error line per problem and exit code 2', async () => {
    const p = project(`services:
  api:
    command: node server.js
    depends_on: [db]
    restart: sometimes
`);
    const { code, stderr } = await runCli(['up'], { cwd: p.dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error\[E_CONFIG_INVALID\]: /);
    expect(stderr).toMatch(/stackctl\.yaml:5:\d+ services\.api\.depends_on\.db: unknown service db/);
    expect(stderr).toMatch(/stackctl\.yaml:6:\d+ services\.api\.restart/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('says which service name is unknown', async () => {
    const p = project(`services:
  api:
    command: ["node", "-e", "0"]
`);
    const { code, stderr } = await runCli(['up', 'apu'], { cwd: p.dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error\[E_SERVICE_UNKNOWN\]: .*apu/);
  });
});
