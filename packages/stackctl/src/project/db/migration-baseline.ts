// Baseline: records migrations as applied without running them, once the tables they create are found in the database.
import path from 'node:path';
import { StackctlError } from '../../errors/index.js';
import type { DatabaseDriver, MigrationFile } from './database-types.js';
import { ensureHistoryTable, recordApplied } from './migration-history.js';
import { withMigrationLock } from './migration-lock.js';
import type { MigrationOptions } from './migration-options.js';
import { fileTargetVersion, pendingMigrations, readIntactHistory } from './migration-targets.js';
import { tablesLeftBy } from './sql-tables.js';

/**
 * Marks the pending migrations (up to and including `to`) as applied with baseline=1. First checks that every table
 * their up sections leave behind exists; if one is missing, E_MIGRATION_FAILED names them and nothing is marked.
 */
export async function baseline(
  driver: DatabaseDriver,
  migrations: readonly MigrationFile[],
  options: MigrationOptions & { readonly to?: string } = {},
): Promise<MigrationFile[]> {
  const limit = fileTargetVersion(options.to, migrations);
  return withMigrationLock(driver, { timeoutMs: options.lockTimeoutMs }, async () => {
    const candidates = pendingMigrations(migrations, await readIntactHistory(driver, migrations), limit);
    const expected = tablesLeftBy(candidates.map((migration) => ({ sql: migration.up, origin: path.basename(migration.file) })));
    const absent: string[] = [];
    for (const [table, origin] of expected) if (!(await driver.tableExists(table))) absent.push(`${table} (${origin})`);
    if (absent.length > 0) {
      throw new StackctlError('E_MIGRATION_FAILED', `cannot baseline: the database has no table ${absent.join(', ')}; nothing was marked`, {
        hint: 'baseline is for a database that already has the schema: run `stackctl db migrate` to create it, or baseline only up to the last migration it has (--to VERSION)',
      });
    }
    if (candidates.length === 0) return [];
    await ensureHistoryTable(driver);
    await driver.transaction(async () => {
      for (const migration of candidates) await recordApplied(driver, migration, 0, true);
    });
    for (const { version, name } of candidates) options.onProgress?.({ kind: 'baselined', version, name });
    return candidates;
  });
}
