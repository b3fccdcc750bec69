// backup (pg_dump), restore (psql, pg_restore) and reset on a real PostgreSQL server on a loopback ephemeral port.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../src/project/db/index.js';
import { backupDatabase, resetDatabase, restoreDatabase } from '../../../src/project/db/ops/index.js';
import { startPostgres, type PostgresServer } from '../../helpers/postgres-server.js';
import { query } from '../../helpers/postgres-query.js';
import { stackctlRejection } from '../../helpers/thrown.js';
import { liveChildren, opsProject, type OpsProject } from './ops-project.js';

const PG_MIGRATIONS = {
  'migrations/0001_create_todos.sql': '-- up\nCREATE TABLE todos (id SERIAL PRIMARY KEY, title TEXT NOT NULL);\n-- down\nDROP TABLE todos;\n',
  'migrations/0002_add_done.sql': '-- up\nALTER TABLE todos ADD COLUMN done BOOLEAN NOT NULL DEFAULT false;\n-- down\nALTER TABLE todos DROP COLUMN done;\n',
};

let server: PostgresServer;
let databases = 0;
const projects: OpsProject[] = [];

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server.stop();
  expect(liveChildren()).toEqual([]);
});
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
  expect(liveChildren([server.pid])).toEqual([]);
});

/** A project whose url names a fresh database on the server, with the password-less URL split into ${VAR}s. */
async function project(extraYaml = '', files: Record<string, string> = {}): Promise<{ p: OpsProject; url: string }> {
  databases += 1;
  const url = await server.createDatabase(`ops_${databases}`);
  const p = await opsProject(`  url: postgres://postgres@127.0.0.1:\${PG_TEST_PORT}/ops_${databases}\n${extraYaml}`, { ...PG_MIGRATIONS, ...files });
  projects.push(p);
  return { p, url };
}

const titles = async (url: string): Promise<string[]> => (await query<{ title: string }>(url, 'SELECT title FROM todos ORDER BY id')).map((row) => row.title);
const tables = async (url: string): Promise<string[]> =>
  (await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).map((row) => row.tablename);

const env = (): Record<string, string | undefined> => ({ PATH: process.env.PATH, PG_TEST_PORT: String(server.port) });

describe('PostgreSQL backup and restore', () => {
  it('round-trips a plain pg_dump: rows back, tables created since gone', async () => {
    const { p, url } = await project();
    await migrateDatabase(p.config, env());
    await query(url, "INSERT INTO todos (title) VALUES ('one'), ('two')");

    const backup = await backupDatabase(p.config, env(), { now: new Date(2024, 4, 1, 9, 30, 12) });
    expect(backup.file).toBe(path.join(p.dir, '.stackctl/backups', `${p.config.project}-20240501-093012.sql`));
    expect(backup.format).toBe('sql');
    expect(backup.database).toBe(`postgres://postgres@127.0.0.1:${server.port}/ops_${databases}`);
    const text = readFileSync(backup.file, 'utf8');
    expect(text).toContain('DROP TABLE IF EXISTS public.todos;');
    expect(text).not.toMatch(/OWNER TO/);

    await query(url, "DELETE FROM todos WHERE title = 'one'; INSERT INTO todos (title) VALUES ('three'); CREATE TABLE later (a int);");
    expect(await titles(url)).toEqual(['two', 'three']);

    expect(await restoreDatabase(p.config, env(), backup.file)).toMatchObject({ file: backup.file, format: 'sql' });
    expect(await titles(url)).toEqual(['one', 'two']);
    expect(await tables(url)).toEqual(['stackctl_migrations', 'todos']);
    expect((await query<{ nextval: string }>(url, "SELECT nextval('todos_id_seq')"))[0]?.nextval).toBe('3');
  });

  it('round-trips pg_dump custom format when --out ends in .dump', async () => {
    const { p, url } = await project();
    await migrateDatabase(p.config, env());
    await query(url, "INSERT INTO todos (title) VALUES ('kept')");
    const out = path.join(p.dir, 'snap.dump');
    const backup = await backupDatabase(p.config, env(), { out });
    expect(backup).toMatchObject({ file: out, format: 'custom' });
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('PGDMP');
    await query(url, 'DROP TABLE todos');
    expect(await restoreDatabase(p.config, env(), out)).toMatchObject({ format: 'custom' });
    expect(await titles(url)).toEqual(['kept']);
  });

  it('leaves the database untouched when the dump fails half-way (one transaction)', async () => {
    const { p, url } = await project();
    await migrateDatabase(p.config, env());
    await query(url, "INSERT INTO todos (title) VALUES ('safe')");
    writeFileSync(path.join(p.dir, 'broken.sql'), 'CREATE TABLE fine (a int);\nSELECT * FROM no_such_table;\n');
    const error = await stackctlRejection(restoreDatabase(p.config, env(), path.join(p.dir, 'broken.sql')));
    expect(error.code).toBe('E_DATABASE_UNREACHABLE');
    expect(error.message).toMatch(/nothing was changed/);
    expect(error.details.join('\n')).toMatch(/no_such_table/);
    expect(await titles(url)).toEqual(['safe']);
    expect(await tables(url)).toEqual(['stackctl_migrations', 'todos']);
  });

  it('refuses a SQLite file as a PostgreSQL backup', async () => {
    const { p } = await project();
    writeFileSync(path.join(p.dir, 'app.sqlite'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(100)]));
    const error = await stackctlRejection(restoreDatabase(p.config, env(), path.join(p.dir, 'app.sqlite')));
    expect(error.code).toBe('E_USAGE');
  });

  it('names the package when pg_dump is not installed, and E_DATABASE_UNREACHABLE when the server is not there', async () => {
    const { p } = await project();
    const missing = await stackctlRejection(backupDatabase(p.config, { PATH: '/nonexistent', PG_TEST_PORT: String(server.port) }));
    expect(missing.code).toBe('E_TOOL_NOT_FOUND');
    expect(missing.message).toBe('pg_dump is not installed (needed to back up a PostgreSQL database)');
    expect(missing.hint).toMatch(/apt-get install postgresql-client .*brew install libpq/);

    const closed = await stackctlRejection(backupDatabase(p.config, { ...env(), PG_TEST_PORT: '1' }));
    expect(closed.code).toBe('E_DATABASE_UNREACHABLE');
    expect(closed.message).toMatch(/^pg_dump of postgres:\/\/postgres@127\.0\.0\.1:1\/ops_\d+ failed with exit code 1$/);
  });
});

describe('PostgreSQL reset', () => {
  it('backs up with pg_dump, drops the public schema, migrates and seeds', async () => {
    const { p, url } = await project('  seed: ./seed.sql\n', { 'seed.sql': "INSERT INTO todos (title, done) VALUES ('seeded', true);\n" });
    await migrateDatabase(p.config, env());
    await query(url, "INSERT INTO todos (title) VALUES ('old'); CREATE TABLE leftover (a int);");
    const steps: string[] = [];
    const result = await resetDatabase(p.config, env(), { onStep: (step) => steps.push(step.kind) });
    expect(steps).toEqual(['backed-up', 'dropped', 'migrated', 'seeded']);
    expect(result).toMatchObject({ tool: 'builtin', applied: ['0001', '0002'], seeded: 'sql' });
    expect(readFileSync(result.backup?.file ?? '', 'utf8')).toMatch(/leftover/);
    expect(await tables(url)).toEqual(['stackctl_migrations', 'todos']);
    expect(await titles(url)).toEqual(['seeded']);
  });
});
