// End-to-end: `stackctl db …` with the built CLI on a temporary SQLite project, from migrate to shell, and its usage errors.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, runCli, waitUntilProjectGone } from './cli-process.js';
import { createTempProject, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];

afterEach(async () => {
  for (const p of projects.splice(0)) {
    // Every CLI run carried STACKCTL_PROJECT, and so did sqlite3 and the seed command it started.
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
    p.remove();
  }
});

export const MIGRATIONS: Readonly<Record<string, string>> = {
  '0001_create_todos.sql': '-- up\nCREATE TABLE todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n-- down\nDROP TABLE todos;\n',
  '0002_add_done.sql': '-- up\nALTER TABLE todos ADD COLUMN done INTEGER NOT NULL DEFAULT 0;\n-- down\nALTER TABLE todos DROP COLUMN done;\n',
};

function sqliteProject(extra = ''): TempProject {
  const p = createTempProject(`services:
  api:
    command: node server.js
database:
  url: sqlite:./data/app.db
${extra}`);
  projects.push(p);
  mkdirSync(path.join(p.dir, 'migrations'));
  for (const [name, sql] of Object.entries(MIGRATIONS)) writeFileSync(path.join(p.dir, 'migrations', name), sql);
  return p;
}

/** Runs the CLI with STACKCTL_PROJECT set, so it and whatever it starts can be found in /proc afterwards. */
function cli(p: TempProject, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (input === undefined) return runCli(args, { cwd: p.dir, env: { STACKCTL_PROJECT: p.name } });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: p.dir,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, STACKCTL_PROJECT: p.name },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

function titles(p: TempProject): string[] {
  const db = new Database(path.join(p.dir, 'data/app.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT title FROM todos ORDER BY id').all() as Array<{ title: string }>).map((row) => row.title);
  } finally {
    db.close();
  }
}

