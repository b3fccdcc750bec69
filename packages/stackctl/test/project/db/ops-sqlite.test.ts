// backup, restore and reset on a real SQLite database file, through the config a project would have.
import { chmodSync, existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../src/project/db/index.js';
import { backupDatabase, listBackups, resetDatabase, restoreDatabase, type ResetStep } from '../../../src/project/db/ops/index.js';
import { stackctlRejection } from '../../helpers/thrown.js';
import { liveChildren, MIGRATIONS, opsProject, type OpsProject } from './ops-project.js';

const projects: OpsProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
  expect(liveChildren()).toEqual([]);
});

async function project(databaseYaml = '  url: sqlite:./data/app.db\n', files?: Record<string, string>): Promise<OpsProject> {
  const made = await opsProject(databaseYaml, files);
  projects.push(made);
  return made;
}

function titles(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT title FROM todos ORDER BY id').all() as Array<{ title: string }>).map((row) => row.title);
  } finally {
    db.close();
  }
}

function write(file: string, sql: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const env = { PATH: process.env.PATH };

describe('SQLite backup and restore', () => {
  it('round-trips: rows written, backed up, changed, restored', async () => {
    const p = await project();
    await migrateDatabase(p.config, env);
    const file = path.join(p.dir, 'data/app.db');
    write(file, "PRAGMA journal_mode = WAL; INSERT INTO todos (title) VALUES ('one'), ('two');");

    const backup = await backupDatabase(p.config, env, { now: new Date(2024, 4, 1, 9, 30, 12) });
    expect(backup.file).toBe(path.join(p.dir, '.stackctl/backups', `${p.config.project}-20240501-093012.sqlite`));
    expect(backup.database).toBe(`sqlite:${file}`);
    expect(backup.bytes).toBeGreaterThan(0);
    expect(readFileSync(path.join(p.dir, '.stackctl/.gitignore'), 'utf8')).toContain('*');
    expect(titles(backup.file)).toEqual(['one', 'two']);

    write(file, "DELETE FROM todos WHERE title = 'one'; INSERT INTO todos (title) VALUES ('three');");
    expect(titles(file)).toEqual(['two', 'three']);
    writeFileSync(`${file}-shm`, 'stale');

    const restored = await restoreDatabase(p.config, env, backup.file);
    expect(restored).toEqual({ file: backup.file, database: `sqlite:${file}`, format: 'sqlite' });
    expect(existsSync(`${file}-shm`)).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(titles(file)).toEqual(['one', 'two']);
  });

  it('names a second backup in the same second -2, and writes --out where asked', async () => {
    const p = await project();
    await migrateDatabase(p.config, env);
    const now = new Date(2024, 0, 2, 3, 4, 5);
    const first = await backupDatabase(p.config, env, { now });
    const second = await backupDatabase(p.config, env, { now });
    expect(path.basename(second.file)).toBe(`${p.config.project}-20240102-030405-2.sqlite`);
    expect(first.file).not.toBe(second.file);
    const out = path.join(p.dir, 'elsewhere/copy.db');
    expect((await backupDatabase(p.config, env, { out })).file).toBe(out);
    expect(titles(out)).toEqual([]);
  });

  it('refuses a missing backup, naming the 3 newest ones', async () => {
    const p = await project();
    await migrateDatabase(p.config, env);
    const made: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const { file } = await backupDatabase(p.config, env, { now: new Date(2024, 0, 1, 0, 0, index) });
      utimesSync(file, 1_700_000_000 + index, 1_700_000_000 + index);
      made.push(file);
    }
    expect(listBackups(p.dir).map((entry) => entry.file)).toEqual([...made].reverse());
    const missing = path.join(p.dir, 'nope.sqlite');
    const error = await stackctlRejection(restoreDatabase(p.config, env, missing));
    expect(error.code).toBe('E_USAGE');
    expect(error.message).toBe(`no backup file at ${missing}`);
    expect(error.hint).toBe(`the newest backups: ${[made[3], made[2], made[1]].join(', ')}`);
  });

  it('refuses a file that is not a SQLite database and leaves the database alone', async () => {
    const p = await project();
    await migrateDatabase(p.config, env);
    write(path.join(p.dir, 'data/app.db'), "INSERT INTO todos (title) VALUES ('kept');");
    writeFileSync(path.join(p.dir, 'dump.sql'), 'CREATE TABLE x (a int);\n');
    const error = await stackctlRejection(restoreDatabase(p.config, env, path.join(p.dir, 'dump.sql')));
    expect(error.code).toBe('E_USAGE');
    expect(error.message).toMatch(/is not a SQLite database file/);
    expect(titles(path.join(p.dir, 'data/app.db'))).toEqual(['kept']);
  });

  it('refuses sqlite::memory:, which has no file', async () => {
    const p = await project('  url: "sqlite::memory:"\n');
    for (const attempt of [backupDatabase(p.config, env), restoreDatabase(p.config, env, path.join(p.dir, 'stackctl.yaml')), resetDatabase(p.config, env)]) {
      const error = await stackctlRejection(attempt);
      expect(error.code).toBe('E_USAGE');
      expect(error.message).toMatch(/sqlite::memory:/);
    }
  });

  it('cannot back up a database file that does not exist yet', async () => {
    const p = await project();
    const error = await stackctlRejection(backupDatabase(p.config, env));
    expect(error.code).toBe('E_DATABASE_UNREACHABLE');
    expect(error.hint).toMatch(/stackctl db migrate/);
  });
});

