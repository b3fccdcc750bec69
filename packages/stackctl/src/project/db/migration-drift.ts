// Compares the migration files with the state table: applied, pending, changed (checksum differs) or missing (file gone).
import path from 'node:path';
import { StackctlError } from '../../errors/index.js';
import type { MigrationFile, MigrationStatusEntry } from './database-types.js';
import { compareVersions } from './migration-files.js';
import type { AppliedMigration } from './migration-history.js';

/** The key a version is matched by: its number, so `0003` in the table still matches a file renamed to `003`. */
export function versionKey(version: string): string {
  return /^\d+$/.test(version) ? BigInt(version).toString() : version;
}

/** One entry per file and per applied migration whose file is gone, sorted by version. */
export function compareWithHistory(migrations: readonly MigrationFile[], history: readonly AppliedMigration[]): MigrationStatusEntry[] {
  const applied = new Map(history.map((row) => [versionKey(row.version), row]));
  const entries: MigrationStatusEntry[] = migrations.map((migration) => {
    const row = applied.get(versionKey(migration.version));
    applied.delete(versionKey(migration.version));
    if (row === undefined) return { version: migration.version, name: migration.name, state: 'pending', appliedAt: null };
    const state = row.checksum === migration.checksum ? 'applied' : 'changed';
    return { version: migration.version, name: migration.name, state, appliedAt: row.appliedAt, baseline: row.baseline };
  });
  for (const row of applied.values()) {
    entries.push({ version: row.version, name: row.name, state: 'missing', appliedAt: row.appliedAt, baseline: row.baseline });
  }
  return entries.sort((a, b) => compareVersions(a.version, b.version));
}

/** E_MIGRATION_CHANGED naming every applied migration whose file changed or is gone: nothing runs on a history that lies. */
export function assertHistoryIntact(migrations: readonly MigrationFile[], history: readonly AppliedMigration[], dir: string): void {
  const drift = compareWithHistory(migrations, history).filter((entry) => entry.state === 'changed' || entry.state === 'missing');
  if (drift.length === 0) return;
  const files = new Map(migrations.map((migration) => [versionKey(migration.version), migration.file]));
  const described = drift.map((entry) => {
    const file = files.get(versionKey(entry.version)) ?? path.join(dir, `${entry.version}_${entry.name}.sql`);
    return entry.state === 'changed' ? `${path.basename(file)} changed since it was applied` : `${path.basename(file)} was applied but is missing`;
  });
  const anyChanged = drift.some((entry) => entry.state === 'changed');
  const anyMissing = drift.some((entry) => entry.state === 'missing');
  const fixes = [
    ...(anyChanged ? ['restore each changed file as it was applied (for example with git restore) and put the change in a new migration'] : []),
    ...(anyMissing ? [`restore the missing file in ${dir}`] : []),
  ];
  throw new StackctlError('E_MIGRATION_CHANGED', `applied migrations do not match their files: ${described.join('; ')}`, {
    hint: fixes.join('; '),
  });
}
