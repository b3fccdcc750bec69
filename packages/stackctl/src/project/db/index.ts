// Public surface of the database core: the URL, the drivers, and the built-in SQL migration runner.
export type * from './database-types.js';
export { resolveDatabaseTarget, parseDatabaseUrl, redactUrl, describeTarget } from './database-target.js';
export { openDatabase } from './open-database.js';
export { readMigrations, parseSections, compareVersions, migrationChecksum } from './migration-files.js';
export type { MigrationOptions, MigrationProgress } from './migration-options.js';
export { migrationStatus, migrate, rollback } from './migration-runner.js';
export { baseline } from './migration-baseline.js';
export { migrateDatabase, type MigrateDatabaseOptions, type MigrateDatabaseResult } from './migrate-database.js';
export { expandDatabaseUrl, type ExpandUrlInput } from './url-expansion.js';
export { HISTORY_TABLE } from './migration-history.js';
export { LOCK_TABLE, DEFAULT_LOCK_TIMEOUT_MS } from './migration-lock.js';
