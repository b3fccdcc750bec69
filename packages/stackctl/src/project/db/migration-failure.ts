// The E_MIGRATION_FAILED error for a migration whose SQL failed: file name, database message, line in the file when known.
import path from 'node:path';
import { StackctlError, isStackctlError } from '../../errors/index.js';
import type { MigrationFile } from './database-types.js';

/** The 1-based line of the file that a PostgreSQL error `position` (1-based offset into `sql`) points at. */
function lineOf(sql: string, position: unknown, firstLine: number | undefined): number | null {
  const offset = typeof position === 'string' || typeof position === 'number' ? Number(position) : NaN;
  if (!Number.isInteger(offset) || offset < 1 || firstLine === undefined) return null;
  const before = sql.slice(0, offset - 1);
  return firstLine + (before.match(/\n/g)?.length ?? 0);
}

/**
 * Wraps the error of a migration's SQL; a lost connection (already a StackctlError) passes through unchanged.
 * `direction` says which section ran: `migration 0003_add_index.sql failed: … (line 4)`.
 */
export function migrationFailed(migration: MigrationFile, direction: 'up' | 'down', error: unknown): Error {
  if (isStackctlError(error)) return error;
  const sql = direction === 'up' ? migration.up : migration.down;
  const line = lineOf(sql, (error as { position?: unknown }).position, direction === 'up' ? migration.upLine : migration.downLine);
  const message = (error as Error).message || String(error);
  const where = line === null ? '' : ` (line ${line})`;
  const what = direction === 'up' ? 'migration' : 'rollback of migration';
  // A schema made before the migrations were (by hand, or by the app itself) is what `db baseline` is for.
  const predates = direction === 'up' && /already exists/i.test(message);
  const hint = predates
    ? `the database already has what ${path.basename(migration.file)} creates: if its schema predates these migrations, mark them applied with \`stackctl db baseline\` (it checks the tables exist first)`
    : `fix the SQL in ${migration.file} and run again: its transaction was rolled back, earlier migrations stay applied`;
  return new StackctlError('E_MIGRATION_FAILED', `${what} ${path.basename(migration.file)} failed: ${message}${where}`, { cause: error, hint });
}
