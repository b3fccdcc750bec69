// The built-in runner: status, migrate (each migration in its own transaction with its history row) and rollback.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { StackctlError } from '../../errors/index.js';
import type { DatabaseDriver, MigrationFile, MigrationStatusEntry } from './database-types.js';
import { compareWithHistory, versionKey } from './migration-drift.js';
import { migrationFailed } from './migration-failure.js';
import { compareVersions } from './migration-files.js';
import { ensureHistoryTable, readHistory, recordApplied, removeApplied } from './migration-history.js';
import { withMigrationLock } from './migration-lock.js';
import type { MigrationOptions } from './migration-options.js';
import { checkTargetVersion, fileTargetVersion, pendingMigrations, readIntactHistory } from './migration-targets.js';

/** Applied, pending, changed and missing migrations, sorted by version. Reads only: the state table is not created. */
export async function migrationStatus(driver: DatabaseDriver, migrations: readonly MigrationFile[]): Promise<MigrationStatusEntry[]> {
  return compareWithHistory(migrations, await readHistory(driver));
}

/** Applies pending migrations in version order (up to and including `to`); returns the ones applied. */
export async function migrate(
  driver: DatabaseDriver,
  migrations: readonly MigrationFile[],
  options: MigrationOptions & { readonly to?: string } = {},
): Promise<MigrationFile[]> {
  const limit = fileTargetVersion(options.to, migrations);
  return withMigrationLock(driver, { timeoutMs: options.lockTimeoutMs }, async () => {
    await ensureHistoryTable(driver);
    const pending = pendingMigrations(migrations, await readIntactHistory(driver, migrations), limit);
    const applied: MigrationFile[] = [];
    for (const migration of pending) {
      const { version, name } = migration;
      options.onProgress?.({ kind: 'applying', version, name });
      const started = performance.now();
      try {
        await driver.transaction(async () => {
          await driver.exec(migration.up);
          await recordApplied(driver, migration, performance.now() - started, false);
        });
      } catch (error) {
        throw migrationFailed(migration, 'up', error);
      }
      options.onProgress?.({ kind: 'applied', version, name, durationMs: performance.now() - started });
      applied.push(migration);
    }
    return applied;
  });
}

/** Undoes the newest applied migrations (default 1 step, or all above `to`) with their `-- down` SQL; returns them, newest first. */
export async function rollback(
  driver: DatabaseDriver,
  migrations: readonly MigrationFile[],
  options: MigrationOptions & { readonly steps?: number; readonly to?: string } = {},
): Promise<MigrationFile[]> {
  if (options.steps !== undefined && options.to !== undefined) {
    throw new StackctlError('E_USAGE', 'rollback takes a number of steps or a version to roll back to, not both', {
      hint: 'use --steps N to undo the last N migrations, or --to VERSION to undo every migration after VERSION',
    });
  }
  const steps = options.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new StackctlError('E_USAGE', `rollback steps must be a whole number of at least 1, not ${steps}`, { hint: 'for example --steps 2' });
  }
  return withMigrationLock(driver, { timeoutMs: options.lockTimeoutMs }, async () => {
    const history = await readIntactHistory(driver, migrations);
    const known = [...migrations.map((migration) => migration.version), ...history.map((row) => row.version)];
    const limit = options.to === undefined ? null : checkTargetVersion(options.to, known, true);
    const rows = limit === null ? history.slice(-steps) : history.filter((row) => compareVersions(row.version, limit) > 0);
    const files = new Map(migrations.map((migration) => [versionKey(migration.version), migration]));
    // Every applied row has its file here: assertHistoryIntact refused missing ones.
    const targets = rows.reverse().flatMap((row) => {
      const migration = files.get(versionKey(row.version));
      return migration === undefined ? [] : [{ migration, appliedVersion: row.version }];
    });
    const irreversible = targets.map((target) => target.migration).filter((migration) => migration.down.trim() === '');
    if (irreversible.length > 0) {
      const names = irreversible.map((migration) => path.basename(migration.file)).join(', ');
      throw new StackctlError('E_MIGRATION_FAILED', `cannot roll back ${names}: no -- down section`, {
        hint: 'write a new migration that undoes it, and give future migrations a -- down section',
      });
    }
    const undone: MigrationFile[] = [];
    for (const { migration, appliedVersion } of targets) {
      const { version, name } = migration;
      options.onProgress?.({ kind: 'rolling-back', version, name });
      const started = performance.now();
      try {
        await driver.transaction(async () => {
          await driver.exec(migration.down);
          await removeApplied(driver, appliedVersion);
        });
      } catch (error) {
        throw migrationFailed(migration, 'down', error);
      }
      options.onProgress?.({ kind: 'rolled-back', version, name, durationMs: performance.now() - started });
      undone.push(migration);
    }
    return undone;
  });
}
