// How a database is named in messages and JSON: `sqlite:/abs/app.db` or `postgres://user@host:5432/db` (never a password).
import { existsSync } from 'node:fs';
import { StackctlError } from '../../../errors/index.js';
import { SQLITE_MEMORY } from '../database-target.js';
import type { DatabaseTarget } from '../database-types.js';
import { redactedUrl } from './pg-connection.js';

export function targetLabel(target: DatabaseTarget): string {
  if (target.kind === 'sqlite') return `sqlite:${target.file}`;
  try {
    const url = new URL(target.url);
    url.password = '';
    return url.toString();
  } catch {
    return redactedUrl(target.url);
  }
}

/** Throws E_USAGE for sqlite::memory:, which has no file to back up, restore, reset or open. */
export function assertNotInMemory(target: DatabaseTarget): void {
  if (target.kind !== 'sqlite' || target.file !== SQLITE_MEMORY) return;
  throw new StackctlError('E_USAGE', 'database.url is sqlite::memory:, which lives only inside one process: there is no file to work on', {
    hint: 'point database.url at a file, such as sqlite:./data/app.db',
  });
}

/** Throws E_DATABASE_UNREACHABLE when a SQLite database file is not there yet (PostgreSQL is checked by its tools). */
export function assertSqliteFileExists(target: DatabaseTarget): void {
  assertNotInMemory(target);
  if (target.kind !== 'sqlite' || existsSync(target.file)) return;
  throw new StackctlError('E_DATABASE_UNREACHABLE', `the database file ${target.file} does not exist yet`, {
    hint: 'run `stackctl db migrate` to create it',
  });
}
