// `db backup`: SQLite through its online backup API, PostgreSQL through pg_dump; into .stackctl/backups/ or --out.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ResolvedConfig } from '../../../config/types.js';
import { StackctlError } from '../../../errors/index.js';
import type { DatabaseTarget } from '../database-types.js';
import { resolveDatabaseTarget } from '../index.js';
import { runToolProcess } from '../presets/index.js';
import { newBackupPath } from './backup-files.js';
import { requireDbProgram } from './db-programs.js';
import { pgConnection, redactedUrl } from './pg-connection.js';
import { assertSqliteFileExists, targetLabel } from './target-label.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface BackupOptions {
  /** Write here (absolute) instead of `.stackctl/backups/`; for PostgreSQL a `.dump` name means pg_dump's custom format. */
  readonly out?: string | undefined;
  /** The time in the file name (tests pass a fixed one). */
  readonly now?: Date;
}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  /** `sqlite:…` or the URL without its password. */
  readonly database: string;
  readonly format: 'sqlite' | 'sql' | 'custom';
}

export async function backupDatabase(config: ResolvedConfig, env: Env, options: BackupOptions = {}): Promise<BackupResult> {
  return backupTarget(resolveDatabaseTarget(config, env), { root: config.root, project: config.project, env }, options);
}

/** The same for a resolved target (what `db reset` uses before it drops anything). */
export async function backupTarget(target: DatabaseTarget, where: { root: string; project: string; env: Env }, options: BackupOptions = {}): Promise<BackupResult> {
  const now = options.now ?? new Date();
  if (target.kind === 'sqlite') {
    assertSqliteFileExists(target);
    const file = options.out ?? newBackupPath(where.root, where.project, 'sqlite', now);
    await backupSqlite(target.file, file);
    return { file, bytes: statSync(file).size, database: targetLabel(target), format: 'sqlite' };
  }
  const format = options.out !== undefined && path.extname(options.out) === '.dump' ? 'custom' : 'sql';
  const pgDump = requireDbProgram('pg_dump', where.env, 'to back up a PostgreSQL database');
  const file = options.out ?? newBackupPath(where.root, where.project, 'sql', now);
  mkdirSync(path.dirname(file), { recursive: true });
  const connection = pgConnection(target.url, where.env);
  const formatArgs = format === 'custom' ? ['--format=custom'] : ['--format=plain', '--clean', '--if-exists'];
  const result = await runToolProcess({
    file: pgDump,
    args: [...formatArgs, '--no-owner', '--file', file, '--dbname', connection.url],
    cwd: where.root,
    env: connection.env,
  });
  if (result.code !== 0) {
    rmSync(file, { force: true });
    throw new StackctlError('E_DATABASE_UNREACHABLE', `pg_dump of ${redactedUrl(target.url)} failed with exit code ${result.code}`, {
      details: result.tail.slice(-10),
      hint: 'check that the server is running and the URL, user and password are right (`stackctl db shell` connects the same way)',
    });
  }
  return { file, bytes: statSync(file).size, database: targetLabel(target), format };
}

/** Copies a live SQLite database page by page (consistent even while other connections write). */
async function backupSqlite(source: string, destination: string): Promise<void> {
  mkdirSync(path.dirname(destination), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(source, { fileMustExist: true });
  } catch (error) {
    throw new StackctlError('E_DATABASE_UNREACHABLE', `cannot open ${source}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await db.backup(destination);
  } catch (error) {
    rmSync(destination, { force: true });
    throw new StackctlError('E_DATABASE_UNREACHABLE', `cannot back up ${source} to ${destination}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check that the backup folder is writable and the disk has room',
    });
  } finally {
    db.close();
  }
}
