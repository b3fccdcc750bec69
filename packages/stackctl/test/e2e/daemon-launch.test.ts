// End-to-end: the daemon runs from its bundle, starts without NODE_EXTRA_CA_CERTS loaded, and still trusts it for https checks.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/index.js';
import { DAEMON_BUNDLE } from '../../src/daemon/daemon-launch.js';
import { DEFERRED_CA_ENV } from '../../src/system/extra-ca-certs.js';
import { freePort } from '../helpers/free-port.js';
import { runCli } from './cli-process.js';
import { cleanUp, cliOk, daemonPids, eventually, expectNothingLeft, statusJson } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) cleanUp(project);
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** A project whose one service serves HTTPS with a self-signed certificate made now (cert.pem in its folder). */
async function httpsProject(): Promise<{ project: TempProject; cert: string }> {
  const port = await freePort();
  const project = createTempProject(`services:
  secure:
    command: ["node", ${fixture('https-server.cjs')}, "${port}"]
    health: { http: "https://127.0.0.1:${port}/", interval: 200ms, timeout: 1s }
`);
  projects.push(project);
  const generated = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', 'key.pem', '-out', 'cert.pem'],
    { cwd: project.dir, encoding: 'utf8' },
  );
  expect(generated.status, generated.stderr).toBe(0);
  return { project, cert: path.join(project.dir, 'cert.pem') };
}

/** The variables a process was started with (its environment as the kernel keeps it, not as it changed since). */
function startEnvironment(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

describe.runIf(hasOpenssl)('the daemon process', () => {
  it('runs from the bundle, starts without NODE_EXTRA_CA_CERTS, and its https check trusts that file; services see it unchanged', async () => {
    const { project, cert } = await httpsProject();
    const started = await runCli(['start'], { cwd: project.dir, env: { NODE_EXTRA_CA_CERTS: cert } });
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/✓ secure +healthy in \d/);

    const [daemon] = daemonPids(project);
    expect(daemon).toBeDefined();
    expect(readFileSync(`/proc/${daemon}/cmdline`, 'utf8').split('\0')).toContain(DAEMON_BUNDLE);
    const daemonEnv = startEnvironment(daemon as number);
    expect(daemonEnv.has('NODE_EXTRA_CA_CERTS')).toBe(false);
    expect(daemonEnv.get(DEFERRED_CA_ENV)).toBe(cert);

    const service = (await statusJson(project)).services[0];
    const serviceEnv = startEnvironment(service?.pid as number);
    expect(serviceEnv.get('NODE_EXTRA_CA_CERTS')).toBe(cert);
    expect(serviceEnv.has(DEFERRED_CA_ENV)).toBe(false);

    await cliOk(project, ['stop']);
    await expectNothingLeft(project);
  });

  it('without NODE_EXTRA_CA_CERTS the same check fails on the certificate', async () => {
    const { project } = await httpsProject();
    const started = await runCli(['start', '--no-wait'], { cwd: project.dir, env: { NODE_EXTRA_CA_CERTS: undefined } });
    expect(started.code, started.stderr).toBe(0);
    const [daemon] = daemonPids(project);
    expect(startEnvironment(daemon as number).has(DEFERRED_CA_ENV)).toBe(false);
    const api = createApiClient(path.join(project.dir, '.stackctl/daemon.sock'));
    const events = await eventually(
      () => api.events(),
      (list) => JSON.stringify(list).includes('self-signed certificate'),
      'a health check failing on the self-signed certificate',
    );
    expect(JSON.stringify(events)).not.toContain('"healthy"');
    await eventually(() => statusJson(project), (status) => status.services[0]?.health === 'unhealthy', 'secure to be unhealthy');

    await cliOk(project, ['stop']);
    await expectNothingLeft(project);
  });
});
