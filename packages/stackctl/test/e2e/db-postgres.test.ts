// End-to-end: `stackctl db` with the built CLI against a real PostgreSQL server (migrate, status, pg_dump backup, restore, psql).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../helpers/postgres-query.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { runCli, waitUntilProjectGone } from './cli-process.js';
import { createTempProject, type TempProject } from './temp-project.js';

let server: PostgresServer;
const projects: TempProject[] = [];

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  for (const p of projects.splice(0)) {
    // The CLI runs carried STACKCTL_PROJECT, and so did pg_dump and psql.
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
    p.remove();
  }
});

describe('stackctl db on PostgreSQL', () => {
  it('migrates, shows status as JSON, backs up with pg_dump, restores, and runs psql', async () => {
    const url = await server.createDatabase('e2e_app');
    // The port comes from the environment, as a real project's .env would give it.
    const p = createTempProject(`services:
  api:
    command: node server.js
database:
  url: postgres://postgres@127.0.0.1:\${APP_DB_PORT}/e2e_app
`);
    projects.push(p);
    mkdirSync(path.join(p.dir, 'migrations'));
    writeFileSync(path.join(p.dir, 'migrations/0001_create_todos.sql'), '-- up\nCREATE TABLE todos (id SERIAL PRIMARY KEY, title TEXT NOT NULL);\n-- down\nDROP TABLE todos;\n');
    writeFileSync(path.join(p.dir, '.env'), `APP_DB_PORT=${server.port}\n`);
    const cli = (args: string[]) => runCli(args, { cwd: p.dir, env: { STACKCTL_PROJECT: p.name } });

    const migrated = await cli(['db', 'migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/^→ 0001_create_todos … ✓ \d+ ms\n1 migration applied\n$/);

    const status = await cli(['db', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const json = JSON.parse(status.stdout) as { tool: string; database: string; migrations: Array<{ version: string; state: string }> };
    expect(json.tool).toBe('builtin');
    expect(json.database).toBe(url);
    expect(json.migrations.map(({ version, state }) => ({ version, state }))).toEqual([{ version: '0001', state: 'applied' }]);

    await query(url, "INSERT INTO todos (title) VALUES ('one'), ('two')");
    const backup = await cli(['db', 'backup']);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`^backed up PostgreSQL database e2e_app at 127\\.0\\.0\\.1:${server.port} to \\.stackctl/backups/${p.name}-\\d{8}-\\d{6}\\.sql \\(`));
    const [file] = readdirSync(path.join(p.dir, '.stackctl/backups'));
    expect(readFileSync(path.join(p.dir, '.stackctl/backups', file ?? ''), 'utf8')).toContain('COPY public.todos');

    await query(url, "UPDATE todos SET title = 'changed'; CREATE TABLE later (a int);");
    const restored = await cli(['db', 'restore', `.stackctl/backups/${file ?? ''}`, '--yes']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toBe(`restored PostgreSQL database e2e_app at 127.0.0.1:${server.port} from .stackctl/backups/${file ?? ''}\n`);
    expect((await query<{ title: string }>(url, 'SELECT title FROM todos ORDER BY id')).map((row) => row.title)).toEqual(['one', 'two']);
    expect(await query(url, "SELECT 1 FROM pg_tables WHERE tablename = 'later'")).toEqual([]);

    const one = await cli(['db', 'shell', '--', '-tA', '-c', 'select 1']);
    expect(one).toMatchObject({ code: 0, stdout: '1\n' });
    const counted = await cli(['db', 'shell', '--', '-tA', '-c', 'select count(*) from todos']);
    expect(counted.stdout).toBe('2\n');
    const failed = await cli(['db', 'shell', '--', '-c', 'select * from nope']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/relation "nope" does not exist/);
  });
});
