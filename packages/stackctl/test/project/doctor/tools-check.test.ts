// The tools check on real files and a real PATH: a missing command, lockfile package managers, python3, database clients.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctor, findingWith, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

/** A bin folder holding executable stubs named `names`, to use as the whole PATH. */
function binFolder(root: string, names: readonly string[]): string {
  const dir = path.join(root, 'fake-bin');
  fs.mkdirSync(dir, { recursive: true });
  for (const name of names) fs.writeFileSync(path.join(dir, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir;
}

describe('tools check', () => {
  it('fails for a command that is not installed, naming the service and how to install it', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  api:\n    command: nonexistent-tool-xyz serve\n  web:\n    command: node web.js\n' });
    const report = await doctor(root, { checks: ['tools'] });
    const missing = findingWith(report, 'tools', 'nonexistent-tool-xyz');
    expect(missing).toMatchObject({ status: 'fail', message: 'nonexistent-tool-xyz is not installed (needed by api)' });
    expect(missing.fix).toBe('install nonexistent-tool-xyz (the package that provides it), or fix services.api.command');
    expect(findingWith(report, 'tools', 'found').message).toBe('found 1 program: node');
  });

  it('finds programs in the project’s node_modules/.bin and .venv/bin, and paths relative to the service', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  web:\n    command: vite --port 5173\n    cwd: ./web\n  api:\n    command: uvicorn main:app\n    cwd: ./api\n  job:\n    command: ./bin/job\n    cwd: ./api\n',
      'web/': '',
    });
    binFolder(path.join(root, 'node_modules', '.bin'), []);
    fs.writeFileSync(path.join(root, 'node_modules', '.bin', 'vite'), '#!/bin/sh\n', { mode: 0o755 });
    fs.mkdirSync(path.join(root, 'api', '.venv', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(root, 'api', '.venv', 'bin', 'uvicorn'), '#!/bin/sh\n', { mode: 0o755 });
    const report = await doctor(root, { checks: ['tools'] });
    expect(findings(report, 'tools').map((entry) => entry.status)).toEqual(['ok', 'fail']);
    expect(findingWith(report, 'tools', 'found').message).toBe('found 2 programs: vite, uvicorn');
    expect(findingWith(report, 'tools', './bin/job')).toMatchObject({
      message: './bin/job is not installed (needed by job)',
      fix: './bin/job does not exist or is not executable: fix the path in services.job.command',
    });
  });

  it('needs the package manager of a lockfile and python3 for a Python service', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  web:\n    command: node web.js\n    cwd: ./web\n  api:\n    command: node api.js\n    cwd: ./api\n',
      'web/pnpm-lock.yaml': 'lockfileVersion: 9\n',
      'api/requirements.txt': 'fastapi\n',
    });
    const bin = binFolder(root, ['node']);
    const report = await doctor(root, { checks: ['tools'], env: { PATH: bin } });
    expect(findingWith(report, 'tools', 'pnpm')).toMatchObject({
      status: 'fail',
      message: 'pnpm is not installed (web/pnpm-lock.yaml is a pnpm lockfile)',
      fix: 'npm install -g pnpm (or corepack enable pnpm)',
    });
    expect(findingWith(report, 'tools', 'python3')).toMatchObject({ status: 'fail', fix: 'sudo apt install python3 python3-venv' });
  });

  it('warns about the clients `stackctl db` uses and fails without the migration tool', async () => {
    const root = project({
      'stackctl.yaml': 'database:\n  url: ${DATABASE_URL}\n  tool: prisma\nservices:\n  api:\n    command: node api.js\n',
      '.env': 'DATABASE_URL=postgres://app@127.0.0.1:5432/app\n',
    });
    const bin = binFolder(root, ['node']);
    const report = await doctor(root, { checks: ['tools'], env: { PATH: bin } });
    expect(findingWith(report, 'tools', 'psql')).toMatchObject({ status: 'warn', message: 'psql is not installed (needed by `stackctl db shell`)', fix: 'sudo apt install postgresql-client' });
    expect(findingWith(report, 'tools', 'pg_dump').status).toBe('warn');
    expect(findingWith(report, 'tools', 'prisma')).toMatchObject({ status: 'fail', fix: 'npm install --save-dev prisma' });

    const sqlite = project({ 'stackctl.yaml': 'database:\n  url: sqlite:./app.db\nservices:\n  api:\n    command: node api.js\n' });
    const sqliteReport = await doctor(sqlite, { checks: ['tools'], env: { PATH: binFolder(sqlite, ['node']) } });
    expect(findingWith(sqliteReport, 'tools', 'sqlite3')).toMatchObject({ status: 'warn', message: 'sqlite3 is not installed (only `stackctl db shell` needs it)' });
  });
});
