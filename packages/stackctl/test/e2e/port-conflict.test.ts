// End-to-end: an HTTP server stackctl did not start holds a service's declared port — status reports it, start refuses
// with E_PORT_IN_USE, --adopt tracks it (stop ends it), --replace --yes stops it and starts the service.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinuxPortInspector } from '../../src/system/ports/index.js';
import { freePort } from '../helpers/free-port.js';
import { expectPidsGone, pidAlive } from '../helpers/pids.js';
import { runCli } from './cli-process.js';
import { cliOk, eventually, expectNothingLeft, statusJson, useProjectsAndStrangers, type ServiceJson } from './daemon-helpers.js';
import { FIXTURES, createTempProject, fixture } from './temp-project.js';

const { projects, strangers } = useProjectsAndStrangers();

/** A node HTTP server on `port`, started here — in this test runner's process group — not by stackctl. */
async function startStranger(port: number): Promise<number> {
  const child = spawn(process.execPath, [path.join(FIXTURES, 'health-after-delay.cjs'), String(port), '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the external server did not start');
  strangers.add(pid);
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the external server exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('listening')) resolve();
    });
  });
  child.stdout.resume();
  return pid;
}

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });
}

function api(status: { services: ServiceJson[] }): ServiceJson {
  const found = status.services.find((service) => service.name === 'api');
  if (found === undefined) throw new Error('no api in the status');
  return found;
}

