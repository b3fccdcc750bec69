// Which migrations a run acts on: the `--to` version checked, the history read and checked for drift, the pending files.
import path from 'node:path';
import { StackctlError } from '../../errors/index.js';
import type { DatabaseDriver, MigrationFile } from './database-types.js';
import { assertHistoryIntact, versionKey } from './migration-drift.js';
import { compareVersions, sameVersion } from './migration-files.js';
import { readHistory, type AppliedMigration } from './migration-history.js';

/**
 * `to` checked against the known versions (files, and for rollback the applied ones); `0` is always allowed for
 * rollback (everything). Returns the version as given.
 */
export function checkTargetVersion(to: string, known: readonly string[], allowZero: boolean): string {
  const valid = /^\d+$/.test(to) && ((allowZero && BigInt(to) === 0n) || known.some((version) => sameVersion(version, to)));
  if (!valid) {
    throw new StackctlError('E_USAGE', `no migration with version ${to}`, {
      hint: `give the number of an existing migration${allowZero ? ' (or 0 for all of them)' : ''}; \`stackctl db status\` lists them`,
    });
  }
  return to;
}

/** `--to` of migrate and baseline: null without one, else checked against the migration files. */
export function fileTargetVersion(to: string | undefined, migrations: readonly MigrationFile[]): string | null {
  return to === undefined ? null : checkTargetVersion(to, migrations.map((migration) => migration.version), false);
}

/** The applied migrations, after E_MIGRATION_CHANGED if any of them no longer matches its file. */
export async function readIntactHistory(driver: DatabaseDriver, migrations: readonly MigrationFile[]): Promise<AppliedMigration[]> {
  const history = await readHistory(driver);
  assertHistoryIntact(migrations, history, folderOf(migrations));
  return history;
}

/** The migrations with no history row, in file order, up to and including `limit` when there is one. */
export function pendingMigrations(migrations: readonly MigrationFile[], history: readonly AppliedMigration[], limit: string | null): MigrationFile[] {
  const done = new Set(history.map((row) => versionKey(row.version)));
  return migrations.filter(
    (migration) => !done.has(versionKey(migration.version)) && (limit === null || compareVersions(migration.version, limit) <= 0),
  );
}

/** The folder the migrations came from, for messages. */
function folderOf(migrations: readonly MigrationFile[]): string {
  const first = migrations[0];
  return first === undefined ? 'the migrations folder' : path.dirname(first.file);
}
