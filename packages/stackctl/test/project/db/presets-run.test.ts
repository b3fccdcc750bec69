// runPresetAction with real processes: tiny fake tool scripts in node_modules/.bin or .venv/bin of a temp project.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MigrationTool, ResolvedDatabase } from '../../../src/config/types.js';
import { runPresetAction } from '../../../src/project/db/presets/index.js';
import { expectPidsGone } from '../../helpers/pids.js';
import { stackctlRejection } from '../../helpers/thrown.js';
import { usePresetProjects } from './preset-project.js';

const project = usePresetProjects('stackctl-preset-run-');

/** A shell script that prints what it was run with (and its pid), then exits with $FAKE_TOOL_EXIT. */
const FAKE_TOOL = `#!/bin/sh
echo "$(basename "$0") $*"
echo "cwd=$(pwd)"
echo "url=$DATABASE_URL"
echo "pid=$$"
if [ "\${FAKE_TOOL_EXIT:-0}" != 0 ]; then
  i=1; while [ $i -le 15 ]; do echo "error line $i" >&2; i=$((i+1)); done
fi
exit "\${FAKE_TOOL_EXIT:-0}"
`;

function database(dir: string, tool: MigrationTool, url: string | null = 'postgres://app:${DB_PASSWORD}@127.0.0.1:5432/app'): ResolvedDatabase {
  return { url, migrationsDir: path.join(dir, 'migrations'), tool, cwd: dir, seed: null, envFile: path.join(dir, '.env') };
}

async function run(db: ResolvedDatabase, action: 'migrate' | 'status' | 'rollback', env: Record<string, string> = {}) {
  const lines: string[] = [];
  await runPresetAction(db, action, { env: { PATH: '/usr/bin:/bin', ...env }, onOutput: (line) => lines.push(line) });
  return lines;
}

function pidsIn(lines: readonly string[]): number[] {
  return lines.filter((line) => line.startsWith('pid=')).map((line) => Number(line.slice(4)));
}

