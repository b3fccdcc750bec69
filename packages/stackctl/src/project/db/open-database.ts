// Opens a connection to a DatabaseTarget with the right driver (better-sqlite3 or pg).
import type { DatabaseDriver, DatabaseTarget } from './database-types.js';
import { openPostgres } from './postgres-driver.js';
import { openSqlite } from './sqlite-driver.js';

/** E_DATABASE_UNREACHABLE when the file cannot be opened or the server cannot be reached (5 s connect timeout). */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseDriver> {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target);
}
