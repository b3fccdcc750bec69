// The shapes the database commands share: a parsed database URL, a driver over one connection, a migration's state.

/** A `database.url` after `${VAR}` expansion and parsing. */
export type DatabaseTarget =
  | {
      readonly kind: 'sqlite';
      /** Absolute path of the database file (relative URLs are resolved against the config's folder), or `:memory:`. */
      readonly file: string;
    }
  | {
      readonly kind: 'postgres';
      /** The connection URL, as given to `pg`, `psql` and `pg_dump`. */
      readonly url: string;
      /** The database name (the URL's path), for messages and for reset. */
      readonly database: string;
      /** host:port, for messages. */
      readonly address: string;
    };

/**
 * One open connection. A lost or refused connection throws StackctlError E_DATABASE_UNREACHABLE (the driver's error as
 * cause); an SQL error is thrown as the driver's own error (better-sqlite3's SqliteError, pg's DatabaseError with
 * `code` and `position`), for the caller to wrap with its context.
 */
export interface DatabaseDriver {
  readonly kind: DatabaseTarget['kind'];
  /** Rows of a statement, parameters as `?` placeholders (translated to $1… for PostgreSQL). */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** One or more statements, no result. */
  exec(sql: string): Promise<void>;
  /** Runs `work` in a transaction: commit when it resolves, roll back when it throws (and rethrow). */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Whether a table exists (in the default schema). */
  tableExists(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/** One migration of the built-in runner: `migrations/0001_create_todos.sql`. */
export interface MigrationFile {
  /** The leading number as written, such as `0001`. */
  readonly version: string;
  /** The rest of the file name without `.sql`, such as `create_todos`. */
  readonly name: string;
  readonly file: string;
  /** SHA-256 of the file's content, hex. */
  readonly checksum: string;
  readonly up: string;
  /** Empty when the file has no `-- down` section (then it cannot be rolled back). */
  readonly down: string;
  /** 1-based line of the file where the up section's SQL starts (for error positions). */
  readonly upLine?: number;
  /** 1-based line of the file where the down section's SQL starts, when there is one. */
  readonly downLine?: number;
}

export type MigrationState = 'applied' | 'pending' | 'changed' | 'missing';

/** A line of `stackctl db status`. */
export interface MigrationStatusEntry {
  readonly version: string;
  readonly name: string;
  readonly state: MigrationState;
  /** ISO time it was applied, or null. */
  readonly appliedAt: string | null;
  /** Marked applied by `baseline` without running it. */
  readonly baseline?: boolean;
}
