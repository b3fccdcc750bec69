// End-to-end: `up` serves the same API on the socket, so other terminals see and drive its stack; `up` and a daemon exclude each other.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
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

  it('keeps hosting a service restarted through its socket: children of `up`, with run records, stopped by `stop`', async () => {
    const p = projects.create(`services:
  a:
    command: ["node", ${fixture('forever.cjs')}]
`);
    const up = startCli(['up'], { cwd: p.dir });
    await up.waitForOutput(/all 1 service\(s\) up/);
    const [before] = pidsOfProject(p.name);

    // The only service is stopped then started again: `up` must not take the stop for the end of its stack.
    expect(await cliOk(p, ['restart', 'a'])).toMatch(/✓ a +running in/);
    const status = await statusJson(p);
    const pid = status.services[0]?.pid ?? 0;
    expect(status.services.map((s) => [s.name, s.state, s.origin])).toEqual([['a', 'running', 'managed']]);
    expect(pid).not.toBe(before);
    expect(parentOf(pid)).toBe(up.child.pid);
    expect(recordedPid(p.dir, 'a')).toBe(pid);
    expect(pidsOfProject(p.name)).toEqual([pid]);
    expect(up.stdout()).not.toMatch(/no service is running any more/);

    // Stopping every service still ends `up`, and nothing is left for `start` to trip over.
    expect(await cliOk(p, ['stop'])).toMatch(/✓ a stopped/);
    expect(await up.exited).toBe(0);
    expect(up.stdout()).toMatch(/no service is running any more/);
    await expectNothingLeft(p);
    expect(existsSync(path.join(p.dir, '.stackctl/run/a.json'))).toBe(false);
    expect(await cliOk(p, ['start'])).toMatch(/✓ a +running in/);
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  });

  it('keeps hosting the dependents `restart --with-dependents` restarts with the service', async () => {
    const p = projects.create(`services:
  api:
    command: ["node", ${fixture('forever.cjs')}]
    health: { exec: "true", interval: 200ms }
  web:
    command: ["node", ${fixture('forever.cjs')}]
    depends_on: { api: healthy }
  worker:
    command: ["node", ${fixture('forever.cjs')}]
    depends_on: { api: healthy }
`);
    const up = startCli(['up'], { cwd: p.dir });
    await up.waitForOutput(/all 3 service\(s\) up/);
    const before = pidsByName(await statusJson(p));

    const out = await cliOk(p, ['restart', 'api', '--with-dependents']);
    for (const name of ['api', 'web', 'worker']) expect(out).toMatch(new RegExp(`✓ ${name} +(healthy|running) in`));
    const status = await statusJson(p);
    expect(status.services.map((s) => [s.name, s.state, s.origin])).toEqual([
      ['api', 'running', 'managed'],
      ['web', 'running', 'managed'],
      ['worker', 'running', 'managed'],
    ]);
    for (const service of status.services) {
      expect(service.pid).not.toBe(before[service.name]);
      expect(parentOf(service.pid ?? 0), service.name).toBe(up.child.pid);
      expect(recordedPid(p.dir, service.name), service.name).toBe(service.pid);
    }
    expect(pidsOfProject(p.name).sort()).toEqual(status.services.map((s) => s.pid).sort());

    up.child.kill('SIGINT');
    expect(await up.exited).toBe(0);
    expect(up.stdout()).toMatch(/all services stopped/);
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

/** The parent pid of a live process, from /proc. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The pid `.stackctl/run/<service>.json` records. */
function recordedPid(dir: string, service: string): number {
  return (JSON.parse(readFileSync(path.join(dir, '.stackctl/run', `${service}.json`), 'utf8')) as { pid: number }).pid;
}
