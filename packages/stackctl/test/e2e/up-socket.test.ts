// End-to-end: `up` serves the same API on the socket, so other terminals see and drive its stack; `up` and a daemon exclude each other.
import { afterEach, describe, expect, it } from 'vitest';
import { pidsOfProject, runCli, startCli } from './cli-process.js';
import { cleanUp, cliOk, daemonPids, expectNothingLeft, pidsByName, statusJson } from './daemon-helpers.js';
import { fixture, TempProjects } from './temp-project.js';

const projects = new TempProjects(cleanUp);

afterEach(() => projects.cleanUpAll());

const STACK = `services:
  db:
    command: ["node", ${fixture('forever.cjs')}]
    health: { exec: "true", interval: 200ms }
  api:
    command: ["node", ${fixture('forever.cjs')}]
    depends_on: { db: healthy }
`;

describe('stackctl up and the socket', () => {
  it('answers status, logs, restart and stop from other processes while it runs in the foreground', async () => {
    const p = projects.create(STACK);
    const up = startCli(['up'], { cwd: p.dir });
    await up.waitForOutput(/all 2 service\(s\) up/);

    const status = await statusJson(p);
    expect(status.services.map((s) => [s.name, s.state])).toEqual([
      ['db', 'running'],
      ['api', 'running'],
    ]);
    expect(Object.values(pidsByName(status)).sort()).toEqual(pidsOfProject(p.name).sort());
    expect(daemonPids(p)).toEqual([]);
    expect(await cliOk(p, ['daemon', 'status'])).toContain(`\`stackctl up\` running in the foreground for project ${p.name} (pid ${up.child.pid},`);
    expect(await cliOk(p, ['logs', '-n', '1', 'db'])).toBe('db | ready\n');
    expect(await cliOk(p, ['start'])).toMatch(/✓ api +already running/);

    const denied = await runCli(['daemon', 'stop'], { cwd: p.dir });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/^error\[E_USAGE\]: .*`stackctl up` in the foreground/);

    expect(await cliOk(p, ['restart', 'api'])).toMatch(/✓ api +running in/);
    await up.waitForOutput(/api +◆ stopped[^\n]*\n(?:.*\n)*api +◆ started \(pid \d+\)/);

    // Stopping everything ends `up` by itself, as when the last service exits.
    expect(await cliOk(p, ['stop'])).not.toMatch(/daemon stopped/);
    expect(await up.exited).toBe(0);
    expect(up.stdout()).toMatch(/no service is running any more/);
    await expectNothingLeft(p);
  });

  it('refuses to run while a daemon runs the project, and names the way out', async () => {
    const p = projects.create(STACK);
    await cliOk(p, ['start']);
    const [daemon] = daemonPids(p);
    const { code, stdout, stderr } = await runCli(['up'], { cwd: p.dir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^error\\[E_ALREADY_RUNNING\\]: project "${p.name}" is already run by the background daemon \\(pid ${daemon}\\)\\n`));
    expect(stderr).toMatch(/hint: .*`stackctl status`.*`stackctl logs -f`.*`stackctl stop`/);
    expect(daemonPids(p)).toEqual([daemon]);

    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
    // With the daemon gone, up takes the project.
    const up = startCli(['up'], { cwd: p.dir });
    await up.waitForOutput(/all 2 service\(s\) up/);
    up.child.kill('SIGINT');
    expect(await up.exited).toBe(0);
    await expectNothingLeft(p);
  });
});