describe('SQLite reset', () => {
  it('backs up, drops, migrates again and seeds from a .sql file', async () => {
    const p = await project('  url: sqlite:./data/app.db\n  seed: ./seed.sql\n', {
      ...MIGRATIONS,
      'seed.sql': "INSERT INTO todos (title, done) VALUES ('seeded', 1);\n",
    });
    await migrateDatabase(p.config, env);
    const file = path.join(p.dir, 'data/app.db');
    write(file, "INSERT INTO todos (title) VALUES ('old'); CREATE TABLE leftover (a int);");
    const steps: ResetStep['kind'][] = [];
    const applied: string[] = [];
    const result = await resetDatabase(p.config, env, {
      onStep: (step) => steps.push(step.kind),
      onProgress: (event) => event.kind === 'applied' && applied.push(event.version),
    });
    expect(steps).toEqual(['backed-up', 'dropped', 'migrated', 'seeded']);
    expect(applied).toEqual(['0001', '0002']);
    expect(result.seeded).toBe('sql');
    expect(result.backup?.file).toMatch(/\.stackctl\/backups\/.+\.sqlite$/);
    expect(titles(result.backup?.file ?? '')).toEqual(['old']);
    expect(titles(file)).toEqual(['seeded']);
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'leftover'").all()).toEqual([]);
    db.close();
  });

  it('runs a seed command in database.cwd with DATABASE_URL; --no-backup and --no-seed skip those steps', async () => {
    const p = await project('  url: sqlite:./data/app.db\n  cwd: ./db\n  seed: echo "seeded $DATABASE_URL" > seeded.txt\n', {
      ...MIGRATIONS,
      'db/.keep': '',
    });
    const first = await resetDatabase(p.config, env);
    expect(first.backup).toBeNull();
    expect(first.seeded).toBe('command');
    expect(readFileSync(path.join(p.dir, 'db/seeded.txt'), 'utf8')).toBe('seeded sqlite:./data/app.db\n');

    write(path.join(p.dir, 'data/app.db'), "INSERT INTO todos (title) VALUES ('gone');");
    const second = await resetDatabase(p.config, env, { backup: false, seed: false });
    expect(second).toMatchObject({ backup: null, seeded: null, tool: 'builtin', applied: ['0001', '0002'] });
    expect(titles(path.join(p.dir, 'data/app.db'))).toEqual([]);
    expect(listBackups(p.dir)).toEqual([]);
  });

  it('fails with E_SETUP_FAILED when the seed command fails, after the backup was reported', async () => {
    const p = await project('  url: sqlite:./data/app.db\n  seed: echo broken >&2; exit 4\n');
    await migrateDatabase(p.config, env);
    const steps: string[] = [];
    const error = await stackctlRejection(resetDatabase(p.config, env, { onStep: (step) => steps.push(step.kind) }));
    expect(error.code).toBe('E_SETUP_FAILED');
    expect(error.message).toMatch(/failed with exit code 4/);
    expect(error.details).toEqual(['broken']);
    expect(steps).toEqual(['backed-up', 'dropped', 'migrated']);
  });

  it('migrates through database.tool after the drop, passing the tool\'s output on', async () => {
    const p = await project('  url: sqlite:./data/app.db\n  tool: knex\n', {
      ...MIGRATIONS,
      'node_modules/.bin/knex': '#!/bin/sh\necho "knex $* $DATABASE_URL"\n',
    });
    chmodSync(path.join(p.dir, 'node_modules/.bin/knex'), 0o755);
    await migrateDatabase({ ...p.config, database: { ...(p.config.database ?? fail()), tool: 'builtin' } }, env);
    const lines: string[] = [];
    const result = await resetDatabase(p.config, env, { onOutput: (line) => lines.push(line) });
    expect(result).toMatchObject({ tool: 'knex', applied: [], seeded: null });
    expect(result.backup?.file).toMatch(/\.sqlite$/);
    expect(lines).toEqual(['knex migrate:latest sqlite:./data/app.db']);
    expect(existsSync(path.join(p.dir, 'data/app.db'))).toBe(false);
  });
});

function fail(): never {
  throw new Error('the test project has no database');
}
