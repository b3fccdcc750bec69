// `db restore <file>`: a SQLite backup copied over the database file atomically; a pg_dump file replayed in one transaction.
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedConfig } from '../../../config/types.js';
import { StackctlError } from '../../../errors/index.js';
import type { DatabaseTarget } from '../database-types.js';
import { resolveDatabaseTarget } from '../index.js';
import { runToolProcess } from '../presets/index.js';
import { listBackups } from './backup-files.js';
import { requireDbProgram } from './db-programs.js';
import { pgConnection, redactedUrl } from './pg-connection.js';
import { assertNotInMemory, targetLabel } from './target-label.js';

type Env = Readonly<Record<string, string | undefined>>;

export type BackupFormat = 'sqlite' | 'custom' | 'sql';

export interface RestoreResult {
  readonly file: string;
  readonly database: string;
  readonly format: BackupFormat;
}

/** Throws E_USAGE naming `file` and the three newest backups when it is not a file. */
export function assertBackupExists(root: string, file: string): void {
  if (existsSync(file) && statSync(file).isFile()) return;
  const newest = listBackups(root).slice(0, 3);
  throw new StackctlError('E_USAGE', `no backup file at ${file}`, {
    hint: newest.length === 0 ? 'there are no backups in .stackctl/backups/ yet: take one with `stackctl db backup`' : `the newest backups: ${newest.map((entry) => entry.file).join(', ')}`,
  });
}

/** What a backup file holds, from its first bytes: a SQLite database, a pg_dump archive, or SQL text. */
export function backupFormat(file: string): BackupFormat {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  let read = 0;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.subarray(0, read).toString('latin1');
  if (text.startsWith('SQLite format 3\0')) return 'sqlite';
  if (text.startsWith('PGDMP')) return 'custom';
  return 'sql';
}

export async function restoreDatabase(config: ResolvedConfig, env: Env, file: string): Promise<RestoreResult> {
  assertBackupExists(config.root, file);
  const target = resolveDatabaseTarget(config, env);
  assertNotInMemory(target);
  const format = backupFormat(file);
  if (target.kind === 'sqlite') {
    if (format !== 'sqlite') {
      throw new StackctlError('E_USAGE', `${file} is not a SQLite database file, so it cannot replace ${target.file}`, {
        hint: 'pass a backup that `stackctl db backup` took of this SQLite database',
      });
    }
    replaceSqliteFile(file, target.file);
  } else {
    if (format === 'sqlite') {
      throw new StackctlError('E_USAGE', `${file} is a SQLite database, not a PostgreSQL dump`, { hint: 'pass a .sql or .dump file that `stackctl db backup` (pg_dump) wrote' });
    }
    await restorePostgres(target, file, format, env, config.root);
  }
  return { file, database: targetLabel(target), format };
}

/** Files SQLite keeps beside a database; stale ones would be replayed into the restored file. */
export function sqliteSideFiles(file: string): string[] {
  return [`${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/** Copy to a temporary file beside the database, flush it, drop the old side files, rename over the database. */
function replaceSqliteFile(backup: string, database: string): void {
  const temporary = path.join(path.dirname(database), `.${path.basename(database)}.restore-${process.pid}.tmp`);
  try {
    copyFileSync(backup, temporary);
    const fd = openSync(temporary, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (const side of sqliteSideFiles(database)) rmSync(side, { force: true });
    renameSync(temporary, database);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new StackctlError('E_DATABASE_UNREACHABLE', `cannot replace ${database} with ${backup}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check that the database folder is writable',
    });
  }
}

/**
 * Replays the dump with psql in a single transaction that first empties the `public` schema, so the
 * database ends up exactly as backed up (tables created since are gone too) or, on any error, untouched.
 * A custom-format archive is turned into SQL by pg_restore first.
 */
async function restorePostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>, file: string, format: 'custom' | 'sql', env: Env, cwd: string): Promise<void> {
  const psql = requireDbProgram('psql', env, 'to restore a PostgreSQL backup');
  let script = file;
  let scratch: string | null = null;
  try {
    if (format === 'custom') {
      const pgRestore = requireDbProgram('pg_restore', env, 'to read a pg_dump custom-format backup');
      scratch = mkdtempSync(path.join(os.tmpdir(), 'stackctl-restore-'));
      script = path.join(scratch, 'restore.sql');
      const converted = await runToolProcess({ file: pgRestore, args: ['--clean', '--if-exists', '--no-owner', '--file', script, file], cwd, env });
      if (converted.code !== 0) {
        throw new StackctlError('E_USAGE', `pg_restore cannot read ${file} (exit code ${converted.code})`, { details: converted.tail.slice(-10), hint: 'pass a file that pg_dump wrote' });
      }
    }
    const connection = pgConnection(target.url, env);
    const result = await runToolProcess({
      file: psql,
      args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-c', 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;', '-f', script, '--dbname', connection.url],
      cwd,
      env: connection.env,
    });
    if (result.code !== 0) {
      throw new StackctlError('E_DATABASE_UNREACHABLE', `restoring ${file} into ${redactedUrl(target.url)} failed with exit code ${result.code}; nothing was changed`, {
        details: result.tail.slice(-10),
        hint: 'check that the server is running and that the file is a dump of this kind of database',
      });
    }
  } finally {
    if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
  }
}
