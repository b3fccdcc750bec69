// DatabaseDriver over better-sqlite3: one synchronous connection; write transactions start with BEGIN IMMEDIATE.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StackctlError } from '../../errors/index.js';
import type { DatabaseDriver } from './database-types.js';
import { SQLITE_MEMORY } from './database-target.js';

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/** Opens (creating the file and its folder) the SQLite database at `file`, or an in-memory one for `:memory:`. */
export function openSqlite(file: string): DatabaseDriver {
  let db: Database.Database;
  try {
    if (file !== SQLITE_MEMORY) fs.mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StackctlError('E_DATABASE_UNREACHABLE', `cannot open SQLite database ${file}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check that the folder exists and is writable, and that database.url points at a SQLite file',
    });
  }
  return new SqliteDriver(db);
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans and undefined are mapped. */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value;
}

class SqliteDriver implements DatabaseDriver {
  readonly kind = 'sqlite' as const;
  private depth = 0;

  constructor(private readonly db: Database.Database) {}

  async query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const statement = this.db.prepare(sql);
    const values = params.map(bindable);
    if (statement.reader) return statement.all(...values) as Row[];
    statement.run(...values);
    return [];
  }

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const savepoint = `stackctl_${this.depth}`;
    this.db.exec(this.depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    const outermost = this.depth === 0;
    this.depth += 1;
    try {
      const result = await work();
      this.db.exec(outermost ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      // Some errors (SQLITE_FULL, SQLITE_IOERR) end the transaction by themselves.
      if (this.db.inTransaction) {
        this.db.exec(outermost ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      }
      throw error;
    } finally {
      this.depth -= 1;
    }
  }

  async tableExists(name: string): Promise<boolean> {
    const table = name.replace(/^(?:main|temp)\./i, '');
    const rows = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE").all(table);
    return rows.length > 0;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
