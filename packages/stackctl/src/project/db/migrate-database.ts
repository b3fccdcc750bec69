// What `stackctl setup` and `db migrate` call: the built-in runner for tool builtin, else the project's own migration tool.
import type { MigrationTool, ResolvedConfig } from '../../config/types.js';
import { StackctlError } from '../../errors/index.js';
import { resolveDatabaseTarget } from './database-target.js';
import { readMigrations } from './migration-files.js';
import type { MigrationOptions } from './migration-options.js';
import { migrate } from './migration-runner.js';
import { openDatabase } from './open-database.js';

export interface MigrateDatabaseOptions extends MigrationOptions {
  /** Output lines of a delegated migration tool (alembic, prisma…). */
  readonly onOutput?: (line: string) => void;
}

export interface MigrateDatabaseResult {
  readonly tool: MigrationTool;
  /** Versions the built-in runner applied; empty for a delegated tool (its output says what it did). */
  readonly applied: readonly string[];
}

export async function migrateDatabase(
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
  options: MigrateDatabaseOptions = {},
): Promise<MigrateDatabaseResult> {
  const database = config.database;
  if (database === undefined) {
    throw new StackctlError('E_DATABASE_NOT_CONFIGURED', `${config.configPath} has no database: section`, {
      hint: 'add `database: { url: sqlite:./data/app.db }` (or a postgres:// URL) to the config',
    });
  }
  if (database.tool !== 'builtin') {
    // Loaded on demand: only projects that delegate to their own tool need it.
    const { runPresetAction } = await import('./presets/index.js');
    await runPresetAction(database, 'migrate', { env, ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }) });
    return { tool: database.tool, applied: [] };
  }
  const target = resolveDatabaseTarget(config, env);
  // Read (and validate) the files before touching the database.
  const migrations = readMigrations(database.migrationsDir);
  const driver = await openDatabase(target);
  try {
    const applied = await migrate(driver, migrations, options);
    return { tool: 'builtin', applied: applied.map((migration) => migration.version) };
  } finally {
    await driver.close();
  }
}
