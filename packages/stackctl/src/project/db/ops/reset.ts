// `db reset`: back up, drop everything, migrate from scratch, then seed.
import { existsSync, rmSync } from 'node:fs';
import type { ResolvedConfig } from '../../../config/types.js';
import { StackctlError } from '../../../errors/index.js';
import type { DatabaseTarget } from '../database-types.js';
import { migrateDatabase, openDatabase, resolveDatabaseTarget, type MigrationProgress } from '../index.js';
import { backupTarget, type BackupResult } from './backup.js';
import { sqliteSideFiles } from './restore.js';
import { seedDatabase } from './seed.js';
import { assertNotInMemory, targetLabel } from './target-label.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What reset has done so far, reported as it happens (so a later failure still shows where the backup is). */
export type ResetStep =
  | { readonly kind: 'backed-up'; readonly backup: BackupResult }
  | { readonly kind: 'nothing-to-back-up' }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'migrated'; readonly tool: string }
  | { readonly kind: 'seeded'; readonly seed: 'sql' | 'command' };

export interface ResetOptions {
  /** Take a backup first (default true). */
  readonly backup?: boolean;
  /** Run database.seed afterwards (default true). */
  readonly seed?: boolean;
  readonly onStep?: (step: ResetStep) => void;
  readonly onProgress?: (progress: MigrationProgress) => void;
  /** Lines printed by a migration tool or seed command. */
  readonly onOutput?: (line: string) => void;
  readonly now?: Date;
}

export interface ResetResult {
  readonly database: string;
  readonly backup: BackupResult | null;
  readonly tool: string;
  readonly applied: unknown;
  readonly seeded: 'sql' | 'command' | null;
}

export async function resetDatabase(config: ResolvedConfig, env: Env, options: ResetOptions = {}): Promise<ResetResult> {
  const database = config.database;
  if (database === undefined) throw new StackctlError('E_DATABASE_NOT_CONFIGURED', `${config.configPath} has no database: section`);
  const target = resolveDatabaseTarget(config, env);
  assertNotInMemory(target);
  let backup: BackupResult | null = null;
  if (options.backup !== false) {
    if (target.kind === 'sqlite' && !existsSync(target.file)) options.onStep?.({ kind: 'nothing-to-back-up' });
    else {
      backup = await backupTarget(target, { root: config.root, project: config.project, env }, options.now === undefined ? {} : { now: options.now });
      options.onStep?.({ kind: 'backed-up', backup });
    }
  }
  await dropEverything(target);
  options.onStep?.({ kind: 'dropped' });
  const migrated = await migrateDatabase(config, env, {
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
  });
  options.onStep?.({ kind: 'migrated', tool: migrated.tool });
  let seeded: 'sql' | 'command' | null = null;
  if (options.seed !== false) {
    seeded = await seedDatabase(database, target, { env, ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }) });
    if (seeded !== null) options.onStep?.({ kind: 'seeded', seed: seeded });
  }
  return { database: targetLabel(target), backup, tool: migrated.tool, applied: migrated.applied, seeded };
}

/** SQLite: the file and its -wal/-shm/-journal are deleted. PostgreSQL: the `public` schema is dropped and created again. */
export async function dropEverything(target: DatabaseTarget): Promise<void> {
  if (target.kind === 'sqlite') {
    try {
      for (const file of [target.file, ...sqliteSideFiles(target.file)]) rmSync(file, { force: true });
    } catch (error) {
      throw new StackctlError('E_DATABASE_UNREACHABLE', `cannot delete ${target.file}: ${(error as Error).message}`, { cause: error });
    }
    return;
  }
  const driver = await openDatabase(target);
  try {
    await driver.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  } finally {
    await driver.close();
  }
}
