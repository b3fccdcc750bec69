// Public surface of the database operations: backup, restore, reset (with seeding) and an interactive shell.
export { backupDatabase, backupTarget, type BackupOptions, type BackupResult } from './backup.js';
export { assertBackupExists, backupFormat, restoreDatabase, sqliteSideFiles, type BackupFormat, type RestoreResult } from './restore.js';
export { dropEverything, resetDatabase, type ResetOptions, type ResetResult, type ResetStep } from './reset.js';
export { seedDatabase, type SeedOptions } from './seed.js';
export { openDatabaseShell, type ShellOptions } from './shell.js';
export { backupsDir, backupStamp, listBackups, newBackupPath, type BackupEntry } from './backup-files.js';
export { requireDbProgram, type DbProgram } from './db-programs.js';
export { pgConnection, redactedUrl } from './pg-connection.js';
export { targetLabel } from './target-label.js';
