// End-to-end: `stackctl run` and `up --use-ide-terminal` in a real pseudo-terminal: a TTY for the service, supervised by the daemon.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, waitUntilProjectGone } from './cli-process.js';
import { cleanUp, daemonPids, eventually, expectNothingLeft, statusJson, type ServiceJson } from './daemon-helpers.js';
import { hasScript, startCliInPty, type PtyRun } from './pty-process.js';
import { fixture, TempProjects, type TempProject } from './temp-project.js';
import { expectPidsGone, expectPidsGoneAndClear, pidAlive } from '../helpers/pids.js';

const projects = new TempProjects(cleanUp);
const ptys: PtyRun[] = [];
const pids = new Set<number>();

/** db in the background; api (depending on it, health-checked) asks for a line in the terminal; worker depends on api. */
function project(): TempProject {
  const node = JSON.stringify(process.execPath);
  return projects.create(`services:
  db:
    command: [${node}, ${fixture('tagged-forever.cjs')}, "db"]
    stop_timeout: 2s
  api:
    command: [${node}, ${fixture('tty-prompt.cjs')}]
    depends_on: [db]
    restart: always
    health:
      exec: [${node}, "-e", "process.exit(0)"]
      interval: 200ms
    stop_timeout: 2s
  worker:
    command: [${node}, ${fixture('tagged-forever.cjs')}, "worker"]
    depends_on: { api: healthy }
    stop_timeout: 2s
`);
}

function inPty(p: TempProject, args: readonly string[]): PtyRun {
  const run = startCliInPty(args, { cwd: p.dir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, TMUX: undefined } });
  ptys.push(run);
  if (run.child.pid !== undefined) pids.add(run.child.pid);
  return run;
}

/** The parent of a process, from /proc (the CLI that spawned the service in the terminal). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

const byName = (services: readonly ServiceJson[], name: string): ServiceJson | undefined => services.find((service) => service.name === name);

afterEach(async () => {
  for (const pty of ptys.splice(0)) pty.child.stdin?.end();
  projects.cleanUpAll();
  await expectPidsGoneAndClear(pids);
});

describe.runIf(hasScript)('stackctl run <service> in a real terminal', () => {
  it('gives the service the TTY (a typed line reaches it), supervises it as managed (attached), and Ctrl+C stops only it', async () => {
    const p = project();
    const run = inPty(p, ['run', 'api']);
    await run.waitForOutput(/stdin\.isTTY=true stdout\.isTTY=true pid=(\d+)/);
    const servicePid = Number(/pid=(\d+)/.exec(run.output())?.[1]);
    const cliPid = parentOf(servicePid);
    pids.add(servicePid).add(cliPid);
    await run.waitForOutput('name? ');
    run.type('ada\n');
    await run.waitForOutput('got ada');

    const status = await eventually(() => statusJson(p), (s) => byName(s.services, 'api')?.health === 'healthy', 'api healthy while attached');
    expect(byName(status.services, 'api')).toMatchObject({ state: 'running', origin: 'managed', attached: true, pid: servicePid });
    expect(byName(status.services, 'db')).toMatchObject({ state: 'running', origin: 'managed', attached: false });
    expect(byName(status.services, 'worker')?.state).toBe('stopped');
    const { stdout: table } = await runCli(['status'], { cwd: p.dir });
    expect(table).toMatch(/^api .* managed \(attached\)$/m);

    run.type('\u0003');
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain('api exited with code 130');
    await expectPidsGone([servicePid, cliPid]);
    // Stopped only it, and no restart while attached (restart: always).
    const after = await eventually(() => statusJson(p), (s) => byName(s.services, 'api')?.state === 'exited', 'api exited');
    expect(byName(after.services, 'api')).toMatchObject({ pid: null, attached: false, restarts: 0 });
    expect(byName(after.services, 'db')?.state).toBe('running');

    expect((await runCli(['stop'], { cwd: p.dir })).code).toBe(0);
    await expectNothingLeft(p);
  });

  it('up --use-ide-terminal: the rest of the stack in the background; `stop api` ends it here (exit 143) without touching the CLI', async () => {
    const p = project();
    const run = inPty(p, ['up', '--use-ide-terminal', 'api']);
    await run.waitForOutput(/pid=(\d+)/);
    const servicePid = Number(/pid=(\d+)/.exec(run.output())?.[1]);
    const cliPid = parentOf(servicePid);
    pids.add(servicePid).add(cliPid);
    await run.waitForOutput('in the background: ');
    const status = await eventually(() => statusJson(p), (s) => byName(s.services, 'worker')?.state === 'running', 'worker started after api');
    expect(byName(status.services, 'api')).toMatchObject({ state: 'running', attached: true, pid: servicePid });
    // A daemon that lost the lock race may still be on its way out: exactly one must remain.
    await eventually(() => daemonPids(p), (pids) => pids.length === 1, 'exactly one daemon');

    const stop = await runCli(['stop', 'api'], { cwd: p.dir });
    expect(stop.stdout).toContain('✓ api stopped');
    // The CLI was not signalled: it reports the service's end and exits with its code.
    expect(await run.exited).toBe(143);
    expect(run.output()).toContain('api exited with code 143; the rest of the stack keeps running in the background');
    await expectPidsGone([servicePid, cliPid]);
    expect(pidAlive(byName(status.services, 'worker')?.pid ?? 0)).toBe(true);

    expect((await runCli(['stop'], { cwd: p.dir })).code).toBe(0);
    await expectNothingLeft(p);
  });

  it('a service already running in the background gives way to the terminal', async () => {
    const p = project();
    expect((await runCli(['start', 'api'], { cwd: p.dir })).code).toBe(0);
    const before = await statusJson(p);
    const backgroundPid = byName(before.services, 'api')?.pid ?? 0;
    const run = inPty(p, ['run', 'api']);
    await run.waitForOutput(/pid=(\d+)/);
    pids.add(Number(/pid=(\d+)/.exec(run.output())?.[1]));
    expect(run.output()).toContain(`api was running in the background (pid ${backgroundPid}): stopping it to run it here`);
    await expectPidsGone([backgroundPid]);
    run.type('\u0003');
    expect(await run.exited).toBe(130);
    expect((await runCli(['stop'], { cwd: p.dir })).code).toBe(0);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
  });

  it('a dependency that fails to start ends run with its log, and the service is never spawned', async () => {
    const node = JSON.stringify(process.execPath);
    const p = projects.create(`services:
  db:
    command: [${node}, ${fixture('crash-at-start.cjs')}]
    restart: "no"
  api:
    command: [${node}, ${fixture('tty-prompt.cjs')}]
    depends_on: { db: completed }
`);
    const { code, stdout, stderr } = await runCli(['run', 'api'], { cwd: p.dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/error\[E_START_FAILED\]: cannot run api: dependency db failed: /);
    expect(stderr).toContain('last ');
    expect(stdout).not.toContain('isTTY');
    const status = await statusJson(p);
    expect(byName(status.services, 'api')?.state).toBe('stopped');
    expect((await runCli(['stop'], { cwd: p.dir })).code).toBe(0);
    await expectNothingLeft(p);
  });
});
