// The built CLI: `init` writes a stackctl.yaml that `status` can load, refuses to overwrite, --dry-run; `completion` and `__complete`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCli } from './cli-process.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-e2e-init-'));
  mkdirSync(path.join(dir, 'web'));
  mkdirSync(path.join(dir, 'api'));
  writeFileSync(path.join(dir, 'web/package.json'), JSON.stringify({ scripts: { dev: 'vite' }, devDependencies: { vite: '5' } }));
  writeFileSync(path.join(dir, 'web/vite.config.js'), "export default { server: { proxy: { '/api': 'http://localhost:3000' } } };\n");
  writeFileSync(path.join(dir, 'api/package.json'), JSON.stringify({ scripts: { dev: 'node server.js' }, dependencies: { express: '4' } }));
  writeFileSync(path.join(dir, 'api/server.js'), 'app.listen(process.env.PORT || 3000);\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = startCli(args, { cwd: dir });
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('stackctl init', () => {
  it('writes stackctl.yaml, which loads; a second run refuses without --force', async () => {
    const first = await cli('init');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('wrote stackctl.yaml with 2 service(s)');
    const text = readFileSync(path.join(dir, 'stackctl.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S*stackctl\.schema\.json$/m);
    expect(text).toContain('depends_on:\n      api: healthy');

    const status = await cli('--json', 'status');
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { services: Array<{ name: string }> }).services.map((service) => service.name).sort()).toEqual(['api', 'web']);

    const again = await cli('init');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('error[E_USAGE]: stackctl.yaml already exists');
    expect(again.stderr).toContain('hint: pass --force to replace stackctl.yaml with a new one, or --dry-run to see what would be written');
    expect((await cli('init', '--force', '--yes')).code).toBe(0);
  });

  it('says another config file stays but is ignored; in a folder with nothing to run, says so instead of writing an invalid file', async () => {
    writeFileSync(path.join(dir, 'stackctl.json'), '{"services": {}}');
    const other = await cli('init');
    expect(other.stderr).toContain('hint: pass --force to write stackctl.yaml anyway (stackctl.json stays, but is ignored: stackctl.yaml is read first)');
    const empty = mkdtempSync(path.join(os.tmpdir(), 'stackctl-e2e-init-empty-'));
    try {
      writeFileSync(path.join(empty, 'README.md'), '# notes\n');
      const run = startCli(['init', '--yes'], { cwd: empty });
      expect(await run.exited).toBe(2);
      expect(run.stderr()).toContain(`error[E_USAGE]: nothing to run was found in ${empty}: no package.json dev or start script, Python web app or Procfile`);
      expect(run.stderr()).not.toContain('E_INTERNAL');
      expect(() => readFileSync(path.join(empty, 'stackctl.yaml'))).toThrow();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('`up` before `setup` on a fresh clone: the missing .env points at `stackctl setup` when a .env.example is beside it', async () => {
    writeFileSync(path.join(dir, 'stackctl.yaml'), 'services:\n  api:\n    command: node server.js\n    cwd: ./api\n    env_file: api/.env\n');
    writeFileSync(path.join(dir, 'api/.env.example'), 'PORT=3000\n');
    const up = await cli('up');
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('(run `stackctl setup` or `stackctl env setup` to create it from .env.example)');
    expect(up.stderr).toContain('hint: run `stackctl setup` (or `stackctl env setup`) first');
    expect(up.stderr).not.toContain('schema');
  });

  it('a PostgreSQL need with postgres installed: a service for a normal user, a commented block with the reason for root (postgres refuses root)', async () => {
    writeFileSync(path.join(dir, 'api/package.json'), JSON.stringify({ scripts: { dev: 'node server.js' }, dependencies: { express: '4', pg: '8' } }));
    const fakeBin = path.join(dir, 'bin');
    mkdirSync(fakeBin);
    for (const program of ['postgres', 'initdb']) writeFileSync(path.join(fakeBin, program), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const run = startCli(['--json', 'init', '--dry-run'], { cwd: dir, env: { PATH: `${fakeBin}:${process.env.PATH ?? ''}` } });
    expect(await run.exited).toBe(0);
    const plan = JSON.parse(run.stdout()) as { services: Array<{ name: string }>; missing: Array<{ kind: string; refuses_root?: boolean }>; yaml: string };
    if (process.getuid?.() === 0) {
      expect(plan.services.map((service) => service.name).sort()).toEqual(['api', 'web']);
      expect(plan.missing).toMatchObject([{ kind: 'PostgreSQL', refuses_root: true }]);
      expect(plan.yaml).toContain('refuses to run as root');
    } else {
      expect(plan.services.map((service) => service.name).sort()).toEqual(['api', 'postgres', 'web']);
      expect(plan.missing).toEqual([]);
    }
  });

  it('--dry-run prints without writing; --json gives the services', async () => {
    const dry = await cli('init', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('  web:\n    command: npm run dev\n    cwd: ./web\n    port: 5173');
    expect(() => readFileSync(path.join(dir, 'stackctl.yaml'))).toThrow();
    const json = JSON.parse((await cli('--json', 'init', '--dry-run')).stdout) as { written: boolean; services: Array<{ name: string; port: number }> };
    expect(json.written).toBe(false);
    expect(json.services.map((service) => [service.name, service.port])).toEqual([
      ['web', 5173],
      ['api', 3000],
    ]);
  });
});

describe('stackctl completion', () => {
  it('prints a bash script that bash accepts; __complete answers with service names', async () => {
    const script = await cli('completion', 'bash');
    expect(script.code).toBe(0);
    execFileSync('bash', ['-n'], { input: script.stdout });
    await cli('init');
    const names = await cli('__complete', '--', 'logs', '');
    expect(names.stdout).toBe('web\napi\n');
    const bad = await cli('completion', 'tcsh');
    expect(bad.code).toBe(2);
  });
});
