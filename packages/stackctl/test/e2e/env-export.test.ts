// End-to-end: `env setup|check|unset|show` and `export systemd --out` with the built CLI on a temporary project.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { createTempProject, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const EXAMPLE = `# Where the database lives
# @type url
DATABASE_URL=postgres://localhost/demo
# Upstream API key
API_KEY=
# @generate
SESSION_SECRET=
LOG_LEVEL=info
`;

describe('stackctl env and export', () => {
  it('sets up, checks, unsets and shows .env; exports one systemd unit per service', async () => {
    const p = createTempProject(`services:
  db:
    command: ["node", "db.js"]
    port: 5432
  api:
    command: node server.js
    env_file: .env
    depends_on: { db: started }
  worker:
    command: ["node", "worker.js"]
`);
    projects.push(p);
    writeFileSync(path.join(p.dir, '.env.example'), EXAMPLE);
    const cli = (args: string[]) => runCli(args, { cwd: p.dir });

    const refused = await cli(['env', 'setup']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error[E_USAGE]: stdin is not a terminal');

    const setup = await cli(['env', 'setup', '--yes', '--set', 'API_KEY=x']);
    expect(setup.code, setup.stderr).toBe(0);
    const envFile = path.join(p.dir, '.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const written = readFileSync(envFile, 'utf8');
    expect(written).toMatch(/^# Where the database lives\n# @type url\nDATABASE_URL=postgres:\/\/localhost\/demo\n# Upstream API key\nAPI_KEY=x\n# @generate\nSESSION_SECRET=[\w-]{43}\nLOG_LEVEL=info\n$/);

    expect((await cli(['env', 'check'])).code).toBe(0);
    expect((await cli(['env', 'unset', 'API_KEY'])).code).toBe(0);
    const failed = await cli(['env', 'check']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('API_KEY: missing');

    // A malformed assignment is answered in the words typed: `env set` has no --set flag.
    const malformed = await cli(['env', 'set', 'NOEQUALS']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toBe('error[E_USAGE]: expected KEY=VALUE, got "NOEQUALS"\nhint: for example stackctl env set API_KEY=abc123\n');
    const badFlag = await cli(['env', 'setup', '--yes', '--set', 'NOEQUALS']);
    expect(badFlag.stderr).toContain('error[E_USAGE]: --set: expected KEY=VALUE, got "NOEQUALS"\nhint: for example --set API_KEY=abc123\n');

    expect((await cli(['env', 'set', 'API_KEY=secret-value'])).code).toBe(0);
    const shown = await cli(['env', 'show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('API_KEY=********\n');
    expect(shown.stdout).toContain('SESSION_SECRET=********\n');
    expect(shown.stdout).toContain('LOG_LEVEL=info\n');
    expect(shown.stdout).not.toContain('secret-value');
    expect((await cli(['env', 'show', '--reveal'])).stdout).toContain('API_KEY=secret-value\n');

    const out = mkdtempSync(path.join(os.tmpdir(), 'stackctl-export-'));
    dirs.push(out);
    const exported = await cli(['export', 'systemd', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const units = [`stackctl-${p.name}-db.service`, `stackctl-${p.name}-api.service`, `stackctl-${p.name}-worker.service`];
    expect(readdirSync(out).sort()).toEqual([...units].sort());
    const api = readFileSync(path.join(out, units[1] ?? ''), 'utf8');
    expect(api).toContain(`Requires=stackctl-${p.name}-db.service`);
    expect(api).toContain(`EnvironmentFile=${envFile}`);
    expect(api).toContain('ExecStart=/bin/sh -c "node server.js"');
    expect(api).not.toContain('secret-value');
  });
});