describe('runPresetAction', () => {
  it('runs the local knex in database.cwd with DATABASE_URL expanded from .env, and the process is gone after', async () => {
    const dir = project({ 'node_modules/.bin/knex': FAKE_TOOL, '.env': 'DB_PASSWORD=s3cret\n' });
    const lines = await run(database(dir, 'knex'), 'migrate');
    expect(lines.slice(0, 3)).toEqual(['knex migrate:latest', `cwd=${dir}`, 'url=postgres://app:s3cret@127.0.0.1:5432/app']);
    await expectPidsGone(pidsIn(lines));
    expect((await run(database(dir, 'knex'), 'rollback'))[0]).toBe('knex migrate:rollback');
    expect((await run(database(dir, 'knex'), 'status', { DB_PASSWORD: 'from-env' })).slice(0, 3)).toEqual([
      'knex migrate:status',
      `cwd=${dir}`,
      'url=postgres://app:from-env@127.0.0.1:5432/app',
    ]);
  });

  it('leaves DATABASE_URL alone when the config has no url (the tool reads its own config)', async () => {
    const dir = project({ 'node_modules/.bin/prisma': FAKE_TOOL });
    const lines = await run(database(dir, 'prisma', null), 'migrate', { DATABASE_URL: 'file:./dev.db' });
    expect(lines.slice(0, 3)).toEqual(['prisma migrate deploy', `cwd=${dir}`, 'url=file:./dev.db']);
  });

  it('runs both status commands of the virtualenv alembic in order', async () => {
    const dir = project({ '.venv/bin/alembic': FAKE_TOOL });
    const lines = await run(database(dir, 'alembic', 'sqlite:./app.db'), 'status');
    expect(lines.filter((line) => line.startsWith('alembic'))).toEqual(['alembic current', 'alembic history --indicate-current']);
    expect(lines).toContain('url=sqlite:./app.db');
    await expectPidsGone(pidsIn(lines));
  });

  it('runs django through the virtualenv python and manage.py', async () => {
    const dir = project({ '.venv/bin/python': FAKE_TOOL, 'manage.py': '' });
    expect((await run(database(dir, 'django'), 'migrate', { DB_PASSWORD: 'x' }))[0]).toBe('python manage.py migrate --noinput');
    const noManage = project({ '.venv/bin/python': FAKE_TOOL });
    const error = await stackctlRejection(run(database(noManage, 'django'), 'status', { DB_PASSWORD: 'x' }));
    expect(error.code).toBe('E_TOOL_NOT_FOUND');
    expect(error.message).toBe(`manage.py not found in ${noManage}`);
  });

  it('prefers the project binary over one on PATH', async () => {
    const global = project({ 'bin/sequelize-cli': FAKE_TOOL.replace('$(basename "$0")', 'global') });
    const dir = project({ 'node_modules/.bin/sequelize-cli': FAKE_TOOL });
    const env = { PATH: `${path.join(global, 'bin')}:/usr/bin:/bin`, DB_PASSWORD: 'x' };
    expect((await run(database(dir, 'sequelize'), 'migrate', env))[0]).toBe('sequelize-cli db:migrate');
    expect((await run(database(project({}), 'sequelize'), 'migrate', env))[0]).toBe('global db:migrate');
  });

  it('fails with E_MIGRATION_FAILED naming the exit code and quoting the last 10 lines', async () => {
    const dir = project({ 'node_modules/.bin/knex': FAKE_TOOL });
    const lines: string[] = [];
    const error = await stackctlRejection(
      runPresetAction(database(dir, 'knex'), 'migrate', { env: { PATH: '/usr/bin:/bin', DB_PASSWORD: 'x', FAKE_TOOL_EXIT: '3' }, onOutput: (line) => lines.push(line) }),
    );
    expect(error.code).toBe('E_MIGRATION_FAILED');
    expect(error.message).toBe(`\`npx knex migrate:latest\` failed with exit code 3 in ${dir}`);
    expect(error.details).toEqual(['last lines of output:', ...Array.from({ length: 10 }, (_, index) => `  error line ${index + 6}`)]);
    expect(error.hint).toBe('fix the error above, then run `stackctl db migrate` again');
    await expectPidsGone(pidsIn(lines));
  });

  it('throws E_TOOL_NOT_FOUND with how to install the tool when it is nowhere', async () => {
    const error = await stackctlRejection(run(database(project({}), 'drizzle'), 'migrate', { DB_PASSWORD: 'x' }));
    expect(error.code).toBe('E_TOOL_NOT_FOUND');
    expect(error.message).toMatch(/^drizzle-kit \(for database.tool: drizzle\) is not installed in .+ or on PATH$/);
    expect(error.hint).toBe('install it in the project: npm install --save-dev drizzle-kit');
  });

  it('refuses what the tool cannot do with E_USAGE, before looking for the program', async () => {
    const prisma = await stackctlRejection(run(database(project({}), 'prisma'), 'rollback'));
    expect(prisma.code).toBe('E_USAGE');
    expect(prisma.message).toMatch(/prisma has no down migrations/);
    const django = await stackctlRejection(run(database(project({}), 'django'), 'rollback'));
    expect(django.code).toBe('E_USAGE');
    expect(django.hint).toMatch(/python manage.py migrate <app> <previous_migration>/);
    expect((await stackctlRejection(run(database(project({}), 'drizzle'), 'status'))).code).toBe('E_USAGE');
  });

  it('reports an unset ${VAR} in the url before running anything', async () => {
    const dir = project({ 'node_modules/.bin/knex': FAKE_TOOL });
    const error = await stackctlRejection(run(database(dir, 'knex'), 'migrate'));
    expect(error.code).toBe('E_DATABASE_NOT_CONFIGURED');
    expect(error.message).toMatch(/\$\{DB_PASSWORD\}/);
  });
});
