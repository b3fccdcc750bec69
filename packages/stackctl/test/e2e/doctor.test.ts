// End-to-end: `stackctl doctor` (built CLI) on a healthy temporary project and on a broken one, with --json, --fix and --strict.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/project/doctor/index.js';
import { pidAlive } from '../helpers/pids.js';
import { freePort } from '../helpers/free-port.js';
import { SERVER_SCRIPT, spawnServer, useDoctorCleanup } from '../project/doctor/doctor-project.js';
import { killProject, runCli, startCli, waitUntilProjectGone } from './cli-process.js';
import { createTempProject, type TempProject } from './temp-project.js';

useDoctorCleanup();
const projects: TempProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) {
    killProject(project.name);
    project.remove();
  }
});

function tempProject(body: string, files: Record<string, string> = {}): TempProject {
  const project = createTempProject(body);
  projects.push(project);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(project.dir, name)), { recursive: true });
    fs.writeFileSync(path.join(project.dir, name), content);
  }
  return project;
}

const ENV_EXAMPLE = '# @type port\nAPI_PORT=4000\nAPI_KEY=\n';

/** The pid of a process that has ended (and been reaped). */
function deadPid(): number {
  const pid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
  expect(pidAlive(pid)).toBe(false);
  return pid;
}

describe('stackctl doctor', () => {
  it('a healthy project: every check ok, exit 0, and the --json shape', async () => {
    const port = await freePort();
    const p = tempProject(`services:\n  api:\n    command: ["node", "server.js"]\n    port: ${port}\n    env_file: .env\n`, {
      'package.json': JSON.stringify({ name: 'healthy', engines: { node: '>=18' } }),
      '.env.example': ENV_EXAMPLE,
      '.env': 'API_PORT=4000\nAPI_KEY=abc\n',
    });
    const started = Date.now();
    const human = await runCli(['doctor'], { cwd: p.dir });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(human.code, human.stdout + human.stderr).toBe(0);
    expect(human.stdout).toContain('✓ config        stackctl.yaml is valid (1 service)\n');
    expect(human.stdout).toContain(`✓ ports         ports free: ${port}\n`);
    expect(human.stdout).toMatch(/\n\nno problems found\n$/);
    expect(human.stdout).not.toContain('✗');

    const json = await runCli(['--json', 'doctor'], { cwd: p.dir });
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout) as { ok: boolean; checks: Record<string, unknown>[]; fixed: string[] };
    expect(document.ok).toBe(true);
    expect(document.fixed).toEqual([]);
    expect([...new Set(document.checks.map((check) => check.id))]).toEqual(CHECK_IDS);
    for (const check of document.checks) {
      expect(Object.keys(check)).toEqual(['id', 'status', 'title', 'message', 'fix']);
      expect(check).toMatchObject({ status: 'ok', fix: null, title: expect.any(String), message: expect.any(String) });
    }
  });

  it('a broken project: exit 1, each problem with its fix; --fix repairs what is safe and says so', async () => {
    const p = tempProject('', {
      '.env.example': ENV_EXAMPLE,
      '.env': 'API_PORT=4000\n',
      '.stackctl/token': 'secret\n',
    });
    const server = await spawnServer(p.dir);
    fs.appendFileSync(
      path.join(p.dir, 'stackctl.yaml'),
      `services:\n  api:\n    command: nonexistent-tool-xyz serve\n    env_file: .env\n  web:\n    command: node web.js\n    port: ${server.port}\n`,
    );
    fs.chmodSync(path.join(p.dir, '.stackctl', 'token'), 0o644);
    const dead = deadPid();
    const record = { service: 'web', pid: dead, pgid: dead, startTime: 1, command: 'node web.js', startedAt: 0, restarts: 0, origin: 'managed', output: null };
    fs.mkdirSync(path.join(p.dir, '.stackctl', 'run'), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(p.dir, '.stackctl', 'run', 'web.json'), JSON.stringify(record), { mode: 0o600 });
    fs.chmodSync(path.join(p.dir, '.stackctl'), 0o700); // only the token is open to others

    const broken = await runCli(['doctor'], { cwd: p.dir });
    expect(broken.code, broken.stderr).toBe(1);
    const out = broken.stdout;
    expect(out).toContain('✗ tools         nonexistent-tool-xyz is not installed (needed by api)\n                fix: install nonexistent-tool-xyz');
    expect(out).toContain('✗ env           .env: API_KEY missing (against .env.example)\n                fix: stackctl env setup asks for the missing values');
    expect(out).toContain(`✗ ports         port ${server.port} (web) is held by pid ${server.pid} (node server.js, started`);
    expect(out).toContain(`fix: \`stackctl start web --adopt\` to track it as web, \`stackctl start web --replace\` to stop it and start web, or \`kill ${server.pid}\``);
    expect(out).toContain(`! run-records   stale run record .stackctl/run/web.json: web pid ${dead}, which is not running\n                fix: \`stackctl doctor --fix\` removes it\n`);
    expect(out).toContain('✗ state-dir     .stackctl/token has mode 0644: other users can read it\n                fix: `chmod 600 .stackctl/token`');
    expect(out).toMatch(/\n\n4 problems, 1 warning\n$/);

    const fixed = await runCli(['doctor', '--fix', 'run-records', 'state-dir'], { cwd: p.dir });
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toContain('✓ run-records  fixed: removed the stale run record .stackctl/run/web.json\n');
    expect(fixed.stdout).toContain('✓ state-dir    fixed: chmod 600 .stackctl/token\n');
    expect(fixed.stdout).toMatch(/no problems found \(2 fixed\)\n$/);
    expect(fs.statSync(path.join(p.dir, '.stackctl', 'token')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(p.dir, '.stackctl', 'run', 'web.json'))).toBe(false);

    const json = JSON.parse((await runCli(['--json', 'doctor', 'tools'], { cwd: p.dir })).stdout) as { ok: boolean; checks: { status: string; fix: string | null }[] };
    expect(json.ok).toBe(false);
    expect(json.checks.find((check) => check.status === 'fail')?.fix).toContain('nonexistent-tool-xyz');
  });

  it('warnings alone exit 0, and 1 with --strict; an invalid config exits 1 naming file:line', async () => {
    const p = tempProject('services:\n  api:\n    command: node server.js\n', { '.stackctl/daemon.pid': '999999999\n' });
    const lenient = await runCli(['doctor', 'run-records'], { cwd: p.dir });
    expect(lenient.code, lenient.stdout + lenient.stderr).toBe(0);
    expect(lenient.stdout).toContain('no problems, 1 warning\n');
    const strict = await runCli(['doctor', 'run-records', '--strict'], { cwd: p.dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('no problems, 1 warning (--strict: warnings fail)\n');

    fs.writeFileSync(path.join(p.dir, 'stackctl.yaml'), 'services:\n  api:\n    command: node server.js\n    port: nope\n');
    const invalid = await runCli(['doctor'], { cwd: p.dir });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/✗ config +stackctl\.yaml:4:11 services\.api\.port: .*\n +fix: edit stackctl\.yaml:4;/);

    const unknown = await runCli(['doctor', 'prots'], { cwd: p.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('error[E_USAGE]: unknown check "prots"\nhint: did you mean ports?\n');
  });

  it('a port held by the service `stackctl up` runs (no run record) is fine', async () => {
    const port = await freePort();
    const p = tempProject(`services:\n  api:\n    command: ["node", "server.js", "${port}"]\n    port: ${port}\n    health: { tcp: ${port}, interval: 200ms }\n`, {
      'server.js': SERVER_SCRIPT,
    });
    const up = startCli(['up'], { cwd: p.dir });
    try {
      await up.waitForOutput(/all 1 service\(s\) up/);
      const result = await runCli(['doctor', 'ports'], { cwd: p.dir });
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`✓ ports  ports held by their services: ${port} \\(api, pid \\d+\\)\n`));
    } finally {
      up.child.kill('SIGINT');
      await up.exited;
    }
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
  });
});
