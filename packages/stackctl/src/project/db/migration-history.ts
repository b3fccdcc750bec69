// The state table `stackctl_migrations`: one row per applied (or baselined) migration, with the checksum it had.
import type { DatabaseDriver, MigrationFile } from './database-types.js';
import { compareVersions } from './migration-files.js';

export const HISTORY_TABLE = 'stackctl_migrations';

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  version TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  baseline INTEGER NOT NULL DEFAULT 0
)`;

export interface AppliedMigration {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: string;
  readonly durationMs: number;
  readonly baseline: boolean;
}

interface HistoryRow extends Record<string, unknown> {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly applied_at: string;
  readonly duration_ms: number | string;
  readonly baseline: number | string;
}

/** Creates the table on first use (call it while holding the migration lock: concurrent CREATEs race on PostgreSQL). */
export async function ensureHistoryTable(driver: DatabaseDriver): Promise<void> {
  await driver.exec(CREATE_HISTORY);
}

/** Applied migrations sorted by version; none when the table does not exist yet (reading never creates it). */
export async function readHistory(driver: DatabaseDriver): Promise<AppliedMigration[]> {
  if (!(await driver.tableExists(HISTORY_TABLE))) return [];
  const rows = await driver.query<HistoryRow>(`SELECT version, name, checksum, applied_at, duration_ms, baseline FROM ${HISTORY_TABLE}`);
  return rows
    .map((row) => ({
      version: String(row.version),
      name: String(row.name),
      checksum: String(row.checksum),
      appliedAt: String(row.applied_at),
      durationMs: Number(row.duration_ms),
      baseline: Number(row.baseline) === 1,
    }))
    .sort((a, b) => compareVersions(a.version, b.version));
}

export async function recordApplied(driver: DatabaseDriver, migration: MigrationFile, durationMs: number, baseline: boolean): Promise<void> {
  await driver.query(`INSERT INTO ${HISTORY_TABLE} (version, name, checksum, applied_at, duration_ms, baseline) VALUES (?, ?, ?, ?, ?, ?)`, [
    migration.version,
    migration.name,
    migration.checksum,
    new Date().toISOString(),
    Math.round(durationMs),
    baseline ? 1 : 0,
  ]);
}

export async function removeApplied(driver: DatabaseDriver, version: string): Promise<void> {
  await driver.query(`DELETE FROM ${HISTORY_TABLE} WHERE version = ?`, [version]);
}
