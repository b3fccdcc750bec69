// End-to-end: start → status → logs → daemon status/stop (services keep running, re-adopted) → stop, with the built CLI.
import { afterEach, describe, expect, it } from 'vitest';
import { pidsOfProject, runCli, startCli } from './cli-process.js';
import { cleanUp, cliOk, daemonPids, eventually, expectNothingLeft, pidsByName, statusJson } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';
import { freePort } from '../helpers/free-port.js';

const projects: TempProject[] = [];

function project(body: string): TempProject {
  const created = createTempProject(body);
  projects.push(created);
  return created;
}

afterEach(() => {
  for (const created of projects.splice(0)) cleanUp(created);
});

/** A port nothing listens on: status only reports it. */
const TICKER_PORT = await freePort();

const TWO_SERVICES = `services:
  ticker:
    command: ["node", ${fixture('numbered-lines.cjs')}, "100"]
    ports: [${TICKER_PORT}]
    health: { exec: "true", interval: 200ms }
  web:
    command: ["node", ${fixture('forever.cjs')}]
    depends_on: { ticker: healthy }
`;

describe('stackctl start / status / logs / daemon / stop', () => {
  it('runs the stack in the background and hands it from one daemon to the next', async () => {
    const p = project(TWO_SERVICES);
    const started = await runCli(['start'], { cwd: p.dir });
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/✓ ticker +healthy in \d/);
    expect(started.stdout).toMatch(/✓ web +running in \d/);

    // status --json: the documented shape, every field.
    // A first sample may catch a service mid-exec (a few hundred KB): figures of a started node come next.
    const status = await eventually(
      () => statusJson(p),
      (s) => s.services.every((x) => x.memory_bytes !== null && x.memory_bytes > 1_000_000 && x.cpu_percent !== null),
      'cpu/memory figures of running node processes',
    );
    expect(status.project).toBe(p.name);
    expect(status.services).toHaveLength(2);
    for (const service of status.services) {
      expect(Object.keys(service).sort()).toEqual(['attached', 'cpu_percent', 'external', 'health', 'log_loss', 'memory_bytes', 'name', 'origin', 'pid', 'ports', 'restarts', 'state', 'uptime_ms']);
      expect(service).toMatchObject({ state: 'running', origin: 'managed', restarts: 0 });
      expect(service.pid).toEqual(expect.any(Number));
      expect(service.uptime_ms).toEqual(expect.any(Number));
      expect(service.cpu_percent).toEqual(expect.any(Number));
      expect(service.memory_bytes).toBeGreaterThan(1_000_000);
    }
    expect(status.services[0]).toMatchObject({ name: 'ticker', health: 'healthy', ports: [TICKER_PORT] });
    expect(status.services[1]).toMatchObject({ name: 'web', health: 'none', ports: [] });

    const table = await cliOk(p, ['status']);
    expect(table).toMatch(/^NAME +STATE +HEALTH +PID +PORTS +UPTIME +RESTARTS +CPU +MEMORY +ORIGIN\n/);
    expect(table).toMatch(new RegExp(`\\nticker +running +healthy +\\d+ +${TICKER_PORT} +\\d+s +0 +[\\d.]+% +[\\d.]+ MB +managed\\n`));

    const logs = await cliOk(p, ['logs', '-n', '5', 'ticker']);
    const lines = logs.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^ticker \| \d+ \d+$/);

    const daemonStatus = await cliOk(p, ['daemon', 'status']);
    const [daemon] = daemonPids(p);
    expect(daemonStatus).toContain(`daemon running for project ${p.name} (pid ${daemon},`);

    // The daemon goes, the services stay; the next command starts a daemon that adopts them.
    const pids = pidsByName(status);
    expect(await cliOk(p, ['daemon', 'stop'])).toMatch(/daemon stopped/);
    await eventually(() => daemonPids(p), (left) => left.length === 0, 'the daemon to exit');
    expect(pidsOfProject(p.name).sort()).toEqual(Object.values(pids).sort());
    expect(await cliOk(p, ['daemon', 'status'])).toMatch(/no daemon is running/);
    const adopted = await statusJson(p);
    expect(pidsByName(adopted)).toEqual(pids);
    expect(adopted.services.map((service) => service.state)).toEqual(['running', 'running']);
    const [next] = daemonPids(p);
    expect(next).not.toBe(daemon);

    const stopped = await cliOk(p, ['stop']);
    expect(stopped).toMatch(/✓ ticker stopped/);
    expect(stopped).toMatch(/daemon stopped/);
    await expectNothingLeft(p);
    const after = await statusJson(p);
    expect(after.services.map((service) => [service.name, service.state, service.pid])).toEqual([
      ['ticker', 'stopped', null],
      ['web', 'stopped', null],
    ]);
    expect(daemonPids(p)).toEqual([]);
  });

  it('stops and restarts single services, leaving the others alone', async () => {
    const p = project(TWO_SERVICES);
    await cliOk(p, ['start', '--no-wait']);
    const first = await eventually(() => statusJson(p), (s) => s.services.every((x) => x.state === 'running'), 'both running');
    const pids = pidsByName(first);

    const restarted = await cliOk(p, ['restart', 'ticker']);
    expect(restarted).toMatch(/✓ ticker +healthy in/);
    const afterRestart = pidsByName(await statusJson(p));
    expect(afterRestart.ticker).not.toBe(pids.ticker);
    expect(afterRestart.web).toBe(pids.web); // a dependent keeps running without --with-dependents

    const withDependents = JSON.parse(await cliOk(p, ['--json', 'restart', 'ticker', '--with-dependents'])) as { started: string[]; failed: unknown[] };
    expect(withDependents.started.sort()).toEqual(['ticker', 'web']);
    expect(withDependents.failed).toEqual([]);
    const afterBoth = pidsByName(await statusJson(p));
    expect(afterBoth.web).not.toBe(pids.web);

    const stopOne = JSON.parse(await cliOk(p, ['--json', 'stop', 'web'])) as { services: Array<{ name: string; state: string }>; daemon: string };
    expect(stopOne).toMatchObject({ services: [{ name: 'web', state: 'stopped' }], daemon: 'running' });
    expect((await statusJson(p)).services.map((service) => service.state)).toEqual(['running', 'stopped']);

    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  });

  it('status --watch refreshes until Ctrl+C (one JSON document a line with --json)', async () => {
    const p = project(TWO_SERVICES);
    const watch = startCli(['--json', 'status', '--watch'], { cwd: p.dir });
    await watch.waitForOutput(/^(?:\{.*\}\n){2}/);
    watch.child.kill('SIGINT');
    expect(await watch.exited).toBe(0);
    for (const line of watch.stdout().trimEnd().split('\n')) {
      expect(JSON.parse(line)).toMatchObject({ project: p.name, services: [{ name: 'ticker', state: 'stopped' }, { name: 'web', state: 'stopped' }] });
    }
    const plain = startCli(['status', '--watch'], { cwd: p.dir });
    await plain.waitForOutput(/Ctrl\+C to quit\nNAME[\s\S]*\n\n.*Ctrl\+C to quit\nNAME.*\nticker .*\nweb .*\n/);
    plain.child.kill('SIGINT');
    expect(await plain.exited).toBe(0);
    await expectNothingLeft(p);
  });
});