describe('a declared port held by a process stackctl did not start', () => {
  it('is reported with its pid; start refuses it with E_PORT_IN_USE; --adopt and --replace --yes work', async () => {
    const port = await freePort();
    const p = createTempProject(`services:
  api:
    command: ["node", ${fixture('health-after-delay.cjs')}, "${port}", "0"]
    port: ${port}
    health: { http: "http://127.0.0.1:${port}/health", interval: 250ms }
    stop_timeout: 5s
`);
    projects.push(p);
    const first = await startStranger(port);

    // No daemon yet: the CLI reads the port itself.
    expect(api(await statusJson(p))).toMatchObject({
      state: 'stopped',
      origin: 'external',
      pid: first,
      external: { pid: first, port, command: expect.stringContaining('health-after-delay.cjs') },
    });

    const refused = await runCli(['start', 'api'], { cwd: p.dir });
    expect(refused.code).toBe(1);
    const holderText = `port ${port} is held by pid ${first} \\(node test/fixtures/health-after-delay\\.cjs ${port} 0, started (just now|\\d+s ago) in ${process.cwd()}\\)`;
    expect(refused.stderr).toMatch(new RegExp(`^error\\[E_PORT_IN_USE\\]: ${holderText}\n`));
    expect(refused.stderr).toContain('\nhint: stackctl start api --adopt to track it, or --replace to stop it and start api\n');
    expect(pidAlive(first)).toBe(true);
    // The daemon now answers, and reports the holder too.
    expect(api(await statusJson(p))).toMatchObject({ state: 'failed', origin: 'external', pid: first });

    await cliOk(p, ['start', 'api', '--adopt']);
    const adopted = await eventually(() => statusJson(p), (s) => api(s).health === 'healthy', 'the adopted server to be healthy');
    expect(api(adopted)).toMatchObject({ state: 'running', origin: 'external', pid: first, external: { pid: first, port } });
    const record = path.join(p.dir, '.stackctl', 'run', 'api.json');
    expect(existsSync(record)).toBe(true);

    // Adopted means owned: stop ends it (signalled on its own — it lives in this test runner's process group).
    await cliOk(p, ['stop', 'api']);
    await expectPidsGone([first]);
    expect(existsSync(record)).toBe(false);
    expect(api(await statusJson(p))).toMatchObject({ state: 'stopped', origin: 'managed', pid: null, external: null });

    const second = await startStranger(port);
    await cliOk(p, ['start', 'api', '--replace', '--yes']);
    await expectPidsGone([second]);
    const replaced = api(await statusJson(p));
    expect(replaced).toMatchObject({ state: 'running', health: 'healthy', origin: 'managed', external: null });
    expect(replaced.pid).not.toBe(second);
    expect(await healthStatus(port)).toBe(200);
    const listeners = await new LinuxPortInspector().listeners([port]);
    expect(listeners.map((listener) => listener.pid)).toContain(replaced.pid);

    // Without a terminal to ask on, --replace wants --yes, and stops nothing.
    await cliOk(p, ['stop', 'api']);
    const third = await startStranger(port);
    const unconfirmed = await runCli(['start', 'api', '--replace'], { cwd: p.dir });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(new RegExp(`^error\\[E_USAGE\\]: --replace would stop pid ${third} \\(node `));
    expect(unconfirmed.stderr).toContain('hint: pass --yes to confirm: stackctl start api --replace --yes');
    expect(pidAlive(third)).toBe(true);

    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  });

  it('refused before any spawn: start shows no log lines of an earlier run, in text or in --json', async () => {
    const port = await freePort();
    const p = createTempProject(`services:
  api:
    command: ["node", ${fixture('health-after-delay.cjs')}, "${port}", "0"]
    port: ${port}
    health: { http: "http://127.0.0.1:${port}/health", interval: 250ms }
`);
    projects.push(p);
    // An earlier run leaves its output in api's log.
    await cliOk(p, ['start', 'api']);
    await cliOk(p, ['stop', 'api']);
    expect(await cliOk(p, ['logs', 'api'])).toContain(`listening ${port}`);

    const stranger = await startStranger(port);
    const refused = await runCli(['start', 'api'], { cwd: p.dir });
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^error\\[E_PORT_IN_USE\\]: port ${port} is held by pid ${stranger} `));
    expect(refused.stdout).not.toContain('listening');
    expect(refused.stdout).not.toMatch(/last \d+ line\(s\) of api/);

    const json = await runCli(['--json', 'start', 'api'], { cwd: p.dir });
    expect(json.code).toBe(1);
    const answer = JSON.parse(json.stdout) as { failed: Array<{ name: string; code?: string; logs: unknown[] }> };
    expect(answer.failed).toMatchObject([{ name: 'api', code: 'E_PORT_IN_USE', logs: [] }]);

    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  });
});

describe('a declared port held by a service of another stackctl project', () => {
  it('names that project and its folder, and hints at stopping it there instead of --replace', async () => {
    const port = await freePort();
    const service = (name: string) => `services:
  ${name}:
    command: ["node", ${fixture('health-after-delay.cjs')}, "${port}", "0"]
    port: ${port}
    health: { http: "http://127.0.0.1:${port}/health", interval: 250ms }
`;
    const other = createTempProject(service('web'));
    projects.push(other);
    const mine = createTempProject(service('api'));
    projects.push(mine);
    await cliOk(other, ['start', 'web']);
    const web = (await statusJson(other)).services.find((entry) => entry.name === 'web');
    const webPid = web?.pid ?? null;
    expect(webPid).not.toBeNull();

    // No daemon of mine yet: status reads the port itself.
    const offline = api(await statusJson(mine)) as ServiceJson & { external: { stackctl?: unknown } };
    expect(offline).toMatchObject({ origin: 'external', pid: webPid });
    expect(offline.external.stackctl).toEqual({ project: other.name, service: 'web', config: path.join(other.dir, 'stackctl.yaml') });

    const refused = await runCli(['start', 'api'], { cwd: mine.dir });
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`error[E_PORT_IN_USE]: port ${port} is held by service web of stackctl project "${other.name}" in ${other.dir}, pid ${webPid} (`);
    const hint = /^hint: stop it in its own project: (stackctl -c (\S+) stop web)$/m.exec(refused.stderr);
    expect(hint, refused.stderr).not.toBeNull();
    expect(path.resolve(mine.dir, hint?.[2] ?? '')).toBe(path.join(other.dir, 'stackctl.yaml'));
    expect(refused.stderr).not.toContain('--replace');
    expect(refused.stderr).not.toContain('--adopt');
    expect(pidAlive(webPid ?? 0)).toBe(true);

    // The hinted command, run where the user is, frees the port; then api starts.
    const stopped = await runCli(['-c', hint?.[2] ?? '', 'stop', 'web'], { cwd: mine.dir });
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(0);
    await expectPidsGone([webPid ?? 0]);
    await cliOk(mine, ['start', 'api']);
    expect(api(await statusJson(mine))).toMatchObject({ state: 'running', origin: 'managed' });

    await cliOk(mine, ['stop']);
    await cliOk(other, ['stop']);
    await expectNothingLeft(mine);
    await expectNothingLeft(other);
  });
});