describe('stackctl db on SQLite', () => {
  it('migrates, reports status, rolls back, backs up, resets and opens a shell', async () => {
    const p = sqliteProject('  seed: ./seed.sql\n');
    writeFileSync(path.join(p.dir, 'seed.sql'), "INSERT INTO todos (title) VALUES ('seeded');\n");

    const migrated = await cli(p, ['db', 'migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/^→ 0001_create_todos … ✓ \d+ ms\n→ 0002_add_done … ✓ \d+ ms\n2 migrations applied\n$/);
    expect((await cli(p, ['db', 'migrate'])).stdout).toBe('database is up to date\n');

    const status = await cli(p, ['db', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const json = JSON.parse(status.stdout) as { tool: string; database: string; migrations: Array<Record<string, unknown>> };
    expect(json.tool).toBe('builtin');
    expect(json.database).toBe(`sqlite:${path.join(p.dir, 'data/app.db')}`);
    expect(json.migrations.map(({ version, name, state }) => ({ version, name, state }))).toEqual([
      { version: '0001', name: 'create_todos', state: 'applied' },
      { version: '0002', name: 'add_done', state: 'applied' },
    ]);
    for (const row of json.migrations) expect(Date.parse(String(row.applied_at))).toBeGreaterThan(Date.now() - 60_000);

    const rolledBack = await cli(p, ['db', 'rollback']);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toMatch(/^← 0002_add_done … ✓ \d+ ms\n1 migration rolled back\n$/);
    const table = await cli(p, ['db', 'status']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^VERSION +NAME +STATE +APPLIED AT\n0001 +create_todos +applied +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n0002 +add_done +pending +-\n1 applied, 1 pending\n$/);

    // An applied migration edited afterwards: status exits 1 and says so.
    writeFileSync(path.join(p.dir, 'migrations/0001_create_todos.sql'), `${MIGRATIONS['0001_create_todos.sql']}-- edited\n`);
    const drifted = await cli(p, ['db', 'status']);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/0001 +create_todos +changed/);
    expect(drifted.stderr).toMatch(/^hint: a changed migration/);
    writeFileSync(path.join(p.dir, 'migrations/0001_create_todos.sql'), MIGRATIONS['0001_create_todos.sql'] ?? '');
    const remigrated = await cli(p, ['db', 'migrate']);
    expect(remigrated.code, remigrated.stderr).toBe(0);

    new Database(path.join(p.dir, 'data/app.db')).exec("INSERT INTO todos (title) VALUES ('mine')").close();
    const backup = await cli(p, ['db', 'backup']);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`^backed up SQLite .+/data/app\\.db to \\.stackctl/backups/${p.name}-\\d{8}-\\d{6}\\.sqlite \\(\\d+\\.\\d KB\\)\\n$`));
    const backups = readdirSync(path.join(p.dir, '.stackctl/backups'));
    expect(backups).toHaveLength(1);

    const reset = await cli(p, ['db', 'reset', '--yes']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/^backed up to \.stackctl\/backups\/.+\.sqlite \(.+\); `stackctl db restore .+` brings it back\n/m);
    expect(reset.stdout).toMatch(/dropped everything in SQLite .+\n→ 0001_create_todos … ✓ \d+ ms\n→ 0002_add_done … ✓ \d+ ms\nseeded from database.seed \(SQL file\)\nreset done: 2 migrations applied\n$/);
    expect(readdirSync(path.join(p.dir, '.stackctl/backups'))).toHaveLength(2);
    expect(titles(p)).toEqual(['seeded']);

    const restored = await cli(p, ['db', 'restore', `.stackctl/backups/${backups[0] ?? ''}`, '--yes']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(titles(p)).toEqual(['mine']);

    const tables = await cli(p, ['db', 'shell', '--', '-cmd', '.tables']);
    expect(tables.code, tables.stderr).toBe(0);
    expect(tables.stdout).toMatch(/stackctl_migrations\s.*todos/);
    const piped = await cli(p, ['db', 'shell'], 'select count(*) from todos;\n');
    expect(piped).toMatchObject({ code: 0, stdout: '1\n' });
    const failing = await cli(p, ['db', 'shell', '--', '-bail', 'select nope from missing;']);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/no such table: missing/);
  });

  it('baselines a database that already has the schema, then has nothing to migrate', async () => {
    const p = sqliteProject();
    mkdirSync(path.join(p.dir, 'data'));
    new Database(path.join(p.dir, 'data/app.db')).exec('CREATE TABLE todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)').close();
    const baselined = await cli(p, ['db', 'baseline']);
    expect(baselined.code, baselined.stderr).toBe(0);
    expect(baselined.stdout).toBe('= 0001_create_todos marked as applied\n= 0002_add_done marked as applied\n2 migrations marked as applied (not run)\n');
    const status = JSON.parse((await cli(p, ['--json', 'db', 'status'])).stdout) as { migrations: Array<{ state: string }> };
    expect(status.migrations.map((row) => row.state)).toEqual(['applied', 'applied']);
    expect((await cli(p, ['db', 'migrate'])).stdout).toBe('database is up to date\n');
  });

  it('without a database: section exits 2 with the YAML to add, naming a detected tool', async () => {
    const p = createTempProject('services:\n  api:\n    command: node server.js\n');
    projects.push(p);
    const plain = await cli(p, ['db', 'migrate']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe(
      'error[E_DATABASE_NOT_CONFIGURED]: stackctl.yaml has no database: section\nhint: add these lines to it:\n  database:\n    url: sqlite:./data/app.db\n    migrations_dir: ./migrations\n',
    );
    writeFileSync(path.join(p.dir, 'knexfile.js'), 'module.exports = {};\n');
    const knex = await cli(p, ['db', 'status']);
    expect(knex.code).toBe(2);
    expect(knex.stderr).toContain('(knex files were found, so stackctl can run knex for you):\n  database:\n    url: sqlite:./data/app.db\n    tool: knex\n');
  });

  it('without a subcommand prints the subcommands and exits 2, with no error line', async () => {
    const p = sqliteProject();
    const { code, stdout, stderr } = await cli(p, ['db']);
    expect(code).toBe(2);
    expect(stdout + stderr).toMatch(/migrate[\s\S]*rollback[\s\S]*shell/);
    expect(stderr).not.toContain('error[');
  });

  it('refuses restore and reset without --yes when stdin is not a terminal, and a missing backup file', async () => {
    const p = sqliteProject();
    expect((await cli(p, ['db', 'migrate'])).code).toBe(0);
    const backup = JSON.parse((await cli(p, ['db', 'backup', '--json'])).stdout) as { file: string; bytes: number; database: string; format: string };
    expect(backup).toMatchObject({ database: `sqlite:${path.join(p.dir, 'data/app.db')}`, format: 'sqlite' });
    expect(readFileSync(backup.file).subarray(0, 15).toString()).toBe('SQLite format 3');

    const restore = await cli(p, ['db', 'restore', backup.file]);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/^error\[E_USAGE\]: stdin is not a terminal, so stackctl cannot ask before it replaces SQLite .+app\.db\nhint: pass --yes .+ --yes\n$/);
    const reset = await cli(p, ['db', 'reset', '--no-seed']);
    expect(reset.code).toBe(2);
    expect(reset.stderr).toContain('hint: pass --yes to go ahead without asking: stackctl db reset --no-seed --yes\n');
    expect(readdirSync(path.join(p.dir, '.stackctl/backups'))).toHaveLength(1);

    const missing = await cli(p, ['db', 'restore', 'nope.sqlite', '--yes']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error[E_USAGE]: no backup file at ${path.join(p.dir, 'nope.sqlite')}\nhint: the newest backups: ${backup.file}\n`);
  });

  it('hands migrate and status to database.tool, and says what the tool cannot do', async () => {
    const p = sqliteProject('  tool: knex\n');
    mkdirSync(path.join(p.dir, 'node_modules/.bin'), { recursive: true });
    const knex = path.join(p.dir, 'node_modules/.bin/knex');
    writeFileSync(knex, '#!/bin/sh\necho "knex $* url=$DATABASE_URL"\n[ "$1" != migrate:status ] || exit 3\n', { mode: 0o755 });
    const migrated = await cli(p, ['db', 'migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toBe('knex migrate:latest url=sqlite:./data/app.db\n');
    expect(migrated.stderr).toBe('✓ npx knex migrate:latest\n');
    const json = await cli(p, ['db', 'migrate', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      tool: 'knex',
      database: `sqlite:${path.join(p.dir, 'data/app.db')}`,
      action: 'migrate',
      output: ['knex migrate:latest url=sqlite:./data/app.db'],
    });
    const status = await cli(p, ['db', 'status']);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('error[E_MIGRATION_FAILED]: `npx knex migrate:status` failed with exit code 3');
    const baseline = await cli(p, ['db', 'baseline']);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toMatch(/^error\[E_USAGE\]: baseline is for the built-in runner; database.tool is knex/);
  });
});
