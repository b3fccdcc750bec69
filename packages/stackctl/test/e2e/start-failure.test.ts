// End-to-end: a service that cannot start makes `start` exit 1 and show why, with the last lines of its log.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { cleanUp, cliOk, expectNothingLeft, statusJson } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) cleanUp(project);
});

describe('stackctl start with a failing service', () => {
  it('exits 1, marks it failed and prints the last lines of its log; the healthy ones stay up', async () => {
    const p = createTempProject(`services:
  good:
    command: ["node", ${fixture('forever.cjs')}]
  broken:
    command: ["node", "-e", "for (let i = 1; i <= 30; i++) console.error('boot step ' + i); process.exit(3)"]
    restart: "no"
    # never passes, never gives up: however slowly node starts on a loaded machine, the exit comes first
    health: { exec: "false", retries: 1000 }
  dependent:
    command: ["node", ${fixture('forever.cjs')}]
    depends_on: { broken: healthy }
`);
    projects.push(p);
    const { code, stdout, stderr } = await runCli(['start'], { cwd: p.dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/✓ good +running in/);
    expect(stdout).toMatch(/✗ broken +failed: exited with code 3 before becoming healthy/);
    expect(stdout).toMatch(/✗ dependent +failed: .*broken/);
    expect(stdout).toContain('last 20 line(s) of broken');
    const shown = stdout.split('\n').filter((line) => line.startsWith('broken ! boot step'));
    expect(shown).toEqual(Array.from({ length: 20 }, (_, i) => `broken ! boot step ${i + 11}`));
    expect(stderr).toMatch(/^error\[E_START_FAILED\]: 2 of 3 service\(s\) failed to start: broken, dependent\n/);
    expect(stderr).toMatch(/\nhint: /);

    const json = await runCli(['--json', 'start', 'broken'], { cwd: p.dir });
    expect(json.code).toBe(1);
    const answer = JSON.parse(json.stdout) as { started: string[]; failed: Array<{ name: string; reason: string; logs: Array<{ line: string }> }> };
    expect(answer.failed).toMatchObject([{ name: 'broken', reason: 'exited with code 3 before becoming healthy' }]);
    expect(answer.failed[0]?.logs.at(-1)?.line).toBe('boot step 30');
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'E_START_FAILED' } });

    const status = await statusJson(p);
    expect(status.services.map((s) => [s.name, s.state])).toEqual([
      ['good', 'running'],
      ['broken', 'exited'],
      ['dependent', 'failed'],
    ]);
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  });

  it('exits 1 for a service without a health check that crashes after 300 ms (it has to last min_uptime to count)', { timeout: 60_000 }, async () => {
    const p = createTempProject(`services:
  flaky:
    command: ["node", "-e", "setTimeout(() => process.exit(1), 300)"]
    restart: "no"
  crashloop:
    command: ["node", "-e", "setTimeout(() => process.exit(1), 300)"]
    max_restarts: 2
`);
    projects.push(p);
    const { code, stdout, stderr } = await runCli(['start'], { cwd: p.dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ flaky +failed: exited with code 1 before becoming healthy/);
    expect(stdout).toMatch(/✗ crashloop +failed: crash loop/);
    expect(stdout).not.toMatch(/✓/);
    expect(stderr).toMatch(/^error\[E_START_FAILED\]: 2 of 2 service\(s\) failed to start/);
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  });

  it('fails a command that does not exist at once, naming it, without restarts', { timeout: 60_000 }, async () => {
    const p = createTempProject(`services:
  api:
    command: stackctl-no-such-server --port 8000
    restart: always
`);
    projects.push(p);
    const { code, stdout } = await runCli(['start'], { cwd: p.dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ api +failed: command not found: stackctl-no-such-server/);
    const status = await statusJson(p);
    expect(status.services.map((s) => [s.name, s.state, s.restarts])).toEqual([['api', 'failed', 0]]);
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  });

  it('names an unknown service before starting anything', async () => {
    const p = createTempProject(`services:
  api:
    command: ["node", ${fixture('forever.cjs')}]
`);
    projects.push(p);
    const { code, stderr } = await runCli(['start', 'apu'], { cwd: p.dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error\[E_SERVICE_UNKNOWN\]: unknown service "apu"\nhint: did you mean api\?/);
    await expectNothingLeft(p);
  });

  it('reports a daemon that cannot start as E_DAEMON_UNREACHABLE, with the end of daemon.out', async () => {
    const p = createTempProject('services: {}\n');
    projects.push(p);
    // A project this deep has a socket path longer than the OS allows (about 104 bytes).
    const deep = path.join(p.dir, 'a-folder-name-that-is-long-enough'.repeat(2), 'and-another-one-that-is-long-too');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(deep, 'stackctl.yaml'), `name: ${p.name}\nservices:\n  api:\n    command: ["node", ${fixture('forever.cjs')}]\n`);
    const { code, stderr } = await runCli(['start'], { cwd: deep });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error\[E_DAEMON_UNREACHABLE\]: the stackctl daemon exited with code 1 before serving .*daemon\.sock\n/);
    expect(stderr).toMatch(/last lines of .*daemon\.out:\n.*socket path is too long/);
    expect(stderr).toMatch(/\nhint: see .*daemon\.out/);
    await expectNothingLeft(p);
  });
});
