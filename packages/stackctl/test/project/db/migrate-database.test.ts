// migrateDatabase, what `setup` and `db migrate` call: the built-in runner from a config, and dispatch to a tool preset.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MigrationTool, ResolvedConfig } from '../../../src/config/types.js';
import { StackctlError } from '../../../src/errors/index.js';
import { migrateDatabase } from '../../../src/project/db/index.js';
import { makeConfig } from '../../helpers/make-config.js';
import { THREE_MIGRATIONS, useDbScratch } from './db-scratch.js';

const scratch = useDbScratch();

/** A project folder with a config path, migrations and (optionally) a .env. */
function project(url: string | null, options: { tool?: MigrationTool; env?: string; migrations?: Record<string, string> } = {}): ResolvedConfig {
  const migrations = scratch.folder(options.migrations ?? THREE_MIGRATIONS);
  const root = path.dirname(migrations);
  const envFile = path.join(migrations, '..', `${path.basename(migrations)}.env`);
  if (options.env !== undefined) fs.writeFileSync(envFile, options.env);
  return {
    ...makeConfig(),
    root,
    configPath: path.join(root, 'stackctl.yaml'),
    database: { url, migrationsDir: migrations, tool: options.tool ?? 'builtin', cwd: root, seed: null, envFile },
  };
}

describe('migrateDatabase', () => {
  it('opens the SQLite database relative to the config, applies pending migrations and closes it', async () => {
    const config = project('sqlite:./data/setup.db');
    const events: string[] = [];
    const result = await migrateDatabase(config, {}, { onProgress: (event) => events.push(`${event.kind} ${event.version}`) });
    expect(result).toEqual({ tool: 'builtin', applied: ['0001', '0002', '0003'] });
    expect(events.filter((event) => event.startsWith('applied'))).toEqual(['applied 0001', 'applied 0002', 'applied 0003']);
    expect(await migrateDatabase(config, {})).toEqual({ tool: 'builtin', applied: [] });
    const driver = await scratch.connect({ kind: 'sqlite', file: path.join(config.root, 'data', 'setup.db') });
    expect(await driver.query('SELECT name FROM authors')).toEqual([{ name: 'Ada' }]);
  });

  it('reaches PostgreSQL through ${DATABASE_URL} from the env file', async () => {
    const url = await scratch.postgres().createDatabase('setup_target');
    const config = project('${DATABASE_URL}', { env: `DATABASE_URL=${url}\n` });
    expect(await migrateDatabase(config, {})).toEqual({ tool: 'builtin', applied: ['0001', '0002', '0003'] });
    const driver = await scratch.connect({ kind: 'postgres', url, database: 'setup_target', address: '' });
    expect(await driver.tableExists('books')).toBe(true);
  });

  it('checks the migration files before creating or touching the database', async () => {
    const config = project('sqlite:./data/untouched.db', { migrations: { '0001_ok.sql': 'SELECT 1;', 'oops.sql': 'SELECT 2;' } });
    const error = await migrateDatabase(config, {}).catch((failure: unknown) => failure);
    expect((error as StackctlError).code).toBe('E_USAGE');
    expect(fs.existsSync(path.join(config.root, 'data', 'untouched.db'))).toBe(false);
  });

  it('is E_DATABASE_NOT_CONFIGURED without database:', async () => {
    const error = await migrateDatabase({ ...makeConfig(), configPath: '/project/stackctl.yaml' }, {}).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StackctlError);
    expect((error as StackctlError).code).toBe('E_DATABASE_NOT_CONFIGURED');
  });

  it('hands other tools to their preset (here: knex, which this project does not have)', async () => {
    const config = project(null, { tool: 'knex' });
    const error = await migrateDatabase(config, { PATH: '/nonexistent' }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StackctlError);
    // The built-in runner would have stopped at the missing url (E_DATABASE_NOT_CONFIGURED); the preset looked for knex.
    expect((error as StackctlError).code).toBe('E_TOOL_NOT_FOUND');
  });
});
