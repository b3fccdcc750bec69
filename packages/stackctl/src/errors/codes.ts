// Stable error codes (listed in the README, "Errors") and what each means for the CLI's exit code and the API's HTTP status.

export const ERROR_CODES = {
  E_CONFIG_INVALID: { exitCode: 2, httpStatus: 400 },
  E_CONFIG_NOT_FOUND: { exitCode: 2, httpStatus: 404 },
  E_USAGE: { exitCode: 2, httpStatus: 400 },
  E_SERVICE_UNKNOWN: { exitCode: 2, httpStatus: 404 },
  E_PORT_IN_USE: { exitCode: 1, httpStatus: 409 },
  /** The project's stack is already hosted by another process (a daemon or `up`). */
  E_ALREADY_RUNNING: { exitCode: 1, httpStatus: 409 },
  E_SPAWN_FAILED: { exitCode: 1, httpStatus: 500 },
  E_START_FAILED: { exitCode: 1, httpStatus: 500 },
  E_DAEMON_UNREACHABLE: { exitCode: 1, httpStatus: 503 },
  /** `stackctl db` (or setup's migrations) with no usable `database:` in the config. */
  E_DATABASE_NOT_CONFIGURED: { exitCode: 2, httpStatus: 400 },
  /** The database could not be opened or reached. */
  E_DATABASE_UNREACHABLE: { exitCode: 1, httpStatus: 503 },
  /** A migration's SQL (or the migration tool) failed; the transaction was rolled back. */
  E_MIGRATION_FAILED: { exitCode: 1, httpStatus: 500 },
  /** An applied migration's file changed since it was applied (checksum mismatch), or is missing. */
  E_MIGRATION_CHANGED: { exitCode: 1, httpStatus: 409 },
  /** Another run holds the migration lock. */
  E_MIGRATION_LOCKED: { exitCode: 1, httpStatus: 409 },
  /** A program stackctl needs (psql, sqlite3, pg_dump, uv, pnpm, alembic…) is not installed. */
  E_TOOL_NOT_FOUND: { exitCode: 1, httpStatus: 500 },
  /** `stackctl setup`: a task failed. */
  E_SETUP_FAILED: { exitCode: 1, httpStatus: 500 },
  /** No space (or no quota) left on the file system where stackctl writes (`.stackctl/`). */
  E_DISK_FULL: { exitCode: 1, httpStatus: 507 },
  /** `.stackctl/` (or a file in it) cannot be written: read-only file system, or no permission. */
  E_STATE_DIR_UNWRITABLE: { exitCode: 1, httpStatus: 500 },
  E_INTERRUPTED: { exitCode: 130, httpStatus: 499 },
  E_INTERNAL: { exitCode: 1, httpStatus: 500 },
} as const satisfies Record<string, { exitCode: number; httpStatus: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;
